import type { Alert } from '@kap/shared/contracts';

export interface AlertRow {
  id: string;
  patient_id: string;
  patient_name: string;
  kind: Alert['kind'];
  severity: Alert['severity'];
  source_type: Alert['sourceType'];
  source_id: string;
  created_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  action: string | null;
}

export const ALERT_SELECT = `
  SELECT a.id, a.patient_id, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name AS patient_name,
         a.kind, a.severity, a.source_type, a.source_id, a.created_at, a.acknowledged_at, a.acknowledged_by,
         u.display_name AS acknowledged_by_name, a.action
    FROM alert a
    JOIN patient p ON p.id = a.patient_id
    LEFT JOIN app_user u ON u.id = a.acknowledged_by`;

export function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    patientId: row.patient_id,
    patientName: row.patient_name,
    kind: row.kind,
    severity: row.severity,
    createdAt: new Date(row.created_at).toISOString(),
    sourceType: row.source_type,
    sourceId: row.source_id,
    summary: '',
    escalated: false,
    acknowledgements: [],
    status: row.acknowledged_at ? 'acknowledged' : 'open',
    acknowledgedAt: row.acknowledged_at ? new Date(row.acknowledged_at).toISOString() : null,
    acknowledgedBy: row.acknowledged_by ? { id: row.acknowledged_by, displayName: row.acknowledged_by_name ?? '' } : null,
    action: row.action,
  };
}
