import type { Condition, Course, CoursePhase, DosePlan, VitalsLimits } from '@kap/shared/contracts';

/** A course as the hand-written queries select it; also read back from `to_jsonb` (strings then). */
export interface CourseRow {
  id: string;
  patient_id: string;
  indication: Condition;
  phase: CoursePhase;
  started_on: string;
  planned_dosing_sessions: number | null;
  dose_plan: DosePlan | null;
  vitals_limits: VitalsLimits | null;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
}

/** Dates leave as text: the `pg` driver would turn a `date` into a local-midnight Date. */
export function courseColumns(alias: string): string {
  return `${alias}.id, ${alias}.patient_id, ${alias}.indication, ${alias}.phase,
    to_char(${alias}.started_on, 'YYYY-MM-DD') AS started_on, ${alias}.planned_dosing_sessions,
    ${alias}.dose_plan, ${alias}.vitals_limits, ${alias}.version, ${alias}.created_at, ${alias}.updated_at`;
}

export function toCourse(row: CourseRow): Course {
  return {
    id: row.id,
    patientId: row.patient_id,
    indication: row.indication,
    phase: row.phase,
    startedOn: row.started_on,
    plannedDosingSessions: row.planned_dosing_sessions,
    dosePlan: row.dose_plan,
    vitalsLimits: row.vitals_limits,
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
