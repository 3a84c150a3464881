/**
 * A medical team's own system: API keys it authenticates with, and signed webhooks it receives.
 * Contract: docs/api.md "Conventions" (machine clients) and docs/decisions/0008-machine-access-webhooks.md.
 */

/** An API key as listed: the key itself is shown once, at creation, and never stored. */
export interface ApiKey {
  id: string;
  name: string;
  /** The key's first characters (`kapk_` + 4), to tell keys apart in the list. */
  prefix: string;
  createdAt: string;
  createdBy: { id: string; displayName: string };
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The answer to creating a key: the only time `key` is ever shown. */
export interface CreatedApiKey extends ApiKey {
  key: string;
}

export interface CreateApiKeyRequest {
  name: string;
}

export interface Webhook {
  id: string;
  url: string;
  description: string | null;
  createdAt: string;
  disabledAt: string | null;
}

/** The answer to registering a webhook: the only time the signing `secret` is shown. */
export interface CreatedWebhook extends Webhook {
  secret: string;
}

export interface CreateWebhookRequest {
  url: string;
  description?: string;
}

export const WEBHOOK_EVENT_TYPES = [
  'status_update.created',
  'alert.raised',
  'alert.escalated',
  'medical_status.recorded',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * The JSON body of one delivery. Signed with the webhook's secret: header
 * `KAP-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
 */
export interface WebhookEvent<T = Record<string, unknown>> {
  id: string;
  type: WebhookEventType;
  occurredAt: string;
  patientId: string;
  data: T;
}

/** `cancelled`: the release of information ended before it was sent; it never will be (retry → 409). */
export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

/** One try at sending an event: what the receiver answered, or why nothing came back. */
export interface WebhookDeliveryAttempt {
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: WebhookEventType;
  patientId: string;
  status: WebhookDeliveryStatus;
  createdAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  /** Every attempt so far, oldest first (including rounds before a manual retry). */
  attempts: WebhookDeliveryAttempt[];
}
