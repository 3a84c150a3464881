import type { DosingRecord } from '@kap/shared/contracts';
import { storedDosing, toSession, type SessionRow } from './session-mapper';

const dosing: DosingRecord = {
  route: 'sublingual',
  doseLabel: 'half_dissociative',
  doseMg: 150,
  booster: null,
  vitals: [
    { at: '2026-03-01T22:55:00.000Z', phase: 'pre', systolic: 120, diastolic: 80, heartRate: 70, spo2: null },
    {
      at: '2026-03-02T00:55:00.000Z',
      phase: 'post',
      systolic: 118,
      diastolic: 78,
      heartRate: 68,
      spo2: null,
    },
  ],
  chaperone: null,
  adverseEvents: [],
};

function row(overrides: Partial<SessionRow> = {}): SessionRow {
  return {
    id: 's1',
    patient_id: 'p1',
    course_id: 'c1',
    kind: 'dosing',
    // 23:00 in New York on 1 March: the next New York day is 2 March.
    occurred_at: new Date('2026-03-02T04:00:00.000Z'),
    duration_minutes: 150,
    setting: 'in_person',
    dosing,
    warnings: [],
    version: 2,
    recorded_by: 'u1',
    recorded_by_name: 'Dr Therapist',
    created_at: new Date('2026-03-02T06:00:00.000Z'),
    updated_at: new Date('2026-03-02T07:00:00.000Z'),
    has_signed_note: true,
    next_integration_at: null,
    time_zone: 'America/New_York',
    ...overrides,
  };
}

describe('toSession', () => {
  it('maps the row, the recorder by name', () => {
    expect(toSession(row())).toEqual({
      id: 's1',
      patientId: 'p1',
      courseId: 'c1',
      kind: 'dosing',
      occurredAt: '2026-03-02T04:00:00.000Z',
      durationMinutes: 150,
      setting: 'in_person',
      dosing,
      warnings: [],
      documentationComplete: true,
      documentationMissing: [],
      integrationDueOn: '2026-03-02',
      recordedBy: { id: 'u1', displayName: 'Dr Therapist' },
      version: 2,
      createdAt: '2026-03-02T06:00:00.000Z',
      updatedAt: '2026-03-02T07:00:00.000Z',
    });
  });

  it.each([
    [
      'a dose with an integration session after it',
      row({ next_integration_at: new Date('2026-03-03T15:00:00.000Z') }),
      true,
      [],
      null,
    ],
    ['a dose without its signed note', row({ has_signed_note: false }), false, ['signed_note'], '2026-03-02'],
    [
      'an integration session',
      row({ kind: 'integration', dosing: null, has_signed_note: false }),
      null,
      [],
      null,
    ],
  ] as [string, SessionRow, boolean | null, string[], string | null][])(
    '%s',
    (_, session, complete, missing, due) => {
      const mapped = toSession(session);
      expect([mapped.documentationComplete, mapped.documentationMissing, mapped.integrationDueOn]).toEqual([
        complete,
        missing,
        due,
      ]);
    },
  );
});

describe('storedDosing: every key present, "not answered" kept apart from "none"', () => {
  it('fills what the request left out with null', () => {
    expect(
      storedDosing({
        route: 'intramuscular',
        doseLabel: 'full_dissociative',
        doseMg: 60,
        vitals: [
          { at: '2026-03-01T10:00:00.000Z', phase: 'pre', systolic: 120, diastolic: 80, heartRate: 70 },
        ],
        chaperone: { name: 'Sam', checks: [{ at: '2026-03-01T10:30:00.000Z', ok: true }] },
      }),
    ).toEqual({
      route: 'intramuscular',
      doseLabel: 'full_dissociative',
      doseMg: 60,
      booster: null,
      vitals: [
        {
          at: '2026-03-01T10:00:00.000Z',
          phase: 'pre',
          systolic: 120,
          diastolic: 80,
          heartRate: 70,
          spo2: null,
        },
      ],
      chaperone: { name: 'Sam', checks: [{ at: '2026-03-01T10:30:00.000Z', ok: true, note: null }] },
      adverseEvents: null,
    });
  });

  it('keeps an answered "none" as an empty list, and each event whole', () => {
    expect(storedDosing({ ...dosing, adverseEvents: [] }).adverseEvents).toEqual([]);
    expect(
      storedDosing({ ...dosing, adverseEvents: [{ type: 'nausea', severity: 'mild' }] }).adverseEvents,
    ).toEqual([{ type: 'nausea', severity: 'mild', reportedToOnCallAt: null, action: null }]);
  });

  it('drops keys the dose record does not have', () => {
    const extra = {
      ...dosing,
      booster: { doseMg: 50, at: '2026-03-01T10:40:00.000Z', by: 'x' },
    } as DosingRecord;
    expect(storedDosing(extra).booster).toEqual({ doseMg: 50, at: '2026-03-01T10:40:00.000Z' });
  });
});
