import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, Clock, PeriodicJob, type AppConfig } from '@kap/api/core';
import { OutboxWriter } from '@kap/api/webhooks';
import { calendarDateOf } from '@kap/shared/domain';
import { alertEscalatesAtSql } from './alert-escalation-sql';

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
        const due: {
          id: string;
          patient_id: string;
          kind: string;
          severity: string;
          source_type: string;
          source_id: string;
        }[] = await manager.query(
          `SELECT a.id, a.patient_id, a.kind, a.severity, a.source_type, a.source_id
               FROM alert a
               JOIN patient p ON p.id = a.patient_id AND p.archived_at IS NULL
               LEFT JOIN care_team_link link ON link.patient_id = p.id AND link.replaced_at IS NULL
              WHERE a.severity = 'urgent' AND a.escalated_at IS NULL AND ${alertEscalatesAtSql('$1')} < $2
              ORDER BY a.created_at, a.id
              LIMIT $3
              FOR UPDATE OF a SKIP LOCKED`,
          [calendarDateOf(now), now, BATCH],
        );
        if (due.length === 0) return 0;
        await manager.query(`UPDATE alert SET escalated_at = $2 WHERE id = ANY($1::uuid[])`, [
          due.map((a) => a.id),
          now,
        ]);
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
