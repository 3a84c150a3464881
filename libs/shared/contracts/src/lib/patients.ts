import type { CareTeam, MedicalStatus } from './care-team';
import type { Course } from './courses';

/** Contract: docs/api.md "Patients". */
export const CONDITIONS = [
  'depression',
  'treatment_resistant_depression',
  'ptsd',
  'generalized_anxiety',
  'social_anxiety',
  'ocd',
  'chronic_pain',
  'substance_use',
  'other',
] as const;
export type Condition = (typeof CONDITIONS)[number];

/**
 * What a member of the linked medical team may see of a patient (docs/api.md: "a reduced Patient"):
 * no contact details and none of the practice's bookkeeping. It is also the caseload row, for
 * every reader: a list never carries contact details.
 */
export interface PatientForMedicalTeam {
  id: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  /** `YYYY-MM-DD` */
  dateOfBirth: string;
  /** Whole years on the server's today, derived from `dateOfBirth`. */
  age: number;
  pronouns: string | null;
  conditions: Condition[];
  /** The id the medical team uses for this patient in its own system. */
  externalRef: string | null;
  primaryTherapistId: string;
  primaryTherapistName: string;
  careTeam: CareTeam | null;
  /** The newest course that is neither completed nor discontinued. */
  currentCourse: Course | null;
  /** The newest medical-status entry by `asOf`. */
  medicalStatus: MedicalStatus | null;
}

/** A row of `GET /api/patients`, the same for every reader. */
export type PatientSummary = PatientForMedicalTeam;

/** The full record, for the primary therapist and the practice's admins. */
export interface Patient extends PatientForMedicalTeam {
  email: string | null;
  phone: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CreatePatientRequest {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  preferredName?: string | null;
  pronouns?: string | null;
  email?: string | null;
  phone?: string | null;
  conditions: Condition[];
  externalRef?: string | null;
  /** Required when a practice admin creates the patient; a therapist becomes it themselves. */
  primaryTherapistId?: string;
}

/** Any subset of the fields; `null` clears an optional one. `primaryTherapistId`: admins only. */
export type UpdatePatientRequest = Partial<CreatePatientRequest>;

export interface ArchivePatientRequest {
  reason: string;
}
