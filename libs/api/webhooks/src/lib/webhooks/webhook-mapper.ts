import type {
  Webhook,
  WebhookDelivery,
  WebhookDeliveryAttempt,
  WebhookDeliveryStatus,
  WebhookEventType,
} from '@kap/shared/contracts';

export interface WebhookRow {
  id: string;
  url: string;
  description: string | null;
  created_at: Date;
  disabled_at: Date | null;
}

export const WEBHOOK_COLUMNS = 'id, url, description, created_at, disabled_at';

export function toWebhook(row: WebhookRow): Webhook {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    createdAt: new Date(row.created_at).toISOString(),
    disabledAt: row.disabled_at ? new Date(row.disabled_at).toISOString() : null,
  };
}

export interface DeliveryRow {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: WebhookEventType;
  patient_id: string;
  status: WebhookDeliveryStatus;
  created_at: Date;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
}

export const DELIVERY_SELECT = `
  SELECT d.id, d.webhook_id, d.event_id, e.type AS event_type, e.patient_id, d.status, d.created_at, d.next_attempt_at, d.delivered_at
    FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id`;

export interface AttemptRow {
  delivery_id: string;
  at: Date;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export function toAttempt(row: AttemptRow): WebhookDeliveryAttempt {
  return {
    at: new Date(row.at).toISOString(),
    statusCode: row.status_code,
    error: row.error,
    durationMs: row.duration_ms,
  };
}

export function toDelivery(row: DeliveryRow, attempts: WebhookDeliveryAttempt[]): WebhookDelivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventType: row.event_type,
    patientId: row.patient_id,
    status: row.status,
    createdAt: new Date(row.created_at).toISOString(),
    // A pending delivery's next time; while an attempt is in flight this is its lease's end.
    nextAttemptAt:
      row.status === 'pending' && row.next_attempt_at ? new Date(row.next_attempt_at).toISOString() : null,
    deliveredAt: row.delivered_at ? new Date(row.delivered_at).toISOString() : null,
    attempts,
  };
}
