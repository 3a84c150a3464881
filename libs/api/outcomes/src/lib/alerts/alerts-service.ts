import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  Clock,
  decodeCursor,
  pageLimit,
  toPage,
  UnitOfWork,
  type Queryable,
  type RequestContext,
} from '@kap/api/core';
import { PatientAccess } from '@kap/api/patients';
import { OutboxWriter } from '@kap/api/webhooks';
import type { Alert, AlertKind, AlertSeverity, AlertSide, Page } from '@kap/shared/contracts';
import { DomainError, NotFound, ValidationFailed } from '@kap/shared/domain';
import { alertSelectSql, toAlert, type AlertRow } from './alert-mapper';
import type { AcknowledgeAlertBody, AlertsQuery } from './alert-requests';

export interface NewAlert {
  patientId: string;
  kind: AlertKind;
  severity: AlertSeverity;
  sourceType: 'outcome' | 'session' | 'rule';
  sourceId: string;
  /**
   * The sentence a person acts on: measure or session, values and date (docs/api.md "Alerts"). Left out,
   * the database writes a plain one from the kind and the date (alert_plain_summary).
   */
  summary?: string;
}

const SEVERITY_RANK = `CASE a.severity WHEN 'urgent' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END`;

const SIDE_WORDS: Record<AlertSide, string> = { practice: 'the practice', medical_team: 'the medical team' };

