import { Inject, Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { DataSource, type EntityManager } from 'typeorm';
import { fetch } from 'undici';
import { APP_CONFIG, Clock, PeriodicJob, type AppConfig } from '@kap/api/platform';
import { AuditLog } from '@kap/api/audit';
import { calendarDateOf, webhookRetryDelaySeconds } from '@kap/shared/domain';
import { WebhookAddressGuard } from './webhook-address-guard';
import { WebhookDeliveryRepository, type ClaimedDeliveryRow } from './webhook-delivery-repository';
import { webhookSignature } from './webhook-signature';

/** How often the worker looks for due deliveries. */
const POLL_INTERVAL_MS = 5000;
/**
 * The one outcome of an attempt that got no HTTP answer. Refused, reset, unknown host, TLS failure
 * and an address that is not allowed all read the same: the log must not tell a coordinator what
 * is behind an address (an open port, a database, nothing), or it becomes a scanner of our network.
 */
export const CONNECTION_FAILED = 'connection refused or address not allowed';
/** A receiver gets this long to answer before the attempt counts as failed. */
export const SEND_TIMEOUT_MS = 5000;
/**
 * A claimed delivery is hidden from other workers this long. If the process dies mid-send the
 * lease runs out and another worker (or this one after a restart) tries again: nothing is lost.
 */
const LEASE_MS = 60_000;
const BATCH = 20;

interface Outcome {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * Sends due webhook deliveries. Safe with several API instances: each claims rows with
 * `FOR UPDATE SKIP LOCKED` and a short lease in its own transaction, then sends without holding a
 * database connection (the embedded database has only one).
 */
@Injectable()
export class WebhookDeliveryWorker extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly guard: WebhookAddressGuard,
    private readonly deliveries: WebhookDeliveryRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super('webhook delivery', POLL_INTERVAL_MS, config.webhookWorker);
  }

  protected runDue(): Promise<number> {
    return this.deliverDue();
  }

  /** Sends everything due now (batch after batch); answers how many attempts were made. */
  async deliverDue(): Promise<number> {
    let made = 0;
    for (;;) {
      const claimed = await this.claim();
      await Promise.all(claimed.map(async (delivery) => this.record(delivery, await this.send(delivery))));
      made += claimed.length;
      if (claimed.length < BATCH) return made;
    }
  }

  private claim(): Promise<ClaimedDeliveryRow[]> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const due = await this.deliveries.due(manager, now, BATCH);
      if (due.length === 0) return [];
      const ids = await this.cancelWithoutRelease(
        manager,
        due.map((d) => d.id),
        now,
      );
      if (ids.length === 0) return [];
      await this.deliveries.lease(manager, ids, new Date(now.getTime() + LEASE_MS));
      return this.deliveries.claimed(manager, ids);
    });
  }

  /**
   * Re-checks the release of information for each due delivery: an event queued under a release
   * that has since been revoked, replaced or has expired, or for an archived patient, is never sent.
   * Those deliveries become `cancelled` (for good: a manual retry answers 409). Answers the ids that
   * may still be sent.
   */
  private async cancelWithoutRelease(manager: EntityManager, ids: string[], now: Date): Promise<string[]> {
    const cancelled = await this.deliveries.cancelWithoutRelease(manager, ids, calendarDateOf(now));
    for (const row of cancelled) {
      await this.audit.record(
        {
          action: 'webhook_delivery.cancel',
          outcome: 'success',
          organizationId: row.organization_id,
          entityType: 'webhook_delivery',
          entityId: row.id,
          patientId: row.patient_id,
          detail: {
            webhookId: row.webhook_id,
            eventId: row.event_id,
            reason: 'release_of_information_required',
          },
        },
        manager,
      );
    }
    const gone = new Set(cancelled.map((c) => c.id));
    return ids.filter((id) => !gone.has(id));
  }

  private async send(delivery: ClaimedDeliveryRow): Promise<Outcome> {
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    // A literal address is connected to without a lookup, so it is judged here.
    if (!this.guard.literalAllowed(new URL(delivery.url)))
      return { statusCode: null, error: CONNECTION_FAILED, durationMs: elapsed() };
    try {
      const response = await fetch(delivery.url, {
        // Every connection resolves the host through the guard and goes to the address it checked.
        dispatcher: this.guard.dispatcher,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'KAP-Care-Webhooks/1',
          'kap-event-id': delivery.event_id,
          'kap-delivery-id': delivery.id,
          'kap-timestamp': String(timestamp),
          'kap-signature': webhookSignature(delivery.secret, timestamp, delivery.body),
        },
        body: delivery.body,
        // A redirect is not followed: it could point anywhere, including inside our network.
        redirect: 'manual',
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      // The receiver's body is not read or kept (it may echo data); only the status counts.
      await response.body?.cancel().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      return {
        statusCode: response.status,
        error: ok ? null : `answered ${response.status}`,
        durationMs: elapsed(),
      };
    } catch (error) {
      return { statusCode: null, error: describeFailure(error), durationMs: elapsed() };
    }
  }

  private async record(delivery: ClaimedDeliveryRow, outcome: Outcome): Promise<void> {
    const delivered = outcome.error === null;
    await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      await this.deliveries.insertAttempt(manager, delivery.id, { at: now, ...outcome });
      if (delivered) {
        await this.deliveries.markDelivered(manager, delivery.id, now);
      } else {
        const delay = webhookRetryDelaySeconds(delivery.attempts);
        await this.deliveries.markUndelivered(
          manager,
          delivery.id,
          delay === null ? 'failed' : 'pending',
          delay === null ? null : new Date(now.getTime() + delay * 1000),
        );
      }
      // Patient data left KAP Care on this attempt, whatever the receiver answered: one event each.
      await this.audit.record(
        {
          action: 'webhook_event.send',
          outcome: delivered ? 'success' : 'failure',
          organizationId: delivery.organization_id,
          entityType: 'webhook_delivery',
          entityId: delivery.id,
          patientId: delivery.patient_id,
          detail: {
            webhookId: delivery.webhook_id,
            eventId: delivery.event_id,
            eventType: delivery.event_type,
            statusCode: outcome.statusCode,
          },
        },
        manager,
      );
    });
  }
}

/**
 * Why nothing usable came back, in words for the delivery log (never the receiver's text). Only a
 * receiver that accepted the connection and then kept silent is told apart; every other failure is
 * CONNECTION_FAILED (see there).
 */
function describeFailure(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${SEND_TIMEOUT_MS / 1000} s`;
  }
  return CONNECTION_FAILED;
}
