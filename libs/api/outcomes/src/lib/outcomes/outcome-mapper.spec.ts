import { toOutcome, type OutcomeRow } from './outcome-mapper';

const typed: OutcomeRow = {
  id: 'outcome-1',
  patient_id: 'patient-1',
  instrument: 'PHQ9',
  instrument_version: '1',
  administered_at: new Date('2026-03-02T15:30:00.000Z'),
  items: [1, 2, 1, 0, 1, 2, 1, 0, 0],
  total: 8,
  severity: 'mild',
  subscales: null,
  flags: [],
  difficulty: 1,
  source: 'clinician',
  session_id: 'session-1',
  entered_by: 'therapist-1',
  entered_by_name: 'Alex Morgan',
  created_at: new Date('2026-03-02T15:31:00.000Z'),
  voided_at: null,
  void_reason: null,
};

describe('toOutcome', () => {
  it('maps a typed score field by field, moments as ISO text', () => {
    expect(toOutcome(typed)).toEqual({
      id: 'outcome-1',
      patientId: 'patient-1',
      instrument: 'PHQ9',
      instrumentVersion: '1',
      administeredAt: '2026-03-02T15:30:00.000Z',
      items: [1, 2, 1, 0, 1, 2, 1, 0, 0],
      total: 8,
      severity: 'mild',
      subscales: null,
      flags: [],
      difficulty: 1,
      source: 'clinician',
      sessionId: 'session-1',
      enteredBy: { id: 'therapist-1', displayName: 'Alex Morgan' },
      createdAt: '2026-03-02T15:31:00.000Z',
      voidedAt: null,
      voidReason: null,
    });
  });

  it.each([
    [
      'the patient answered through a link (no entering user)',
      { entered_by: null, entered_by_name: null },
      null,
    ],
    [
      "the entering user's name is missing",
      { entered_by: 'therapist-1', entered_by_name: null },
      { id: 'therapist-1', displayName: '' },
    ],
  ] as const)('answers enteredBy when %s', (_, who, enteredBy) => {
    expect(toOutcome({ ...typed, ...who }).enteredBy).toEqual(enteredBy);
  });

  it('shows a voided score with when and why', () => {
    const voided = toOutcome({
      ...typed,
      voided_at: new Date('2026-03-03T09:00:00.000Z'),
      void_reason: 'Entered for the wrong patient',
    });
    expect(voided).toMatchObject({
      voidedAt: '2026-03-03T09:00:00.000Z',
      voidReason: 'Entered for the wrong patient',
    });
  });
});