/**
 * Safety alerts: raised by scores, sessions and rules inside the write that caused them, listed
 * for the caller's patients (most urgent first), acknowledged by each side of the care team for
 * itself with the action taken, never deleted.
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
   * Raises an alert in the caller's transaction. While an alert of this source and kind exists that
   * nobody has acknowledged, raising again is a no-op (a retried or re-judged write); once one was
   * acknowledged, the source was changed and the condition still holds: a new alert is raised.
   * A new alert is also an event for the medical team's webhooks, in the same transaction.
   */
  async raise(manager: EntityManager, alert: NewAlert): Promise<void> {
    const [raised]: { id: string }[] = await manager.query(
      `INSERT INTO alert (patient_id, kind, severity, source_type, source_id, created_at, summary)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (source_type, source_id, kind) WHERE first_acknowledged_at IS NULL DO NOTHING
       RETURNING id`,
      [
        alert.patientId,
        alert.kind,
        alert.severity,
        alert.sourceType,
        alert.sourceId,
        this.clock.now(),
        alert.summary?.trim() || null,
      ],
    );
    if (!raised) return;
    await this.outbox.enqueue(manager, {
      type: 'alert.raised',
      patientId: alert.patientId,
      data: {
        alertId: raised.id,
        kind: alert.kind,
        severity: alert.severity,
        sourceType: alert.sourceType,
        sourceId: alert.sourceId,
      },
    });
  }

  /** `status` is the caller's side's: open until that side has acknowledged. One statement. */
  async list(ctx: RequestContext, query: AlertsQuery): Promise<Page<Alert>> {
    const side = sideOf(ctx);
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
    const today = this.access.today();
    const select = alertSelectSql(param(today), param(this.clock.now()), `${SEVERITY_RANK} AS rank,`);
    const conditions = ['p.archived_at IS NULL', this.access.visibleSql(ctx, today, param)];
    if (query.status) {
      const acknowledgedHere = `EXISTS (SELECT 1 FROM alert_acknowledgement k WHERE k.alert_id = a.id AND k.side = ${param(side)})`;
      conditions.push(query.status === 'acknowledged' ? acknowledgedHere : `NOT ${acknowledgedHere}`);
    }
    if (query.patientId) conditions.push(`a.patient_id = ${param(query.patientId)}`);
    if (after) {
      conditions.push(
        `(${SEVERITY_RANK}, a.created_at, a.id) > (${param(after[0])}::int, ${param(after[1])}::timestamptz, ${param(after[2])}::uuid)`,
      );
    }
    const rows: (AlertRow & { rank: number })[] = await this.dataSource.query(
      `${select}
        WHERE ${conditions.join(' AND ')}
        ORDER BY ${SEVERITY_RANK}, a.created_at, a.id
        LIMIT ${param(limit + 1)}`,
      params,
    );
    const page = toPage(
      rows,
      limit,
      (r) => [r.rank, r.created_at, r.id],
      (r) => toAlert(r, side),
    );
    if (query.patientId && page.items.length > 0) {
      await this.access.recordSuccess(ctx, this.target(query.patientId, null, 'alert.list'), {
        count: page.items.length,
      });
    } else if (!query.patientId) {
      // Reading across the caseload touches each listed patient's data: one event per patient shown.
      for (const patientId of new Set(page.items.map((a) => a.patientId))) {
        await this.access.recordSuccess(ctx, this.target(patientId, null, 'alert.list'));
      }
    }
    return page;
  }

  /**
   * The caller acknowledges for their own side: the patient's therapist for the practice, a member
   * of the linked team (valid release) for the medical team. The other side's alert stays open.
   */
  async acknowledge(ctx: RequestContext, alertId: string, body: AcknowledgeAlertBody): Promise<Alert> {
    const side = sideOf(ctx);
    const [located] = await this.dataSource.query(`SELECT patient_id FROM alert WHERE id = $1`, [alertId]);
    const target = this.target(located?.patient_id ?? null, alertId, 'alert.acknowledge');
    return this.access.audited(ctx, target, () =>
      this.work.run(async (manager) => {
        if (!located) throw new NotFound();
        await this.access.require(manager, ctx, located.patient_id, { need: side });
        // One side's two acknowledgements queue up here; the key (alert_id, side) would refuse the second anyway.
        const [current]: { kind: AlertKind; severity: AlertSeverity }[] = await manager.query(
          `SELECT kind, severity FROM alert WHERE id = $1 FOR UPDATE`,
          [alertId],
        );
        const [earlier]: { by_name: string }[] = await manager.query(
          `SELECT u.display_name AS by_name FROM alert_acknowledgement k JOIN app_user u ON u.id = k.acknowledged_by
            WHERE k.alert_id = $1 AND k.side = $2`,
          [alertId, side],
        );
        if (earlier) {
          throw new DomainError(
            'conflict',
            `This alert was already acknowledged for ${SIDE_WORDS[side]} by ${earlier.by_name}.`,
            await this.read(manager, alertId, side),
          );
        }
        const action = body.action?.trim() || null;
        if (current.severity === 'urgent' && !action) {
          throw new ValidationFailed([
            { field: 'action', problem: 'is required for an urgent alert: say what was done' },
          ]);
        }
        const now = this.clock.now();
        await manager.query(
          `INSERT INTO alert_acknowledgement (alert_id, side, acknowledged_by, acknowledged_at, action) VALUES ($1, $2, $3, $4, $5)`,
          [alertId, side, ctx.actor.id, now, action],
        );
        // The first acknowledgement by anyone closes the source for re-raising as "the same alert".
        await manager.query(
          `UPDATE alert SET first_acknowledged_at = $2 WHERE id = $1 AND first_acknowledged_at IS NULL`,
          [alertId, now],
        );
        await this.access.recordSuccess(ctx, target, { kind: current.kind, side }, manager);
        return this.read(manager, alertId, side);
      }),
    );
  }

  private async read(manager: Queryable, alertId: string, side: AlertSide): Promise<Alert> {
    const [row]: AlertRow[] = await manager.query(`${alertSelectSql('$2', '$3')} WHERE a.id = $1`, [
      alertId,
      this.access.today(),
      this.clock.now(),
    ]);
    return toAlert(row, side);
  }

  private target(patientId: string | null, alertId: string | null, action: string) {
    return { action, entityType: 'alert', entityId: alertId, patientId };
  }
}

/** The caller's side of the care team: their organization's kind. */
function sideOf(ctx: RequestContext): AlertSide {
  return ctx.actor.organizationKind;
}
