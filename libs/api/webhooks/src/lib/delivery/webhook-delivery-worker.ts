import { Inject, Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AuditLog, Clock, PeriodicJob, type AppConfig } from '@kap/api/core';
import { webhookRetryDelaySeconds } from '@kap/shared/domain';
import { webhookSignature } from './webhook-signature';

/** How often the worker looks for due deliveries. */
const POLL_INTERVAL_MS = 5000;
/** A receiver gets this long to answer before the attempt counts as failed. */
export const SEND_TIMEOUT_MS = 5000;
/**
 * A claimed delivery is hidden from other workers this long. If the process dies mid-send the
 * lease runs out and another worker (or this one after a restart) tries again: nothing is lost.
 */
const LEASE_MS = 60_000;
const BATCH = 20;

interface Claimed {
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

  private claim(): Promise<Claimed[]> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const due: { id: string }[] = await manager.query(
        `SELECT d.id FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND w.disabled_at IS NULL
          ORDER BY d.next_attempt_at
          LIMIT $2
          FOR UPDATE OF d SKIP LOCKED`,
        [now, BATCH],
      );
      if (due.length === 0) return [];
      const ids = due.map((d) => d.id);
      await manager.query(`UPDATE webhook_delivery SET attempts = attempts + 1, next_attempt_at = $2 WHERE id = ANY($1::uuid[])`, [
        ids,
        new Date(now.getTime() + LEASE_MS),
      ]);
      return manager.query(
        `SELECT d.id, d.attempts, d.webhook_id, w.url, w.secret, e.id AS event_id, e.type AS event_type, e.patient_id,
                e.organization_id, e.body
           FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id JOIN webhook_event e ON e.id = d.event_id
          WHERE d.id = ANY($1::uuid[])`,
        [ids],
      );
    });
  }

  private async send(delivery: Claimed): Promise<Outcome> {
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const response = await fetch(delivery.url, {
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
      return { statusCode: response.status, error: ok ? null : `answered ${response.status}`, durationMs: elapsed() };
    } catch (error) {
      return { statusCode: null, error: describeFailure(error), durationMs: elapsed() };
    }
  }

  private async record(delivery: Claimed, outcome: Outcome): Promise<void> {
    const delivered = outcome.error === null;
    await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      await manager.query(
        `INSERT INTO webhook_delivery_attempt (delivery_id, at, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5)`,
        [delivery.id, now, outcome.statusCode, outcome.error, outcome.durationMs],
      );
      if (delivered) {
        await manager.query(
          `UPDATE webhook_delivery SET status = 'delivered', delivered_at = $2, next_attempt_at = NULL WHERE id = $1 AND status = 'pending'`,
          [delivery.id, now],
        );
      } else {
        const delay = webhookRetryDelaySeconds(delivery.attempts);
        await manager.query(
          `UPDATE webhook_delivery SET status = $2, next_attempt_at = $3 WHERE id = $1 AND status = 'pending'`,
          [delivery.id, delay === null ? 'failed' : 'pending', delay === null ? null : new Date(now.getTime() + delay * 1000)],
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
          detail: { webhookId: delivery.webhook_id, eventId: delivery.event_id, eventType: delivery.event_type, statusCode: outcome.statusCode },
        },
        manager,
      );
    });
  }
}

/** Why nothing usable came back, in words for the delivery log (never the receiver's text). */
function describeFailure(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${SEND_TIMEOUT_MS / 1000} s`;
  }
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection closed by the receiver';
  if (typeof code === 'string' && /CERT|TLS|SSL/.test(code)) return `TLS certificate problem (${code})`;
  return typeof code === 'string' ? `network error (${code})` : 'network error';
}
