import { Injectable } from '@nestjs/common';
import type { Queryable } from '@kap/api/platform';
import type { WebhookEventType } from '@kap/shared/contracts';

/** An endpoint of the patient's current medical team, under a release valid on the day asked. */
export interface SubscribedWebhookRow {
  id: string;
  organization_id: string;
}

export interface StoredWebhookEvent {
  id: string;
  type: WebhookEventType;
  organizationId: string;
  patientId: string;
  occurredAt: Date;
  /** The exact bytes to send. */
  body: string;
}

/** The outbox's SQL, always run in the transaction of the change the event is about. */
@Injectable()
export class OutboxRepository {
  /** `day` is a calendar date: the release must be valid on it. */
  subscribedWebhooks(db: Queryable, patientId: string, day: string): Promise<SubscribedWebhookRow[]> {
    return db.query<SubscribedWebhookRow[]>(
      `SELECT w.id, w.organization_id
         FROM care_team_link link
         JOIN patient p ON p.id = link.patient_id AND p.archived_at IS NULL
         JOIN webhook w ON w.organization_id = link.medical_team_id AND w.disabled_at IS NULL
        WHERE link.patient_id = $1 AND link.replaced_at IS NULL
          AND link.release_signed_on <= $2::date AND link.release_expires_on >= $2::date`,
      [patientId, day],
    );
  }

  async insertEvent(db: Queryable, event: StoredWebhookEvent): Promise<void> {
    await db.query(
      `INSERT INTO webhook_event (id, type, organization_id, patient_id, occurred_at, body) VALUES ($1, $2, $3, $4, $5, $6)`,
      [event.id, event.type, event.organizationId, event.patientId, event.occurredAt, event.body],
    );
  }

  /** One pending delivery per endpoint, due at once. */
  async insertDeliveries(db: Queryable, webhookIds: string[], eventId: string, now: Date): Promise<void> {
    await db.query(
      `INSERT INTO webhook_delivery (webhook_id, event_id, status, next_attempt_at, created_at)
       SELECT webhook_id, $2, 'pending', $3, $3 FROM unnest($1::uuid[]) AS webhook_id`,
      [webhookIds, eventId, now],
    );
  }
}
