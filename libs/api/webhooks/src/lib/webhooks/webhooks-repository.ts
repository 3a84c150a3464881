import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning, type Queryable } from '@kap/api/platform';
import type { WebhookDeliveryStatus } from '@kap/shared/contracts';
import { RELEASE_VALID_FOR_EVENT } from '../delivery/webhook-delivery-repository';
import {
  DELIVERY_SELECT,
  WEBHOOK_COLUMNS,
  type AttemptRow,
  type DeliveryRow,
  type WebhookRow,
} from './webhook-mapper';

export interface NewWebhook {
  organizationId: string;
  url: string;
  description: string | null;
  secret: string;
  createdBy: string;
  createdAt: Date;
}

/** A delivery as a retry judges it: whether it may go again, and under a release valid today. */
export interface RetriedDeliveryRow {
  status: WebhookDeliveryStatus;
  disabled_at: Date | null;
  released: boolean;
}

/**
 * The SQL of webhook registration and the delivery log. A webhook or delivery is looked up with
 * the caller's team (the log and its attempts after `isOwn`), so another team's is never found.
 * Reads outside a transaction go through the DataSource; the rest run in the caller's transaction.
 */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A page, newest first, after the cursor (created_at, id) when there is one: one row more than `limit`. */
  listOwn(organizationId: string, after: (string | number)[] | null, limit: number): Promise<WebhookRow[]> {
    return this.dataSource.query<WebhookRow[]>(
      `SELECT ${WEBHOOK_COLUMNS} FROM webhook
        WHERE organization_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC
        LIMIT $4`,
      [organizationId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
  }

  async insert(db: Queryable, webhook: NewWebhook): Promise<WebhookRow> {
    const [row] = await db.query<WebhookRow[]>(
      `INSERT INTO webhook (organization_id, url, description, secret, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${WEBHOOK_COLUMNS}`,
      [
        webhook.organizationId,
        webhook.url,
        webhook.description,
        webhook.secret,
        webhook.createdBy,
        webhook.createdAt,
      ],
    );
    return row;
  }

  /** The team's webhook, locked until commit; undefined when it is not the team's. */
  async lockOwn(db: Queryable, id: string, organizationId: string): Promise<WebhookRow | undefined> {
    const [row] = await db.query<WebhookRow[]>(
      `SELECT ${WEBHOOK_COLUMNS} FROM webhook WHERE id = $1 AND organization_id = $2 FOR UPDATE`,
      [id, organizationId],
    );
    return row;
  }

  async disable(manager: EntityManager, id: string, at: Date, by: string): Promise<WebhookRow> {
    const [row] = await updateReturning<WebhookRow>(
      manager,
      `UPDATE webhook SET disabled_at = $2, disabled_by = $3 WHERE id = $1 RETURNING ${WEBHOOK_COLUMNS}`,
      [id, at, by],
    );
    return row;
  }

  /** What was still waiting for a disabled webhook will never be sent. */
  async failPending(db: Queryable, webhookId: string): Promise<void> {
    await db.query(
      `UPDATE webhook_delivery SET status = 'failed', next_attempt_at = NULL WHERE webhook_id = $1 AND status = 'pending'`,
      [webhookId],
    );
  }

  async isOwn(webhookId: string, organizationId: string): Promise<boolean> {
    const [own] = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM webhook WHERE id = $1 AND organization_id = $2`,
      [webhookId, organizationId],
    );
    return own !== undefined;
  }

  /** A page of one webhook's delivery log, newest first, after the cursor (created_at, id): one row more than `limit`. */
  deliveries(webhookId: string, after: (string | number)[] | null, limit: number): Promise<DeliveryRow[]> {
    return this.dataSource.query<DeliveryRow[]>(
      `${DELIVERY_SELECT}
        WHERE d.webhook_id = $1 AND ($2::timestamptz IS NULL OR (d.created_at, d.id) < ($2::timestamptz, $3::uuid))
        ORDER BY d.created_at DESC, d.id DESC
        LIMIT $4`,
      [webhookId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
  }

  async delivery(db: Queryable, deliveryId: string): Promise<DeliveryRow> {
    const [row] = await db.query<DeliveryRow[]>(`${DELIVERY_SELECT} WHERE d.id = $1`, [deliveryId]);
    return row;
  }

  /** Every attempt of these deliveries, in the order they were made. */
  attempts(db: Queryable, deliveryIds: string[]): Promise<AttemptRow[]> {
    return db.query<AttemptRow[]>(
      `SELECT delivery_id, at, status_code, error, duration_ms FROM webhook_delivery_attempt
        WHERE delivery_id = ANY($1::uuid[]) ORDER BY delivery_id, id`,
      [deliveryIds],
    );
  }

  /** The team's delivery, locked until commit, judged for a retry on `day` (a calendar date). */
  async lockForRetry(
    db: Queryable,
    deliveryId: string,
    day: string,
    organizationId: string,
  ): Promise<RetriedDeliveryRow | undefined> {
    const [row] = await db.query<RetriedDeliveryRow[]>(
      `SELECT d.status, w.disabled_at, ${RELEASE_VALID_FOR_EVENT} AS released
           FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id JOIN webhook_event e ON e.id = d.event_id
          WHERE d.id = $1 AND w.organization_id = $3 FOR UPDATE OF d`,
      [deliveryId, day, organizationId],
    );
    return row;
  }

  async cancel(db: Queryable, deliveryId: string): Promise<void> {
    await db.query(`UPDATE webhook_delivery SET status = 'cancelled', next_attempt_at = NULL WHERE id = $1`, [
      deliveryId,
    ]);
  }

  /** A fresh round of attempts, the first at `at`. */
  async resend(db: Queryable, deliveryId: string, at: Date): Promise<void> {
    await db.query(
      `UPDATE webhook_delivery SET status = 'pending', attempts = 0, next_attempt_at = $2 WHERE id = $1`,
      [deliveryId, at],
    );
  }
}
