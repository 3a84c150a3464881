import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, decodeCursor, pageLimit, toPage, UnitOfWork, updateReturning, type RequestContext } from '@kap/api/core';
import { PatientAccess } from '@kap/api/patients';
import { OutboxWriter } from '@kap/api/webhooks';
import type { Alert, AlertKind, AlertSeverity, Page } from '@kap/shared/contracts';
import { DomainError, NotFound, ValidationFailed } from '@kap/shared/domain';
import { ALERT_SELECT, toAlert, type AlertRow } from './alert-mapper';
import type { AcknowledgeAlertBody, AlertsQuery } from './alert-requests';

export interface NewAlert {
  patientId: string;
  kind: AlertKind;
  severity: AlertSeverity;
  sourceType: 'outcome' | 'session' | 'rule';
  sourceId: string;
  /** The sentence a person acts on: measure or session, values and date (api.md "Alerts"). */
  summary?: string;
}

const SEVERITY_RANK = `CASE a.severity WHEN 'urgent' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END`;

/**
 * Safety alerts: raised by scores, sessions and rules inside the write that caused them, listed
 * for the caller's patients (most urgent first), acknowledged with the action taken, never deleted.
 */
@Injectable()
export class AlertsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly work: UnitOfWork,
    private readonly access: PatientAccess,
    private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Raises an alert in the caller's transaction; a second raise for the same source is a no-op.
   * A new alert is also an event for the medical team's webhooks, in the same transaction.
   */
  async raise(manager: EntityManager, alert: NewAlert): Promise<void> {
    const [raised]: { id: string }[] = await manager.query(
      `INSERT INTO alert (patient_id, kind, severity, source_type, source_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (source_type, source_id, kind) DO NOTHING
       RETURNING id`,
      [alert.patientId, alert.kind, alert.severity, alert.sourceType, alert.sourceId, this.clock.now()],
    );
    if (!raised) return;
    await this.outbox.enqueue(manager, {
      type: 'alert.raised',
      patientId: alert.patientId,
      data: { alertId: raised.id, kind: alert.kind, severity: alert.severity, sourceType: alert.sourceType, sourceId: alert.sourceId },
    });
  }

  async list(ctx: RequestContext, query: AlertsQuery): Promise<Page<Alert>> {
    if (query.patientId) {
      // A named patient must be visible, exactly like the patient routes (404 otherwise).
      await this.access.audited(ctx, this.target(query.patientId, null, 'alert.list'), () =>
        this.access.require(this.dataSource.manager, ctx, query.patientId!),
      );
    }
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['number', 'string', 'string']);
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const acknowledged = query.status === 'acknowledged';
    const conditions = [
      this.access.visibleSql(ctx, this.access.today(), param),
      acknowledged ? 'a.acknowledged_at IS NOT NULL' : query.status === 'open' ? 'a.acknowledged_at IS NULL' : 'true',
    ];
    if (query.patientId) conditions.push(`a.patient_id = ${param(query.patientId)}`);
    if (after) {
      conditions.push(`(${SEVERITY_RANK}, a.created_at, a.id) > (${param(after[0])}::int, ${param(after[1])}::timestamptz, ${param(after[2])}::uuid)`);
    }
    const rows: (AlertRow & { rank: number })[] = await this.dataSource.query(
      `SELECT * FROM (${ALERT_SELECT.replace('SELECT', `SELECT ${SEVERITY_RANK} AS rank,`)}
         LEFT JOIN care_team_link link ON link.patient_id = p.id AND link.replaced_at IS NULL
        WHERE p.archived_at IS NULL AND ${conditions.join(' AND ')}) listed
        ORDER BY rank, created_at, id
        LIMIT ${param(limit + 1)}`,
      params,
    );
    const page = toPage(rows, limit, (r) => [r.rank, new Date(r.created_at).toISOString(), r.id], toAlert);
    if (query.patientId && page.items.length > 0) {
      await this.access.recordSuccess(ctx, this.target(query.patientId, null, 'alert.list'), { count: page.items.length });
    } else if (!query.patientId) {
      // Reading across the caseload touches each listed patient's data: one event per patient shown.
      for (const patientId of new Set(page.items.map((a) => a.patientId))) {
        await this.access.recordSuccess(ctx, this.target(patientId, null, 'alert.list'));
      }
    }
    return page;
  }

  async acknowledge(ctx: RequestContext, alertId: string, body: AcknowledgeAlertBody): Promise<Alert> {
    const [located] = await this.dataSource.query(`SELECT patient_id FROM alert WHERE id = $1`, [alertId]);
    const target = this.target(located?.patient_id ?? null, alertId, 'alert.acknowledge');
    return this.access.audited(ctx, target, () =>
      this.work.run(async (manager) => {
        if (!located) throw new NotFound();
        await this.access.require(manager, ctx, located.patient_id);
        const [current]: AlertRow[] = await manager.query(`${ALERT_SELECT} WHERE a.id = $1 FOR UPDATE OF a`, [alertId]);
        if (current.acknowledged_at) {
          throw new DomainError('conflict', `This alert was already acknowledged by ${current.acknowledged_by_name ?? 'someone'}.`, toAlert(current));
        }
        const action = body.action?.trim() ?? null;
        if (current.severity === 'urgent' && !action) {
          throw new ValidationFailed([{ field: 'action', problem: 'is required for an urgent alert: say what was done' }]);
        }
        await updateReturning(manager, `UPDATE alert SET acknowledged_at = $2, acknowledged_by = $3, action = $4 WHERE id = $1 RETURNING id`, [
          alertId,
          this.clock.now(),
          ctx.actor.id,
          action,
        ]);
        await this.access.recordSuccess(ctx, target, { kind: current.kind }, manager);
        const [row]: AlertRow[] = await manager.query(`${ALERT_SELECT} WHERE a.id = $1`, [alertId]);
        return toAlert(row);
      }),
    );
  }

  private target(patientId: string | null, alertId: string | null, action: string) {
    return { action, entityType: 'alert', entityId: alertId, patientId };
  }
}
