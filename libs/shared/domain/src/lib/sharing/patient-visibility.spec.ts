import {
  patientView,
  type PatientReader,
  type PatientSharingFacts,
  type PatientView,
} from './patient-visibility';

describe('patientView', () => {
  const today = '2026-11-25';
  const patient: PatientSharingFacts = {
    practiceId: 'practice-a',
    primaryTherapistId: 'therapist-1',
    careTeam: { medicalTeamId: 'team-m', signedOn: '2026-01-01', expiresOn: '2026-12-31' },
  };
  const reader = (role: PatientReader['role'], userId: string, organizationId: string): PatientReader => ({
    role,
    userId,
    organizationId,
  });

  it.each<[string, PatientReader, PatientSharingFacts, PatientView]>([
    ['the primary therapist', reader('therapist', 'therapist-1', 'practice-a'), patient, 'practice'],
    ['another therapist of the practice', reader('therapist', 'therapist-2', 'practice-a'), patient, null],
    [
      'a therapist of another practice with the same id',
      reader('therapist', 'therapist-1', 'practice-b'),
      patient,
      null,
    ],
    ['an admin of the practice', reader('practice_admin', 'admin-a', 'practice-a'), patient, 'practice'],
    ['an admin of another practice', reader('practice_admin', 'admin-b', 'practice-b'), patient, null],
    ['a prescriber of the linked team', reader('prescriber', 'p-1', 'team-m'), patient, 'medical_team'],
    [
      'a care coordinator of the linked team',
      reader('care_coordinator', 'c-1', 'team-m'),
      patient,
      'medical_team',
    ],
    ['a prescriber of another team', reader('prescriber', 'p-2', 'team-x'), patient, null],
    [
      'the linked team when nothing is linked',
      reader('prescriber', 'p-1', 'team-m'),
      { ...patient, careTeam: null },
      null,
    ],
    [
      'the linked team after the release expired',
      reader('prescriber', 'p-1', 'team-m'),
      { ...patient, careTeam: { medicalTeamId: 'team-m', signedOn: '2025-01-01', expiresOn: '2026-11-24' } },
      null,
    ],
    [
      "the linked team on the release's last day",
      reader('prescriber', 'p-1', 'team-m'),
      { ...patient, careTeam: { medicalTeamId: 'team-m', signedOn: '2025-01-01', expiresOn: '2026-11-25' } },
      'medical_team',
    ],
    [
      'the linked team before the release is signed',
      reader('prescriber', 'p-1', 'team-m'),
      { ...patient, careTeam: { medicalTeamId: 'team-m', signedOn: '2026-11-26', expiresOn: '2027-11-26' } },
      null,
    ],
  ])('%s', (_name, who, facts, view) => {
    expect(patientView(who, facts, today)).toBe(view);
  });
});
