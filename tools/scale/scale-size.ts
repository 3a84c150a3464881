/**
 * How much data a scale run makes. The per-patient rates are docs/requirements.md's "Scale data" divided by
 * its 50,000 patients, so every size has the same shape: a therapist always carries 50 patients,
 * a patient always has about 40 scores, 10 sessions, 4 notes, 2 care-team updates and 100 audit
 * events. Only the number of practices, medical teams and patients grows.
 */
export interface ScaleSize {
  patients: number;
  therapists: number;
  practices: number;
  medicalTeams: number;
  scoresPerPatient: number;
  statusUpdates: number;
  auditEvents: number;
}

export const FULL_SCALE_PATIENTS = 50_000;

export function scaleSize(patients: number): ScaleSize {
  if (!Number.isInteger(patients) || patients < 500 || patients > 500_000) {
    throw new Error(`--patients must be a whole number from 500 to 500000 (got ${patients}).`);
  }
  const therapists = Math.round(patients / 50);
  return {
    patients,
    therapists,
    practices: Math.max(1, Math.round(therapists / 100)),
    medicalTeams: Math.max(1, Math.round(patients / 2_500)),
    scoresPerPatient: 40,
    statusUpdates: patients * 2,
    auditEvents: patients * 100,
  };
}
