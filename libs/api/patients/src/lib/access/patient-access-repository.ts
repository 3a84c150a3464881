import { Injectable } from '@nestjs/common';
import type { Queryable } from '@kap/api/platform';

/**
 * What the access rule needs to know about a patient: the practice, the primary therapist and
 * the current care-team link with its release dates (all null without a link).
 */
export type AccessFactsRow = {
  practice_id: string;
  primary_therapist_id: string;
} & (
  | { medical_team_id: string; signed_on: string; expires_on: string }
  | { medical_team_id: null; signed_on: null; expires_on: null }
);

/** The SQL behind `PatientAccess`: the one read every patient route's check makes. */
@Injectable()
export class PatientAccessRepository {
  /**
   * The facts of a patient that is not archived; undefined otherwise. `lock` holds the patient row
   * until the transaction ends.
   */
  async facts(db: Queryable, patientId: string, lock: boolean): Promise<AccessFactsRow | undefined> {
    const [facts] = await db.query<AccessFactsRow[]>(
      `SELECT p.practice_id, p.primary_therapist_id, link.medical_team_id,
              to_char(link.release_signed_on, 'YYYY-MM-DD') AS signed_on,
              to_char(link.release_expires_on, 'YYYY-MM-DD') AS expires_on
         FROM patient p
         LEFT JOIN care_team_link link ON link.patient_id = p.id AND link.replaced_at IS NULL
        WHERE p.id = $1 AND p.archived_at IS NULL
        ${lock ? 'FOR UPDATE OF p' : ''}`,
      [patientId],
    );
    return facts;
  }
}
