import type {
  CreatedWebhook,
  Page,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryAttempt,
  WebhookDeliveryStatus,
  WebhookEventType,
} from '@kap/shared/contracts';

// The OpenAPI shapes of the answers (decision 0008); `implements` keeps them in step with the
// contract the web reads.

export class WebhookResponse implements Webhook {
  id!: string;
  url!: string;
  description!: string | null;
  createdAt!: string;
  disabledAt!: string | null;
}

/** The answer to registering a webhook: the only time the signing `secret` is shown. */
export class CreatedWebhookResponse extends WebhookResponse implements CreatedWebhook {
  secret!: string;
}

export class WebhookPage implements Page<Webhook> {
  items!: WebhookResponse[];
  nextCursor!: string | null;
}

/** One try at sending an event: what the receiver answered, or why nothing came back. */
export class WebhookDeliveryAttemptResponse implements WebhookDeliveryAttempt {
  at!: string;
  statusCode!: number | null;
  error!: string | null;
  durationMs!: number;
}

export class WebhookDeliveryResponse implements WebhookDelivery {
  id!: string;
  webhookId!: string;
  eventId!: string;
  eventType!: WebhookEventType;
  patientId!: string;
  status!: WebhookDeliveryStatus;
  createdAt!: string;
  nextAttemptAt!: string | null;
  deliveredAt!: string | null;
  /** Every attempt so far, oldest first (including rounds before a manual retry). */
  attempts!: WebhookDeliveryAttemptResponse[];
}

export class WebhookDeliveryPage implements Page<WebhookDelivery> {
  items!: WebhookDeliveryResponse[];
  nextCursor!: string | null;
}
