import type { Condition, Page, Patient, PatientForMedicalTeam, PatientSummary } from '@kap/shared/contracts';
import { CareTeamResponse } from '../care-team/care-team-responses';
import { CourseResponse } from '../courses/course-responses';
import { MedicalStatusResponse } from '../medical-status/medical-status-responses';

/**
 * What a member of the linked medical team sees of a patient (docs/api.md "a reduced Patient"),
 * and the caseload row for every reader: no contact details.
 */
export class PatientForMedicalTeamResponse implements PatientForMedicalTeam {
  id!: string;
  givenName!: string;
  familyName!: string;
  preferredName!: string | null;
  /** `YYYY-MM-DD` */
  dateOfBirth!: string;
  /** Whole years on the server's today. */
  age!: number;
  pronouns!: string | null;
  conditions!: Condition[];
  /** The id the medical team uses for this patient in its own system. */
  externalRef!: string | null;
  primaryTherapistId!: string;
  primaryTherapistName!: string;
  careTeam!: CareTeamResponse | null;
  /** The newest course that is neither completed nor discontinued. */
  currentCourse!: CourseResponse | null;
  /** The newest medical-status entry by `asOf`. */
  medicalStatus!: MedicalStatusResponse | null;
}

/** The full record, for the primary therapist and the practice's admins. */
export class PatientResponse extends PatientForMedicalTeamResponse implements Patient {
  email!: string | null;
  phone!: string | null;
  version!: number;
  createdAt!: string;
  updatedAt!: string;
}

export class PatientSummaryPage implements Page<PatientSummary> {
  items!: PatientForMedicalTeamResponse[];
  nextCursor!: string | null;
}
