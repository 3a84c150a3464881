import { isoTimestampSql } from '@kap/api/platform';
import type { QuestionnaireRequest, QuestionnaireRequestStatus } from '@kap/shared/contracts';
import type { InstrumentCode } from '@kap/shared/domain';

export interface QuestionnaireRequestRow {
  id: string;
  patient_id: string;
  course_id: string | null;
  instruments: InstrumentCode[];
  created_by: string | null;
  created_at: string;
  expires_at: string;
  completed_at: string | null;
  cancelled_at: string | null;
  mailed_at: string | null;
  /** Derived at read time against the caller's clock ($now of the query). */
  status: QuestionnaireRequestStatus;
}

/** The columns of a request row; `now` is the placeholder of the clock's time (expiry). */
export function questionnaireRequestColumns(alias: string, now: string): string {
  return `${alias}.id, ${alias}.patient_id, ${alias}.course_id, ${alias}.instruments, ${alias}.created_by,
    ${isoTimestampSql(`${alias}.created_at`)} AS created_at, ${isoTimestampSql(`${alias}.expires_at`)} AS expires_at,
    ${isoTimestampSql(`${alias}.completed_at`)} AS completed_at, ${isoTimestampSql(`${alias}.cancelled_at`)} AS cancelled_at,
    ${isoTimestampSql(`${alias}.mailed_at`)} AS mailed_at,
    ${questionnaireStatusSql(alias, now)} AS status`;
}

/** cancelled, completed, expired (past `expires_at`), else open. */
export function questionnaireStatusSql(alias: string, now: string): string {
  return `CASE WHEN ${alias}.cancelled_at IS NOT NULL THEN 'cancelled'
               WHEN ${alias}.completed_at IS NOT NULL THEN 'completed'
               WHEN ${alias}.expires_at <= ${now}::timestamptz THEN 'expired'
               ELSE 'open' END`;
}

export function toQuestionnaireRequest(row: QuestionnaireRequestRow): QuestionnaireRequest {
  return {
    id: row.id,
    patientId: row.patient_id,
    courseId: row.course_id,
    instruments: row.instruments,
    status: row.status,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    completedAt: row.completed_at,
    cancelledAt: row.cancelled_at,
    origin: row.created_by === null ? 'plan' : 'therapist',
    mailed: row.mailed_at !== null,
  };
}
