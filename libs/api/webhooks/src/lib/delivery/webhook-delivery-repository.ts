import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { updateReturning, type Queryable } from '@kap/api/platform';
import type { WebhookDeliveryStatus } from '@kap/shared/contracts';

/**
 * The event's patient is shared today with the event's team: the link is current, its release is
 * valid on $2 (a date) and the patient is not archived. The same rule as the outbox's (OutboxWriter).
 */
export const RELEASE_VALID_FOR_EVENT = `EXISTS (
  SELECT 1 FROM care_team_link link JOIN patient p ON p.id = link.patient_id AND p.archived_at IS NULL
   WHERE link.patient_id = e.patient_id AND link.medical_team_id = e.organization_id AND link.replaced_at IS NULL
     AND link.release_signed_on <= $2::date AND link.release_expires_on >= $2::date)`;

/** A delivery a worker has claimed, with what sending it needs. */
export interface ClaimedDeliveryRow {
  id: string;
  attempts: number;
  webhook_id: string;
  url: string;
  secret: string;
  event_id: string;
  event_type: string;
  patient_id: string;
  organization_id: string;
  body: string;
}

/** A delivery cancelled because its release no longer holds. */
export interface CancelledDeliveryRow {
  id: string;
  patient_id: string;
  organization_id: string;
  webhook_id: string;
  event_id: string;
}

export interface AttemptRecord {
  at: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** The delivery worker's SQL, each statement in the worker's own transaction. */
@Injectable()
export class WebhookDeliveryRepository {
  /** Due deliveries of enabled webhooks, oldest due first, locked (skipping those another worker holds). */
  due(db: Queryable, now: Date, batch: number): Promise<{ id: string }[]> {
    return db.query<{ id: string }[]>(
      `SELECT d.id FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND w.disabled_at IS NULL
          ORDER BY d.next_attempt_at
          LIMIT $2
          FOR UPDATE OF d SKIP LOCKED`,
      [now, batch],
    );
  }

  /** Cancels those of `ids` whose release is not valid on `day` (a calendar date); answers them. */
  cancelWithoutRelease(manager: EntityManager, ids: string[], day: string): Promise<CancelledDeliveryRow[]> {
    return updateReturning<CancelledDeliveryRow>(
      manager,
      `UPDATE webhook_delivery d SET status = 'cancelled', next_attempt_at = NULL
         FROM webhook_event e
        WHERE d.id = ANY($1::uuid[]) AND e.id = d.event_id AND NOT (${RELEASE_VALID_FOR_EVENT})
        RETURNING d.id, d.webhook_id, d.event_id, e.patient_id, e.organization_id`,
      [ids, day],
    );
  }

  /** Counts the attempt and hides the deliveries from other workers until `leaseEnds`. */
  async lease(db: Queryable, ids: string[], leaseEnds: Date): Promise<void> {
    await db.query(
      `UPDATE webhook_delivery SET attempts = attempts + 1, next_attempt_at = $2 WHERE id = ANY($1::uuid[])`,
      [ids, leaseEnds],
    );
  }

  claimed(db: Queryable, ids: string[]): Promise<ClaimedDeliveryRow[]> {
    return db.query<ClaimedDeliveryRow[]>(
      `SELECT d.id, d.attempts, d.webhook_id, w.url, w.secret, e.id AS event_id, e.type AS event_type, e.patient_id,
                e.organization_id, e.body
           FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id JOIN webhook_event e ON e.id = d.event_id
          WHERE d.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  async insertAttempt(db: Queryable, deliveryId: string, attempt: AttemptRecord): Promise<void> {
    await db.query(
      `INSERT INTO webhook_delivery_attempt (delivery_id, at, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5)`,
      [deliveryId, attempt.at, attempt.statusCode, attempt.error, attempt.durationMs],
    );
  }

  /** Only a delivery still pending changes: a retry or a disable in between wins. */
  async markDelivered(db: Queryable, deliveryId: string, at: Date): Promise<void> {
    await db.query(
      `UPDATE webhook_delivery SET status = 'delivered', delivered_at = $2, next_attempt_at = NULL WHERE id = $1 AND status = 'pending'`,
      [deliveryId, at],
    );
  }

  /** After a failed attempt: pending again at `nextAttemptAt`, or failed for good. */
  async markUndelivered(
    db: Queryable,
    deliveryId: string,
    status: Extract<WebhookDeliveryStatus, 'pending' | 'failed'>,
    nextAttemptAt: Date | null,
  ): Promise<void> {
    await db.query(
      `UPDATE webhook_delivery SET status = $2, next_attempt_at = $3 WHERE id = $1 AND status = 'pending'`,
      [deliveryId, status, nextAttemptAt],
    );
  }
}
