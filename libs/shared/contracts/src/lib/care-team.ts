import type { ReleaseStatus } from '@kap/shared/domain';

/** Contract: docs/api.md "Care team, release of information, medical status". */
export type { ReleaseStatus } from '@kap/shared/domain';

/** An organization of kind `medical_team` that a practice can link a patient to. */
export interface MedicalTeam {
  id: string;
  name: string;
}

export interface ReleaseOfInformation {
  /** `YYYY-MM-DD`, valid from this day... */
  signedOn: string;
  /** ...through this day, inclusive. */
  expiresOn: string;
  /** What the patient agreed may be shared, in their words or the form's. */
  scope: string | null;
}

/** The patient's link to a medical team. Nothing is shared unless `releaseStatus` says it is valid. */
export interface CareTeam {
  medicalTeamId: string;
  medicalTeamName: string;
  releaseOfInformation: ReleaseOfInformation;
  releaseStatus: ReleaseStatus;
  /** Days from today to `expiresOn` (0 on the last valid day, negative once expired). */
  releaseDaysLeft: number;
  /** True while the release is valid today: the team sees the patient. */
  sharing: boolean;
  linkedAt: string;
}

export interface ReplaceCareTeamRequest {
  medicalTeamId: string;
  releaseOfInformation: {
    signedOn: string;
    expiresOn: string;
    scope?: string | null;
  };
}

export const ELIGIBILITIES = [
  'pending_intake',
  'eligible',
  'medical_clearance_required',
  'not_eligible',
] as const;
export type Eligibility = (typeof ELIGIBILITIES)[number];

export const PRESCRIPTION_STATUSES = ['none', 'active', 'paused', 'discontinued'] as const;
export type PrescriptionStatus = (typeof PRESCRIPTION_STATUSES)[number];

export const MONITORING_STATUSES = ['on_track', 'needs_attention', 'paused', 'discharged'] as const;
export type MonitoringStatus = (typeof MONITORING_STATUSES)[number];

export const ADMINISTRATION_ROUTES = ['sublingual', 'intramuscular', 'intravenous', 'intranasal'] as const;
/** `Route` in docs/api.md: how the ketamine is taken. */
export type AdministrationRoute = (typeof ADMINISTRATION_ROUTES)[number];

/**
 * `medical_team`: entered by a member of the team (or its system);
 * `therapist_mirror`: the therapist copying what the team's own portal shows.
 */
export type MedicalStatusSource = 'medical_team' | 'therapist_mirror';

export interface Prescription {
  status: PrescriptionStatus;
  dosesAuthorized?: number;
  route?: AdministrationRoute;
}

/** One append-only entry of the medical team's status for a patient. */
export interface MedicalStatus {
  id: string;
  patientId: string;
  /** When the status was true (ISO timestamp); the newest `asOf` is the current status. */
  asOf: string;
  eligibility: Eligibility | null;
  prescription: Prescription | null;
  /** `YYYY-MM-DD` */
  nextFollowUpDue: string | null;
  monitoring: MonitoringStatus | null;
  note: string | null;
  source: MedicalStatusSource;
  enteredBy: { id: string; displayName: string };
  /** When the entry was recorded. */
  createdAt: string;
  /**
   * Only on `current`, the merge of the history: the `asOf` of the entry each field's value comes
   * from (each field holds the newest entry that states it).
   */
  fieldsAsOf?: MedicalStatusFieldsAsOf;
}

export interface MedicalStatusFieldsAsOf {
  eligibility?: string;
  prescription?: string;
  nextFollowUpDue?: string;
  monitoring?: string;
}

export interface MedicalStatusHistory {
  current: MedicalStatus | null;
  /** Every entry, newest `asOf` first. */
  history: MedicalStatus[];
}

export interface CreateMedicalStatusRequest {
  asOf: string;
  eligibility?: Eligibility;
  prescription?: Prescription;
  nextFollowUpDue?: string;
  monitoring?: MonitoringStatus;
  note?: string;
}
