import type { EntityManager } from 'typeorm';
import { isoTimestampSql } from '@kap/api/core';
import type { MedicalStatusEntry } from '@kap/shared/domain';

/**
 * The patient's medical-status entries stated up to `until` (all of them without it), in the
 * domain's words: a dose is judged against their merge as of the dose (`sessionWarnings`).
 */
export function statusHistoryUntil(
  manager: EntityManager,
  patientId: string,
  until: string | null,
): Promise<MedicalStatusEntry[]> {
  return manager.query(
    `SELECT id, ${isoTimestampSql('as_of')} AS "asOf", ${isoTimestampSql('created_at')} AS "createdAt", eligibility, prescription,
            to_char(next_follow_up_due, 'YYYY-MM-DD') AS "nextFollowUpDue", monitoring
       FROM medical_status_entry WHERE patient_id = $1 AND ($2::timestamptz IS NULL OR as_of <= $2)`,
    [patientId, until === null ? null : new Date(until)],
  );
}
