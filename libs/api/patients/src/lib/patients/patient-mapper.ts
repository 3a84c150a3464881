import { isoTimestampSql } from '@kap/api/platform';
import type { Condition, Patient, PatientForMedicalTeam } from '@kap/shared/contracts';
import { ageOn } from '@kap/shared/domain';
import { careTeamColumns, toCareTeam, type CareTeamRow } from '../care-team/care-team-mapper';
import { courseColumns, toCourse, type CourseRow } from '../courses/course-mapper';
import {
  currentMedicalStatus,
  medicalStatusColumns,
  type MedicalStatusRow,
} from '../medical-status/medical-status-mapper';

/** A patient with its current care-team link, current course and current medical status. */
export interface PatientRow extends Partial<CareTeamRow> {
  id: string;
  practice_id: string;
  primary_therapist_id: string;
  primary_therapist_name: string;
  given_name: string;
  family_name: string;
  preferred_name: string | null;
  date_of_birth: string;
  pronouns: string | null;
  email: string | null;
  phone: string | null;
  conditions: Condition[];
  external_ref: string | null;
  sort_key: string;
  version: number;
  /** ISO text (`isoTimestampSql`). */
  created_at: string;
  updated_at: string;
  current_course: CourseRow | null;
  /** Every medical-status entry of the patient (null without any): `medicalStatus` is their merge. */
  status_history: MedicalStatusRow[] | null;
}

/**
 * The one SELECT every patient read uses (`p` is the patient, `link` its current care-team link).
 * The current course and the status entries come from LATERAL lookups on their (patient, time)
 * indexes; the entries are few per patient, and their merge is the domain's (`currentMedicalStatus`).
 */
export const PATIENT_FROM = `
  SELECT p.id, p.practice_id, p.primary_therapist_id, therapist.display_name AS primary_therapist_name,
    p.given_name, p.family_name, p.preferred_name, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
    p.pronouns, p.email, p.phone, p.conditions, p.external_ref, p.sort_key, p.version,
    ${isoTimestampSql('p.created_at')} AS created_at, ${isoTimestampSql('p.updated_at')} AS updated_at,
    ${careTeamColumns('link', 'team')},
    current_course.doc AS current_course, status_history.docs AS status_history
  FROM patient p
  JOIN app_user therapist ON therapist.id = p.primary_therapist_id
  LEFT JOIN care_team_link link ON link.patient_id = p.id AND link.replaced_at IS NULL
  LEFT JOIN organization team ON team.id = link.medical_team_id
  LEFT JOIN LATERAL (
    SELECT to_jsonb(c) AS doc FROM (
      SELECT ${courseColumns('c0')} FROM course c0
       WHERE c0.patient_id = p.id AND c0.phase NOT IN ('completed', 'discontinued')
       ORDER BY c0.started_on DESC, c0.created_at DESC, c0.id DESC LIMIT 1) c
  ) current_course ON true
  LEFT JOIN LATERAL (
    SELECT jsonb_agg(to_jsonb(s)) AS docs FROM (
      SELECT ${medicalStatusColumns('s0', 'u0')} FROM medical_status_entry s0 JOIN app_user u0 ON u0.id = s0.entered_by
       WHERE s0.patient_id = p.id) s
  ) status_history ON true`;

/** The reduced record: what a member of the linked medical team may see. */
export function toPatientForMedicalTeam(row: PatientRow, today: string): PatientForMedicalTeam {
  return {
    id: row.id,
    givenName: row.given_name,
    familyName: row.family_name,
    preferredName: row.preferred_name,
    dateOfBirth: row.date_of_birth,
    age: ageOn(row.date_of_birth, today),
    pronouns: row.pronouns,
    conditions: row.conditions,
    externalRef: row.external_ref,
    primaryTherapistId: row.primary_therapist_id,
    primaryTherapistName: row.primary_therapist_name,
    careTeam: row.medical_team_id ? toCareTeam(row as CareTeamRow, today) : null,
    currentCourse: row.current_course ? toCourse(row.current_course) : null,
    medicalStatus: row.status_history ? currentMedicalStatus(row.status_history) : null,
  };
}

/** The full record, for the primary therapist and the practice's admins. */
export function toPatient(row: PatientRow, today: string): Patient {
  return {
    ...toPatientForMedicalTeam(row, today),
    email: row.email,
    phone: row.phone,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
