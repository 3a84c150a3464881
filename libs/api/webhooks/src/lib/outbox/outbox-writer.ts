import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '@kap/api/platform';
import type { WebhookEvent, WebhookEventType } from '@kap/shared/contracts';
import { calendarDateOf } from '@kap/shared/domain';
import { OutboxRepository } from './outbox-repository';

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
  constructor(
    private readonly clock: Clock,
    private readonly outbox: OutboxRepository,
  ) {}

  async enqueue(manager: EntityManager, event: OutboxEvent): Promise<void> {
    const now = this.clock.now();
    const webhooks = await this.outbox.subscribedWebhooks(manager, event.patientId, calendarDateOf(now));
    if (webhooks.length === 0) return;
    const payload: WebhookEvent = {
      id: randomUUID(),
      type: event.type,
      occurredAt: now.toISOString(),
      patientId: event.patientId,
      data: event.data,
    };
    // The body is stored as the exact bytes to send: the signature covers them, on every attempt.
    await this.outbox.insertEvent(manager, {
      id: payload.id,
      type: payload.type,
      organizationId: webhooks[0].organization_id,
      patientId: payload.patientId,
      occurredAt: now,
      body: JSON.stringify(payload),
    });
    await this.outbox.insertDeliveries(
      manager,
      webhooks.map((w) => w.id),
      payload.id,
      now,
    );
  }
}
