import type { CourseRow } from '../courses/course-mapper';
import type { MedicalStatusRow } from '../medical-status/medical-status-mapper';
import { toPatient, toPatientForMedicalTeam, type PatientRow } from './patient-mapper';

const course: CourseRow = {
  id: 'course-1',
  patient_id: 'patient-1',
  indication: 'treatment_resistant_depression',
  phase: 'preparation',
  started_on: '2026-02-01',
  planned_dosing_sessions: null,
  dose_plan: null,
  vitals_limits: null,
  version: 1,
  created_at: '2026-02-01T14:00:00.000Z',
  updated_at: '2026-02-01T14:00:00.000Z',
};

const status: MedicalStatusRow = {
  id: 'status-1',
  patient_id: 'patient-1',
  as_of: '2026-02-10T09:00:00.000Z',
  eligibility: 'eligible',
  prescription: null,
  next_follow_up_due: null,
  monitoring: null,
  note: null,
  source: 'medical_team',
  entered_by: 'prescriber-1',
  entered_by_name: 'Dr. Rivera',
  created_at: '2026-02-10T09:00:00.000Z',
};

/** A patient without a care-team link, course or status. */
const alone: PatientRow = {
  id: 'patient-1',
  practice_id: 'practice-1',
  primary_therapist_id: 'therapist-1',
  primary_therapist_name: 'Alex Morgan',
  given_name: 'Jordan',
  family_name: 'Lee',
  preferred_name: 'Jo',
  date_of_birth: '1990-06-15',
  pronouns: 'they/them',
  email: 'jordan@example.test',
  phone: '+1 555 0100',
  conditions: ['ptsd'],
  external_ref: 'EHR-17',
  sort_key: 'lee\u0001jordan',
  version: 4,
  created_at: '2026-01-05T12:00:00.000Z',
  updated_at: '2026-02-12T08:15:00.000Z',
  current_course: null,
  status_history: null,
};

/** The same patient linked to a team, with a current course and one status entry. */
const linked: PatientRow = {
  ...alone,
  medical_team_id: 'team-1',
  medical_team_name: 'Harbor Psychiatry',
  release_signed_on: '2026-01-10',
  release_expires_on: '2027-01-10',
  release_scope: null,
  linked_at: '2026-01-10T15:00:00.000Z',
  current_course: course,
  status_history: [status],
};

describe('toPatientForMedicalTeam', () => {
  it.each([
    ['the day before the birthday', '2026-06-14', 35],
    ['on the birthday', '2026-06-15', 36],
  ])('counts the age on %s', (_, today, age) => {
    expect(toPatientForMedicalTeam(alone, today).age).toBe(age);
  });

  it('answers null for the link, course and status a patient does not have', () => {
    expect(toPatientForMedicalTeam(alone, '2026-03-01')).toEqual({
      id: 'patient-1',
      givenName: 'Jordan',
      familyName: 'Lee',
      preferredName: 'Jo',
      dateOfBirth: '1990-06-15',
      age: 35,
      pronouns: 'they/them',
      conditions: ['ptsd'],
      externalRef: 'EHR-17',
      primaryTherapistId: 'therapist-1',
      primaryTherapistName: 'Alex Morgan',
      careTeam: null,
      currentCourse: null,
      medicalStatus: null,
    });
  });

  it('carries the current link, course and merged status when there are some', () => {
    const patient = toPatientForMedicalTeam(linked, '2026-03-01');
    expect(patient.careTeam).toMatchObject({
      medicalTeamId: 'team-1',
      releaseStatus: 'valid',
      sharing: true,
    });
    expect(patient.currentCourse).toMatchObject({
      id: 'course-1',
      phase: 'preparation',
      startedOn: '2026-02-01',
    });
    expect(patient.medicalStatus).toMatchObject({
      id: 'status-1',
      eligibility: 'eligible',
      fieldsAsOf: { eligibility: '2026-02-10T09:00:00.000Z' },
    });
  });

  it('leaves out what only the practice sees: contact details, version and times', () => {
    const patient = toPatientForMedicalTeam(linked, '2026-03-01');
    for (const field of ['email', 'phone', 'version', 'createdAt', 'updatedAt']) {
      expect(patient).not.toHaveProperty(field);
    }
  });
});

describe('toPatient', () => {
  it('is the reduced record plus contact details, version and times', () => {
    expect(toPatient(linked, '2026-03-01')).toEqual({
      ...toPatientForMedicalTeam(linked, '2026-03-01'),
      email: 'jordan@example.test',
      phone: '+1 555 0100',
      version: 4,
      createdAt: '2026-01-05T12:00:00.000Z',
      updatedAt: '2026-02-12T08:15:00.000Z',
    });
  });
});
