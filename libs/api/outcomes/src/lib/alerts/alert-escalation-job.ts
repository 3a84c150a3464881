import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, Clock, PeriodicJob, type AppConfig } from '@kap/api/platform';
import { OutboxWriter } from '@kap/api/webhooks';
import { calendarDateOf } from '@kap/shared/domain';
import { AlertsRepository } from './alerts-repository';

/** How often the job looks for alerts that have escalated since. */
const POLL_INTERVAL_MS = 60_000;
const BATCH = 50;

/**
 * Emits `alert.escalated` once per alert: marks each newly escalated urgent alert (`escalated_at`)
 * and writes the outbox event in one transaction. Safe on several API instances: rows are claimed
 * with `FOR UPDATE SKIP LOCKED` and a marked alert is never picked again. Runs where the webhook
 * worker runs (WEBHOOK_WORKER); tests call `escalateDue()` themselves. Whether an alert *is*
 * escalated (list, dashboard) never waits for this job: it is judged on every read.
 */
@Injectable()
export class AlertEscalationJob extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: AlertsRepository,
    private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super('alert escalation', POLL_INTERVAL_MS, config.webhookWorker);
  }

  protected runDue(): Promise<number> {
    return this.escalateDue();
  }

  /** Marks every alert escalated by now and enqueues its event; answers how many. */
  async escalateDue(): Promise<number> {
    let marked = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const now = this.clock.now();
        const due = await this.alerts.claimEscalated(manager, calendarDateOf(now), now, BATCH);
        if (due.length === 0) return 0;
        await this.alerts.markEscalated(
          manager,
          due.map((a) => a.id),
          now,
        );
        for (const alert of due) {
          await this.outbox.enqueue(manager, {
            type: 'alert.escalated',
            patientId: alert.patient_id,
            data: {
              alertId: alert.id,
              kind: alert.kind,
              severity: alert.severity,
              sourceType: alert.source_type,
              sourceId: alert.source_id,
            },
          });
        }
        return due.length;
      });
      marked += batch;
      if (batch < BATCH) return marked;
    }
  }
}
