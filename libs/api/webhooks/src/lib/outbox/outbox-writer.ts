import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '@kap/api/core';
import type { WebhookEvent, WebhookEventType } from '@kap/shared/contracts';
import { calendarDateOf } from '@kap/shared/domain';

/** What changed, in shareable terms only: ids, codes, and text the team may read anyway. */
export interface OutboxEvent {
  type: WebhookEventType;
  patientId: string;
  data: Record<string, unknown>;
}

/**
 * The transactional outbox. Called by the writer of a change with the change's own transaction:
 * the event and one delivery per subscribed endpoint commit together with the change, or not at
 * all, so an event can be neither lost (crash after commit) nor sent for a change that rolled back.
 * Only the patient's current medical team hears of it, and only under a release valid today.
 */
@Injectable()
export class OutboxWriter {
  constructor(private readonly clock: Clock) {}

  async enqueue(manager: EntityManager, event: OutboxEvent): Promise<void> {
    const now = this.clock.now();
    const webhooks: { id: string; organization_id: string }[] = await manager.query(
      `SELECT w.id, w.organization_id
         FROM care_team_link link
         JOIN patient p ON p.id = link.patient_id AND p.archived_at IS NULL
         JOIN webhook w ON w.organization_id = link.medical_team_id AND w.disabled_at IS NULL
        WHERE link.patient_id = $1 AND link.replaced_at IS NULL
          AND link.release_signed_on <= $2::date AND link.release_expires_on >= $2::date`,
      [event.patientId, calendarDateOf(now)],
    );
    if (webhooks.length === 0) return;
    const payload: WebhookEvent = {
      id: randomUUID(),
      type: event.type,
      occurredAt: now.toISOString(),
      patientId: event.patientId,
      data: event.data,
    };
    // The body is stored as the exact bytes to send: the signature covers them, on every attempt.
    await manager.query(
      `INSERT INTO webhook_event (id, type, organization_id, patient_id, occurred_at, body) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        payload.id,
        payload.type,
        webhooks[0].organization_id,
        payload.patientId,
        now,
        JSON.stringify(payload),
      ],
    );
    await manager.query(
      `INSERT INTO webhook_delivery (webhook_id, event_id, status, next_attempt_at, created_at)
       SELECT webhook_id, $2, 'pending', $3, $3 FROM unnest($1::uuid[]) AS webhook_id`,
      [webhooks.map((w) => w.id), payload.id, now],
    );
  }
}
