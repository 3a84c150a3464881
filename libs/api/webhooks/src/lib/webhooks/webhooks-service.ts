import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  APP_CONFIG,
  AuditLog,
  Clock,
  decodeCursor,
  pageLimit,
  toPage,
  UnitOfWork,
  updateReturning,
  type AppConfig,
  type PageQuery,
  type RequestContext,
} from '@kap/api/core';
import type { CreatedWebhook, Page, Webhook, WebhookDelivery } from '@kap/shared/contracts';
import {
  calendarDateOf,
  DomainError,
  NotFound,
  ValidationFailed,
  webhookUrlProblem,
} from '@kap/shared/domain';
import { RELEASE_VALID_FOR_EVENT } from '../delivery/webhook-delivery-worker';
import { WebhookAddressGuard } from '../delivery/webhook-address-guard';
import { newWebhookSecret } from '../delivery/webhook-signature';
import {
  DELIVERY_SELECT,
  toAttempt,
  toDelivery,
  toWebhook,
  WEBHOOK_COLUMNS,
  type AttemptRow,
  type DeliveryRow,
  type WebhookRow,
} from './webhook-mapper';
import type { CreateWebhookBody } from './webhook-requests';

/**
 * A medical team's coordinator registers the endpoints of the team's systems, reads the delivery
 * log and sends a delivery again. Everything is scoped to the caller's team: another team's
 * webhook or delivery is answered like one that does not exist.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly work: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly guard: WebhookAddressGuard,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(ctx: RequestContext, query: PageQuery): Promise<Page<Webhook>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['string', 'string']);
    const rows: WebhookRow[] = await this.dataSource.query(
      `SELECT ${WEBHOOK_COLUMNS} FROM webhook
        WHERE organization_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC
        LIMIT $4`,
      [ctx.actor.organizationId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(rows, limit, (r) => [new Date(r.created_at).toISOString(), r.id], toWebhook);
  }

  /**
   * The signing secret is in this answer only (stored, because signing needs it, but never shown
   * again). A replay of the same Idempotency-Key answers the webhook without its secret.
   */
  async create(ctx: RequestContext, body: CreateWebhookBody): Promise<CreatedWebhook | Webhook> {
    const url = body.url.trim();
    // The written rules first, then where the host resolves to now (checked again at every attempt).
    const problem =
      webhookUrlProblem(url, { allowLoopback: this.config.webhookAllowLoopback }) ??
      (await this.guard.registrationProblem(new URL(url)));
    if (problem) throw new ValidationFailed([{ field: 'url', problem }]);
    const secret = newWebhookSecret();
    const shown: { secret: string | null } = { secret: null };
    const created = await this.work.create(ctx, 'POST /api/webhooks', body, null, async (manager) => {
      const [row]: WebhookRow[] = await manager.query(
        `INSERT INTO webhook (organization_id, url, description, secret, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${WEBHOOK_COLUMNS}`,
        [
          ctx.actor.organizationId,
          url,
          body.description?.trim() ?? null,
          secret,
          ctx.actor.id,
          this.clock.now(),
        ],
      );
      await this.audit.record(this.auditEntry(ctx, 'webhook.create', 'webhook', row.id), manager);
      shown.secret = secret;
      return toWebhook(row);
    });
    return shown.secret === null ? created : { ...created, secret: shown.secret };
  }

  /** Stops deliveries for good; what was still waiting is marked failed. Kept for the log. */
  async disable(ctx: RequestContext, id: string): Promise<Webhook> {
    return this.work.run(async (manager) => {
      const current = await this.lockOwn(manager, ctx, id);
      if (current.disabled_at !== null)
        throw new DomainError('conflict', 'This webhook was already disabled.');
      const now = this.clock.now();
      const [row] = await updateReturning<WebhookRow>(
        manager,
        `UPDATE webhook SET disabled_at = $2, disabled_by = $3 WHERE id = $1 RETURNING ${WEBHOOK_COLUMNS}`,
        [id, now, ctx.actor.id],
      );
      await manager.query(
        `UPDATE webhook_delivery SET status = 'failed', next_attempt_at = NULL WHERE webhook_id = $1 AND status = 'pending'`,
        [id],
      );
      await this.audit.record(this.auditEntry(ctx, 'webhook.disable', 'webhook', id), manager);
      return toWebhook(row);
    });
  }

  /** The delivery log, newest first, each delivery with all its attempts. */
  async deliveries(ctx: RequestContext, webhookId: string, query: PageQuery): Promise<Page<WebhookDelivery>> {
    const [own] = await this.dataSource.query(
      `SELECT 1 FROM webhook WHERE id = $1 AND organization_id = $2`,
      [webhookId, ctx.actor.organizationId],
    );
    if (!own) throw new NotFound();
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['string', 'string']);
    const rows: DeliveryRow[] = await this.dataSource.query(
      `${DELIVERY_SELECT}
        WHERE d.webhook_id = $1 AND ($2::timestamptz IS NULL OR (d.created_at, d.id) < ($2::timestamptz, $3::uuid))
        ORDER BY d.created_at DESC, d.id DESC
        LIMIT $4`,
      [webhookId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    const attempts = await this.attemptsOf(
      this.dataSource.manager,
      rows.slice(0, limit).map((r) => r.id),
    );
    // The log names patients (by id) and what kind of event each was: one event for the read.
    await this.audit.record({
      ...this.auditEntry(ctx, 'webhook_delivery.list', 'webhook', webhookId),
      detail: { count: Math.min(rows.length, limit) },
    });
    return toPage(
      rows,
      limit,
      (r) => [new Date(r.created_at).toISOString(), r.id],
      (r) => toDelivery(r, attempts.get(r.id) ?? []),
    );
  }

  /**
   * Sends a delivery again at the next poll, with a fresh round of attempts. Not without a release
   * of information valid today: the delivery is then `cancelled` for good (409).
   */
  async retry(ctx: RequestContext, deliveryId: string): Promise<WebhookDelivery> {
    const retried = await this.work.run(async (manager) => {
      const [current] = await manager.query(
        `SELECT d.status, w.disabled_at, ${RELEASE_VALID_FOR_EVENT} AS released
           FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id JOIN webhook_event e ON e.id = d.event_id
          WHERE d.id = $1 AND w.organization_id = $3 FOR UPDATE OF d`,
        [deliveryId, calendarDateOf(this.clock.now()), ctx.actor.organizationId],
      );
      if (!current) throw new NotFound();
      if (current.status === 'cancelled') return null;
      if (current.disabled_at !== null)
        throw new DomainError(
          'conflict',
          'This webhook is disabled; register the endpoint again to receive events.',
        );
      if (current.status === 'delivered')
        throw new DomainError(
          'conflict',
          'This event was already delivered; the receiver answered with success.',
        );
      if (!current.released) {
        // Committed before the 409, so the log shows why it will never be sent.
        await manager.query(
          `UPDATE webhook_delivery SET status = 'cancelled', next_attempt_at = NULL WHERE id = $1`,
          [deliveryId],
        );
        await this.audit.record(
          {
            ...this.auditEntry(ctx, 'webhook_delivery.cancel', 'webhook_delivery', deliveryId),
            detail: { reason: 'release_of_information_required' },
          },
          manager,
        );
        return null;
      }
      await manager.query(
        `UPDATE webhook_delivery SET status = 'pending', attempts = 0, next_attempt_at = $2 WHERE id = $1`,
        [deliveryId, this.clock.now()],
      );
      await this.audit.record(
        this.auditEntry(ctx, 'webhook_delivery.retry', 'webhook_delivery', deliveryId),
        manager,
      );
      const [row]: DeliveryRow[] = await manager.query(`${DELIVERY_SELECT} WHERE d.id = $1`, [deliveryId]);
      const attempts = await this.attemptsOf(manager, [deliveryId]);
      return toDelivery(row, attempts.get(deliveryId) ?? []);
    });
    if (retried === null) {
      throw new DomainError(
        'release_of_information_required',
        "This delivery was cancelled: the patient's release of information for your team is no longer valid, so it is never sent.",
      );
    }
    return retried;
  }

  private async lockOwn(manager: EntityManager, ctx: RequestContext, id: string): Promise<WebhookRow> {
    const [row]: WebhookRow[] = await manager.query(
      `SELECT ${WEBHOOK_COLUMNS} FROM webhook WHERE id = $1 AND organization_id = $2 FOR UPDATE`,
      [id, ctx.actor.organizationId],
    );
    if (!row) throw new NotFound();
    return row;
  }

  private async attemptsOf(
    manager: EntityManager,
    deliveryIds: string[],
  ): Promise<Map<string, ReturnType<typeof toAttempt>[]>> {
    const byDelivery = new Map<string, ReturnType<typeof toAttempt>[]>();
    if (deliveryIds.length === 0) return byDelivery;
    const rows: AttemptRow[] = await manager.query(
      `SELECT delivery_id, at, status_code, error, duration_ms FROM webhook_delivery_attempt
        WHERE delivery_id = ANY($1::uuid[]) ORDER BY delivery_id, id`,
      [deliveryIds],
    );
    for (const row of rows) {
      const list = byDelivery.get(row.delivery_id) ?? [];
      list.push(toAttempt(row));
      byDelivery.set(row.delivery_id, list);
    }
    return byDelivery;
  }

  private auditEntry(ctx: RequestContext, action: string, entityType: string, entityId: string) {
    return {
      action,
      outcome: 'success' as const,
      actorId: ctx.actor.id,
      actorRole: ctx.actor.role,
      organizationId: ctx.actor.organizationId,
      entityType,
      entityId,
      requestId: ctx.requestId,
      ip: ctx.ip,
    };
  }
}
