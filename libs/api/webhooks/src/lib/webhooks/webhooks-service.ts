import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  APP_CONFIG,
  Clock,
  decodeCursor,
  pageLimit,
  toPage,
  UnitOfWork,
  type AppConfig,
  type PageQuery,
  type Queryable,
  type RequestContext,
} from '@kap/api/platform';
import { AuditLog } from '@kap/api/audit';
import type { CreatedWebhook, Page, Webhook, WebhookDelivery } from '@kap/shared/contracts';
import {
  calendarDateOf,
  DomainError,
  NotFound,
  ValidationFailed,
  webhookUrlProblem,
} from '@kap/shared/domain';
import { WebhookAddressGuard } from '../delivery/webhook-address-guard';
import { newWebhookSecret } from '../delivery/webhook-signature';
import { toAttempt, toDelivery, toWebhook, type WebhookRow } from './webhook-mapper';
import type { CreateWebhookBody } from './webhook-requests';
import { WebhooksRepository } from './webhooks-repository';

/**
 * A medical team's coordinator registers the endpoints of the team's systems, reads the delivery
 * log and sends a delivery again. Everything is scoped to the caller's team: another team's
 * webhook or delivery is answered like one that does not exist.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly webhooks: WebhooksRepository,
    private readonly work: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly guard: WebhookAddressGuard,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(ctx: RequestContext, query: PageQuery): Promise<Page<Webhook>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['string', 'string']);
    const rows = await this.webhooks.listOwn(ctx.actor.organizationId, after, limit);
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
      const row = await this.webhooks.insert(manager, {
        organizationId: ctx.actor.organizationId,
        url,
        description: body.description?.trim() ?? null,
        secret,
        createdBy: ctx.actor.id,
        createdAt: this.clock.now(),
      });
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
      const row = await this.webhooks.disable(manager, id, now, ctx.actor.id);
      await this.webhooks.failPending(manager, id);
      await this.audit.record(this.auditEntry(ctx, 'webhook.disable', 'webhook', id), manager);
      return toWebhook(row);
    });
  }

  /** The delivery log, newest first, each delivery with all its attempts. */
  async deliveries(ctx: RequestContext, webhookId: string, query: PageQuery): Promise<Page<WebhookDelivery>> {
    if (!(await this.webhooks.isOwn(webhookId, ctx.actor.organizationId))) throw new NotFound();
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['string', 'string']);
    const rows = await this.webhooks.deliveries(webhookId, after, limit);
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
      const current = await this.webhooks.lockForRetry(
        manager,
        deliveryId,
        calendarDateOf(this.clock.now()),
        ctx.actor.organizationId,
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
        await this.webhooks.cancel(manager, deliveryId);
        await this.audit.record(
          {
            ...this.auditEntry(ctx, 'webhook_delivery.cancel', 'webhook_delivery', deliveryId),
            detail: { reason: 'release_of_information_required' },
          },
          manager,
        );
        return null;
      }
      await this.webhooks.resend(manager, deliveryId, this.clock.now());
      await this.audit.record(
        this.auditEntry(ctx, 'webhook_delivery.retry', 'webhook_delivery', deliveryId),
        manager,
      );
      const row = await this.webhooks.delivery(manager, deliveryId);
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
    const row = await this.webhooks.lockOwn(manager, id, ctx.actor.organizationId);
    if (!row) throw new NotFound();
    return row;
  }

  private async attemptsOf(
    db: Queryable,
    deliveryIds: string[],
  ): Promise<Map<string, ReturnType<typeof toAttempt>[]>> {
    const byDelivery = new Map<string, ReturnType<typeof toAttempt>[]>();
    if (deliveryIds.length === 0) return byDelivery;
    const rows = await this.webhooks.attempts(db, deliveryIds);
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
