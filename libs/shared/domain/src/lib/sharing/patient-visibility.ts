import { releaseAllowsSharing, type ReleaseOfInformationDates } from '../care-team/release-of-information';

export type ReaderRole = 'therapist' | 'practice_admin' | 'prescriber' | 'care_coordinator';

export interface PatientReader {
  userId: string;
  role: ReaderRole;
  organizationId: string;
}

export interface PatientSharingFacts {
  practiceId: string;
  primaryTherapistId: string;
  /** The current care-team link, if any. */
  careTeam: (ReleaseOfInformationDates & { medicalTeamId: string }) | null;
}

/**
 * - `practice`: the full record (the primary therapist, or an admin of the patient's practice);
 * - `medical_team`: the reduced record, for the linked team while its release is valid;
 * - `null`: nothing at all, answered exactly like a record that does not exist.
 */
export type PatientView = 'practice' | 'medical_team' | null;

/**
 * Who may see a patient, and how much. A therapist sees their own caseload, a practice admin the
 * practice, and a member of a medical team only the patients linked to their team whose release
 * of information is valid today.
 */
export function patientView(reader: PatientReader, patient: PatientSharingFacts, today: string): PatientView {
  switch (reader.role) {
    case 'therapist':
      return patient.practiceId === reader.organizationId && patient.primaryTherapistId === reader.userId
        ? 'practice'
        : null;
    case 'practice_admin':
      return patient.practiceId === reader.organizationId ? 'practice' : null;
    case 'prescriber':
    case 'care_coordinator':
      return patient.careTeam !== null &&
        patient.careTeam.medicalTeamId === reader.organizationId &&
        releaseAllowsSharing(patient.careTeam, today)
        ? 'medical_team'
        : null;
    default:
      return null;
  }
}
