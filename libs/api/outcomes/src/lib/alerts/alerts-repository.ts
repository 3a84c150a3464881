import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Queryable } from '@kap/api/platform';
import type { AlertKind, AlertSeverity, AlertSide } from '@kap/shared/contracts';
import { alertEscalatesAtSql } from './alert-escalation-sql';
import { alertSelectSql, type AlertRow } from './alert-mapper';

/** An alert to raise, in the write that caused it. */
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

/** A listed alert with its place in the order (most urgent first). */
export type ListedAlertRow = AlertRow & { rank: number };

/**
 * Which patients a caller may see, as an SQL condition on `p` and its current `link`: the rule is
 * `PatientAccess.visibleSql`'s; the repository only hands it the statement's parameter list.
 */
export type VisibleCondition = (param: (value: unknown) => string) => string;

/** A page of the caller's alerts. `status` is judged for `side`'s own acknowledgement. */
export interface AlertFilter {
  today: string;
  now: Date;
  side: AlertSide;
  status: 'open' | 'acknowledged' | undefined;
  patientId: string | undefined;
  /** The last listed alert's (rank, created_at, id). */
  after: [number, string, string] | null;
  take: number;
}

/** An urgent alert that has escalated and has not been announced yet. */
export interface EscalatedAlertRow {
  id: string;
  patient_id: string;
  kind: AlertKind;
  severity: AlertSeverity;
  source_type: NewAlert['sourceType'];
  source_id: string;
}

const SEVERITY_RANK = `CASE a.severity WHEN 'urgent' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END`;

/** The SQL of safety alerts and their acknowledgements (never deleted). */
@Injectable()
export class AlertsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the alert unless one of this source and kind is still unacknowledged; answers the new
   * alert's id, or null when nothing was inserted.
   */
  async insert(manager: EntityManager, alert: NewAlert, createdAt: Date): Promise<string | null> {
    const [raised] = await manager.query<{ id: string }[]>(
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
        createdAt,
        alert.summary?.trim() || null,
      ],
    );
    return raised?.id ?? null;
  }

  /** Alerts of the patients the condition lets through (not archived), most urgent first. One statement. */
  list(visible: VisibleCondition, filter: AlertFilter): Promise<ListedAlertRow[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const select = alertSelectSql(param(filter.today), param(filter.now), `${SEVERITY_RANK} AS rank,`);
    const conditions = ['p.archived_at IS NULL', visible(param)];
    if (filter.status) {
      const acknowledgedHere = `EXISTS (SELECT 1 FROM alert_acknowledgement k WHERE k.alert_id = a.id AND k.side = ${param(filter.side)})`;
      conditions.push(filter.status === 'acknowledged' ? acknowledgedHere : `NOT ${acknowledgedHere}`);
    }
    if (filter.patientId) conditions.push(`a.patient_id = ${param(filter.patientId)}`);
    const { after } = filter;
    if (after) {
      conditions.push(
        `(${SEVERITY_RANK}, a.created_at, a.id) > (${param(after[0])}::int, ${param(after[1])}::timestamptz, ${param(after[2])}::uuid)`,
      );
    }
    // The page's ids first, then each alert's acknowledgements and escalation: a team can have
    // hundreds of open alerts, and those details are worth reading only for one page.
    return this.dataSource.query<ListedAlertRow[]>(
      `WITH page AS (
         SELECT a.id FROM alert a
           JOIN patient p ON p.id = a.patient_id
           LEFT JOIN care_team_link link ON link.patient_id = p.id AND link.replaced_at IS NULL
          WHERE ${conditions.join(' AND ')}
          ORDER BY ${SEVERITY_RANK}, a.created_at, a.id
          LIMIT ${param(filter.take)})
       ${select}
        WHERE a.id IN (SELECT id FROM page)
        ORDER BY ${SEVERITY_RANK}, a.created_at, a.id`,
      params,
    );
  }

  /** The alert as `alertSelectSql` reads it, judged on `today` and `now`. */
  async find(db: Queryable, alertId: string, today: string, now: Date): Promise<AlertRow> {
    const [row] = await db.query<AlertRow[]>(`${alertSelectSql('$2', '$3')} WHERE a.id = $1`, [
      alertId,
      today,
      now,
    ]);
    return row;
  }

  /** The patient an alert is about; null for an unknown id. */
  async patientOf(alertId: string): Promise<string | null> {
    const [located] = await this.dataSource.query<{ patient_id: string }[]>(
      `SELECT patient_id FROM alert WHERE id = $1`,
      [alertId],
    );
    return located?.patient_id ?? null;
  }

  /** Locks the alert until the transaction ends: one side's acknowledgements queue up. */
  async lockForAcknowledgement(
    manager: EntityManager,
    alertId: string,
  ): Promise<{ kind: AlertKind; severity: AlertSeverity }> {
    const [current] = await manager.query<{ kind: AlertKind; severity: AlertSeverity }[]>(
      `SELECT kind, severity FROM alert WHERE id = $1 FOR UPDATE`,
      [alertId],
    );
    return current;
  }

  /** Who acknowledged the alert for the side, if anyone has. */
  async acknowledgedBy(manager: EntityManager, alertId: string, side: AlertSide): Promise<string | null> {
    const [earlier] = await manager.query<{ by_name: string }[]>(
      `SELECT u.display_name AS by_name FROM alert_acknowledgement k JOIN app_user u ON u.id = k.acknowledged_by
            WHERE k.alert_id = $1 AND k.side = $2`,
      [alertId, side],
    );
    return earlier?.by_name ?? null;
  }

  /**
   * Records the side's acknowledgement. The first acknowledgement by anyone closes the source for
   * re-raising as "the same alert".
   */
  async acknowledge(
    manager: EntityManager,
    acknowledgement: { alertId: string; side: AlertSide; by: string; at: Date; action: string | null },
  ): Promise<void> {
    const { alertId, at } = acknowledgement;
    await manager.query(
      `INSERT INTO alert_acknowledgement (alert_id, side, acknowledged_by, acknowledged_at, action) VALUES ($1, $2, $3, $4, $5)`,
      [alertId, acknowledgement.side, acknowledgement.by, at, acknowledgement.action],
    );
    await manager.query(
      `UPDATE alert SET first_acknowledged_at = $2 WHERE id = $1 AND first_acknowledged_at IS NULL`,
      [alertId, at],
    );
  }

  /**
   * Up to `batch` urgent alerts of patients not archived that have escalated by `now` and are not
   * marked yet, oldest first, claimed with `FOR UPDATE SKIP LOCKED` (several instances run the job).
   */
  claimEscalated(
    manager: EntityManager,
    today: string,
    now: Date,
    batch: number,
  ): Promise<EscalatedAlertRow[]> {
    return manager.query<EscalatedAlertRow[]>(
      `SELECT a.id, a.patient_id, a.kind, a.severity, a.source_type, a.source_id
               FROM alert a
               JOIN patient p ON p.id = a.patient_id AND p.archived_at IS NULL
               LEFT JOIN care_team_link link ON link.patient_id = p.id AND link.replaced_at IS NULL
              WHERE a.severity = 'urgent' AND a.escalated_at IS NULL AND ${alertEscalatesAtSql('$1')} < $2
              ORDER BY a.created_at, a.id
              LIMIT $3
              FOR UPDATE OF a SKIP LOCKED`,
      [today, now, batch],
    );
  }

  async markEscalated(manager: EntityManager, alertIds: string[], at: Date): Promise<void> {
    await manager.query(`UPDATE alert SET escalated_at = $2 WHERE id = ANY($1::uuid[])`, [alertIds, at]);
  }
}
