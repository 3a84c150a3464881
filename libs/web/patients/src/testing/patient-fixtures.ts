import type {
  CareTeam,
  Course,
  MedicalStatus,
  Patient,
  PatientForMedicalTeam,
  User,
} from '@kap/shared/contracts';

/** Test data for the patient pages' specs; the dates assume "today" is 2026-11-25. */
export const TODAY_FOR_TESTS = '2026-11-25';

export const therapistUser: User = {
  id: 'u-dana',
  email: 'therapist@demo.test',
  displayName: 'Dana Whitfield, LMFT',
  role: 'therapist',
  organizationId: 'org-practice',
  organizationKind: 'practice',
};

export const prescriberUser: User = {
  id: 'u-elena',
  email: 'prescriber@demo.test',
  displayName: 'Dr. Elena Morales, MD',
  role: 'prescriber',
  organizationId: 'org-team',
  organizationKind: 'medical_team',
};

export const adminUser: User = {
  ...therapistUser,
  id: 'u-admin',
  displayName: 'Ada Admin',
  role: 'practice_admin',
};

export function careTeam(overrides: Partial<CareTeam> = {}): CareTeam {
  return {
    medicalTeamId: 'team-1',
    medicalTeamName: 'Northstar Medical Team',
    releaseOfInformation: { signedOn: '2026-09-26', expiresOn: '2027-09-26', scope: null },
    releaseStatus: 'valid',
    releaseDaysLeft: 305,
    sharing: true,
    linkedAt: '2026-09-26T10:00:00.000Z',
    ...overrides,
  };
}

export function course(overrides: Partial<Course> = {}): Course {
  return {
    id: 'course-1',
    patientId: 'p-1',
    indication: 'treatment_resistant_depression',
    phase: 'dosing',
    startedOn: '2026-10-01',
    plannedDosingSessions: 6,
    dosePlan: { route: 'sublingual', doseMgMin: 100, doseMgMax: 300, maxDosingSessionsPerWeek: 1 },
    vitalsLimits: { systolicMax: 160, diastolicMax: 100, heartRateMax: 120 },
    version: 3,
    createdAt: '2026-10-01T10:00:00.000Z',
    updatedAt: '2026-10-01T10:00:00.000Z',
    ...overrides,
  };
}

export function medicalStatus(overrides: Partial<MedicalStatus> = {}): MedicalStatus {
  return {
    id: 'ms-1',
    patientId: 'p-1',
    asOf: '2026-11-05T14:00:00.000Z',
    eligibility: 'eligible',
    prescription: { status: 'active', dosesAuthorized: 4, route: 'sublingual' },
    nextFollowUpDue: '2026-12-05',
    monitoring: 'on_track',
    note: null,
    source: 'medical_team',
    enteredBy: { id: 'u-elena', displayName: 'Dr. Elena Morales, MD' },
    createdAt: '2026-11-05T14:00:00.000Z',
    ...overrides,
  };
}

export function reducedPatient(overrides: Partial<PatientForMedicalTeam> = {}): PatientForMedicalTeam {
  return {
    id: 'p-1',
    givenName: 'Marcus',
    familyName: 'Bell',
    preferredName: null,
    dateOfBirth: '1975-11-21',
    age: 51,
    pronouns: 'he/him',
    conditions: ['treatment_resistant_depression', 'chronic_pain'],
    externalRef: null,
    primaryTherapistId: 'u-dana',
    primaryTherapistName: 'Dana Whitfield, LMFT',
    careTeam: careTeam(),
    currentCourse: course(),
    medicalStatus: medicalStatus(),
    ...overrides,
  };
}

export function fullPatient(overrides: Partial<Patient> = {}): Patient {
  return {
    ...reducedPatient(),
    email: 'marcus@example.test',
    phone: '+1 555 0100',
    version: 2,
    createdAt: '2026-09-26T10:00:00.000Z',
    updatedAt: '2026-09-26T10:00:00.000Z',
    ...overrides,
  };
}

/** Lets pending promises, HTTP answers and change detection all settle. */
export async function settle(fixture: { whenStable(): Promise<unknown> }): Promise<void> {
  await fixture.whenStable();
  await new Promise((resolve) => setTimeout(resolve));
  await fixture.whenStable();
}
