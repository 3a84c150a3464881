import { isoTimestampSql } from '@kap/api/platform';
import type {
  Eligibility,
  MedicalStatus,
  MedicalStatusSource,
  MonitoringStatus,
  Prescription,
} from '@kap/shared/contracts';
import { mergeMedicalStatus } from '@kap/shared/domain';

/** A medical-status entry with the name of the person who entered it. */
export interface MedicalStatusRow {
  id: string;
  patient_id: string;
  /** ISO text (`isoTimestampSql`), like `created_at`. */
  as_of: string;
  eligibility: Eligibility | null;
  prescription: Prescription | null;
  next_follow_up_due: string | null;
  monitoring: MonitoringStatus | null;
  note: string | null;
  source: MedicalStatusSource;
  entered_by: string;
  entered_by_name: string;
  created_at: string;
}

/** `alias` is the entry, `userAlias` the joined `app_user` who entered it. Moments as ISO text. */
export function medicalStatusColumns(alias: string, userAlias: string): string {
  return `${alias}.id, ${alias}.patient_id, ${isoTimestampSql(`${alias}.as_of`)} AS as_of, ${alias}.eligibility, ${alias}.prescription,
    to_char(${alias}.next_follow_up_due, 'YYYY-MM-DD') AS next_follow_up_due, ${alias}.monitoring, ${alias}.note,
    ${alias}.source, ${alias}.entered_by, ${userAlias}.display_name AS entered_by_name,
    ${isoTimestampSql(`${alias}.created_at`)} AS created_at`;
}

/** Newest `asOf` first; entries with the same `asOf` in the order they were recorded, newest first. */
export function medicalStatusOrder(alias: string): string {
  return `${alias}.as_of DESC, ${alias}.created_at DESC, ${alias}.id DESC`;
}

export function toMedicalStatus(row: MedicalStatusRow): MedicalStatus {
  return {
    id: row.id,
    patientId: row.patient_id,
    asOf: row.as_of,
    eligibility: row.eligibility,
    prescription: row.prescription,
    nextFollowUpDue: row.next_follow_up_due,
    monitoring: row.monitoring,
    note: row.note,
    source: row.source,
    enteredBy: { id: row.entered_by, displayName: row.entered_by_name },
    createdAt: row.created_at,
  };
}

/**
 * `current` (docs/api.md "Orders, status and the dose"): the merge of the patient's entries, each field
 * from the newest entry that states it, with `fieldsAsOf`; null without entries. Rows in any order.
 */
export function currentMedicalStatus(rows: readonly MedicalStatusRow[]): MedicalStatus | null {
  return mergeMedicalStatus(rows.map(toMedicalStatus));
}
