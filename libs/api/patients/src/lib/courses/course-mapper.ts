import { isoTimestampSql } from '@kap/api/platform';
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
  /** ISO text (`isoTimestampSql`), as the API answers it. */
  created_at: string;
  updated_at: string;
}

/**
 * Dates leave as text: the `pg` driver would turn a `date` into a local-midnight Date. Moments
 * leave as the API's ISO text, so that a patient list does not parse and reformat two per row.
 */
export function courseColumns(alias: string): string {
  return `${alias}.id, ${alias}.patient_id, ${alias}.indication, ${alias}.phase,
    to_char(${alias}.started_on, 'YYYY-MM-DD') AS started_on, ${alias}.planned_dosing_sessions,
    ${alias}.dose_plan, ${alias}.vitals_limits, ${alias}.version,
    ${isoTimestampSql(`${alias}.created_at`)} AS created_at, ${isoTimestampSql(`${alias}.updated_at`)} AS updated_at`;
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
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
