import type { Queryable } from '@kap/api/platform';

/**
 * The IANA time zone of the practice that holds a patient's record: the calendar every date rule
 * about that patient counts in (docs/requirements.md "Clinic time"), for the therapist and the medical team alike.
 * `UTC` for a patient that is not there (the caller has already refused or will refuse it).
 */
export async function practiceTimeZone(db: Queryable, patientId: string): Promise<string> {
  const [row]: { time_zone: string }[] = await db.query(
    `SELECT o.time_zone FROM patient p JOIN organization o ON o.id = p.practice_id WHERE p.id = $1`,
    [patientId],
  );
  return row?.time_zone ?? 'UTC';
}
