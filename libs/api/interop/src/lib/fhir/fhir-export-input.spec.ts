import type { DosingRecord } from '@kap/shared/contracts';
import { exportCategories, toFhirExportInput } from './fhir-export-input';
import type { ExportedPatientRow, ExportedScoreRow, ExportedSessionRow } from './fhir-export-repository';

const patient: ExportedPatientRow = {
  id: '00000000-0000-4000-8000-000000001001',
  given_name: 'Ada',
  family_name: 'Lovelace',
  preferred_name: 'Addie',
  date_of_birth: '1980-02-03',
  email: 'ada@example.test',
  phone: null,
  external_ref: 'MRN-7',
  practice_name: 'Harbour Practice',
};

const dosing: DosingRecord = {
  route: 'sublingual',
  doseLabel: 'half_dissociative',
  doseMg: 150,
  booster: null,
  vitals: [
    { at: '2026-03-01T09:55:00.000Z', phase: 'pre', systolic: 120, diastolic: 80, heartRate: 70, spo2: null },
    // Older records kept readings without their own time.
    { phase: 'post', systolic: 125, diastolic: 82, heartRate: 74 } as DosingRecord['vitals'][number],
  ],
  chaperone: null,
  adverseEvents: [{ type: 'nausea', severity: 'mild', reportedToOnCallAt: null, action: null }],
};

function session(overrides: Partial<ExportedSessionRow> = {}): ExportedSessionRow {
  return {
    id: '00000000-0000-4000-8000-000006000001',
    kind: 'integration',
    occurred_at: new Date('2026-03-01T10:00:00.000Z'),
    duration_minutes: 50,
    setting: 'in_person',
    dosing: null,
    ...overrides,
  };
}

const score: ExportedScoreRow = {
  id: '00000000-0000-4000-8000-000005000001',
  instrument: 'PHQ9',
  instrument_version: '1',
  administered_at: new Date('2026-03-02T08:30:00.000Z'),
  items: [1, 1, 1, 1, 1, 1, 1, 1, 0],
  total: 8,
  severity: 'mild',
  difficulty: 1,
  session_id: null,
};

describe('toFhirExportInput: the record rows in the FHIR mapper words', () => {
  it('names the patient and practice from the patient row', () => {
    const input = toFhirExportInput(patient, [], [], '2026-04-01T00:00:00.000Z');
    expect(input).toEqual({
      practiceName: 'Harbour Practice',
      patient: {
        id: patient.id,
        givenName: 'Ada',
        familyName: 'Lovelace',
        preferredName: 'Addie',
        dateOfBirth: '1980-02-03',
        email: 'ada@example.test',
        phone: null,
        externalRef: 'MRN-7',
      },
      sessions: [],
      scores: [],
      generatedAt: '2026-04-01T00:00:00.000Z',
    });
  });

  it.each([
    ['a session without a dose record', null, [], []],
    [
      'a dosing session, a reading without a time dated by its session',
      dosing,
      [
        { ...dosing.vitals[0] },
        { phase: 'post', systolic: 125, diastolic: 82, heartRate: 74, at: '2026-03-01T10:00:00.000Z' },
      ],
      dosing.adverseEvents,
    ],
    [
      'a dose record whose adverse events were not answered',
      { ...dosing, vitals: [], adverseEvents: null },
      [],
      [],
    ],
  ])('%s', (_, record, vitals, adverseEvents) => {
    const input = toFhirExportInput(
      patient,
      [session({ kind: record ? 'dosing' : 'integration', dosing: record })],
      [],
      '2026-04-01T00:00:00.000Z',
    );
    expect(input.sessions).toEqual([
      {
        id: '00000000-0000-4000-8000-000006000001',
        kind: record ? 'dosing' : 'integration',
        occurredAt: '2026-03-01T10:00:00.000Z',
        durationMinutes: 50,
        setting: 'in_person',
        vitals,
        adverseEvents,
      },
    ]);
  });

  it('maps a score row with its instrument version and difficulty', () => {
    const input = toFhirExportInput(patient, [], [score], '2026-04-01T00:00:00.000Z');
    expect(input.scores).toEqual([
      {
        id: score.id,
        instrument: 'PHQ9',
        administeredAt: '2026-03-02T08:30:00.000Z',
        items: [1, 1, 1, 1, 1, 1, 1, 1, 0],
        total: 8,
        severity: 'mild',
        instrumentVersion: '1',
        difficulty: 1,
        sessionId: null,
      },
    ]);
  });
});

describe('exportCategories: what the accounting of disclosures says left', () => {
  it.each([
    ['demographics alone', [], [], ['fhir_export', 'demographics']],
    ['a session without a dose record', [session()], [], ['fhir_export', 'demographics', 'session_records']],
    [
      'a dose with vitals and an adverse event',
      [session({ kind: 'dosing', dosing })],
      [],
      ['fhir_export', 'demographics', 'session_records', 'vitals', 'adverse_events'],
    ],
    ['a score', [], [score], ['fhir_export', 'demographics', 'outcome_scores']],
  ])('%s', (_, sessions, scores, expected) => {
    expect(
      exportCategories(toFhirExportInput(patient, sessions, scores, '2026-04-01T00:00:00.000Z')),
    ).toEqual(expected);
  });
});
