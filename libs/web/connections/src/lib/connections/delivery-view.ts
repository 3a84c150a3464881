import type { WebhookDelivery, WebhookDeliveryAttempt, WebhookEventType } from '@kap/shared/contracts';
import { clinicCalendar } from '@kap/web/core/calendar';

const EVENT_LABELS: Record<WebhookEventType, string> = {
  'status_update.created': 'Care-team update',
  'alert.raised': 'Alert',
  'alert.escalated': 'Alert escalated',
  'medical_status.recorded': 'Medical status',
};

const STATUS_LABELS: Record<WebhookDelivery['status'], string> = {
  pending: 'Waiting to send',
  delivered: 'Delivered',
  failed: 'Failed',
  cancelled: 'Cancelled: the release of information ended',
};

/** One line of the delivery log, in words for the coordinator. */
export interface DeliveryRow {
  id: string;
  event: string;
  eventId: string;
  status: WebhookDelivery['status'];
  statusLabel: string;
  /** The last attempt: "HTTP 500", "connection refused", … or "Not tried yet". */
  lastAttempt: string;
  attemptCount: number;
  /** When it was created, or delivered, or will be tried next (ISO, local text). */
  datetime: string;
  when: string;
  next: string | null;
  canRetry: boolean;
}

export function describeAttempt(attempt: WebhookDeliveryAttempt | undefined): string {
  if (!attempt) return 'Not tried yet';
  if (attempt.error === null) return `HTTP ${attempt.statusCode} (${attempt.durationMs} ms)`;
  return attempt.statusCode === null ? attempt.error : `HTTP ${attempt.statusCode}`;
}

export function deliveryRow(delivery: WebhookDelivery, format: (iso: string) => string): DeliveryRow {
  const last = delivery.attempts[delivery.attempts.length - 1];
  return {
    id: delivery.id,
    event: EVENT_LABELS[delivery.eventType] ?? delivery.eventType,
    eventId: delivery.eventId,
    status: delivery.status,
    statusLabel: STATUS_LABELS[delivery.status],
    lastAttempt: describeAttempt(last),
    attemptCount: delivery.attempts.length,
    datetime: delivery.createdAt,
    when: format(delivery.createdAt),
    next: delivery.status === 'pending' && delivery.nextAttemptAt ? format(delivery.nextAttemptAt) : null,
    // A delivered event is not sent twice by hand; a waiting one may be pushed to the front; a
    // cancelled one is never sent (its release of information ended).
    canRetry: delivery.status !== 'delivered' && delivery.status !== 'cancelled',
  };
}

/** An instant in the clinic calendar's style: the organization's zone, the browser's language. */
export function localDateTime(iso: string): string {
  return clinicCalendar.dateTime(iso);
}
