import type { Outcome } from '@kap/shared/contracts';

export interface OutcomeRow {
  id: string;
  patient_id: string;
  instrument: Outcome['instrument'];
  instrument_version: string;
  administered_at: Date;
  items: number[] | boolean[];
  total: number | null;
  severity: string;
  subscales: Outcome['subscales'];
  flags: string[];
  difficulty: number | null;
  source: Outcome['source'];
  session_id: string | null;
  entered_by: string | null;
  entered_by_name: string | null;
  created_at: Date;
  voided_at: Date | null;
  void_reason: string | null;
}

export const OUTCOME_SELECT = `
  SELECT o.id, o.patient_id, o.instrument, o.instrument_version, o.administered_at, o.items, o.total, o.severity,
         o.subscales, o.flags, o.difficulty, o.source, o.session_id, o.entered_by, u.display_name AS entered_by_name,
         o.created_at, o.voided_at, o.void_reason
    FROM outcome o LEFT JOIN app_user u ON u.id = o.entered_by`;

export function toOutcome(row: OutcomeRow): Outcome {
  return {
    id: row.id,
    patientId: row.patient_id,
    instrument: row.instrument,
    instrumentVersion: row.instrument_version,
    administeredAt: new Date(row.administered_at).toISOString(),
    items: row.items,
    total: row.total,
    severity: row.severity,
    subscales: row.subscales,
    flags: row.flags,
    difficulty: row.difficulty,
    source: row.source,
    sessionId: row.session_id,
    // The patient's own answer through a questionnaire link has no entering user.
    enteredBy:
      row.entered_by === null ? null : { id: row.entered_by, displayName: row.entered_by_name ?? '' },
    createdAt: new Date(row.created_at).toISOString(),
    voidedAt: row.voided_at ? new Date(row.voided_at).toISOString() : null,
    voidReason: row.void_reason,
  };
}
