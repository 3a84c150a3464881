import { isoTimestampSql } from '@kap/api/platform';
import type { Alert, AlertAcknowledgement, AlertSide } from '@kap/shared/contracts';
import { alertEscalatesAtSql } from './alert-escalation-sql';

export interface AlertRow {
  id: string;
  patient_id: string;
  patient_name: string;
  kind: Alert['kind'];
  severity: Alert['severity'];
  source_type: Alert['sourceType'];
  source_id: string;
  /** ISO text (isoTimestampSql). */
  created_at: string;
  summary: string;
  escalated: boolean;
  /** Whether the medical team's side counts: a linked team under a release valid on `today`. */
  team_counts: boolean;
  /** Every side's acknowledgement, oldest first; null when none. */
  acknowledgements:
    | { side: AlertSide; byId: string; byName: string; at: string; action: string | null }[]
    | null;
}

/**
 * One statement per read: the alert, its patient, every side's acknowledgement (one LATERAL
 * aggregate over the (alert_id, side) key) and whether it has escalated by `now`. `today` judges
 * whether the medical team's side counts (only under a valid release). Needs `p` and `link` in scope
 * through the FROM given here.
 */
export function alertSelectSql(today: string, now: string, extraColumns = ''): string {
  return `
  SELECT ${extraColumns} a.id, a.patient_id, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name AS patient_name,
         a.kind, a.severity, a.source_type, a.source_id, ${isoTimestampSql('a.created_at')} AS created_at, a.summary,
         coalesce(${alertEscalatesAtSql(today)} < ${now}::timestamptz, false) AS escalated,
         coalesce(link.release_signed_on <= ${today}::date AND link.release_expires_on >= ${today}::date, false) AS team_counts,
         acks.list AS acknowledgements
    FROM alert a
    JOIN patient p ON p.id = a.patient_id
    LEFT JOIN care_team_link link ON link.patient_id = p.id AND link.replaced_at IS NULL
    LEFT JOIN LATERAL (
           SELECT json_agg(json_build_object('side', k.side, 'byId', k.acknowledged_by, 'byName', u.display_name,
                                             'at', ${isoTimestampSql('k.acknowledged_at')}, 'action', k.action)
                           ORDER BY k.acknowledged_at, k.side) AS list
             FROM alert_acknowledgement k JOIN app_user u ON u.id = k.acknowledged_by
            WHERE k.alert_id = a.id) acks ON true`;
}

/** The alert as the caller's side sees it: `status` and the three acknowledgement fields are that side's. */
export function toAlert(row: AlertRow, side: AlertSide): Alert {
  const acknowledgements: AlertAcknowledgement[] = (row.acknowledgements ?? []).map((k) => ({
    side: k.side,
    by: { id: k.byId, displayName: k.byName },
    at: k.at,
    action: k.action,
  }));
  const own = acknowledgements.find((k) => k.side === side);
  const counting: AlertSide[] = row.team_counts ? ['practice', 'medical_team'] : ['practice'];
  return {
    id: row.id,
    patientId: row.patient_id,
    patientName: row.patient_name,
    kind: row.kind,
    severity: row.severity,
    createdAt: row.created_at,
    sourceType: row.source_type,
    sourceId: row.source_id,
    summary: row.summary,
    escalated: row.escalated,
    acknowledgements,
    awaiting: counting.filter((countingSide) => !acknowledgements.some((k) => k.side === countingSide)),
    status: own ? 'acknowledged' : 'open',
    acknowledgedAt: own?.at ?? null,
    acknowledgedBy: own?.by ?? null,
    action: own?.action ?? null,
  };
}
