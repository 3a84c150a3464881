import type { DosingRecord } from '@kap/shared/contracts';
import { toSharedItems, toSharedSession, type SessionFacts, type SharedItemRows } from './shared-items';

const dosing: DosingRecord = {
  route: 'sublingual',
  doseLabel: 'half_dissociative',
  doseMg: 150,
  booster: null,
  vitals: [
    { at: '2026-03-01T09:55:00.000Z', phase: 'pre', systolic: 120, diastolic: 80, heartRate: 70, spo2: null },
    {
      at: '2026-03-01T11:55:00.000Z',
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

function session(overrides: Partial<SessionFacts> = {}): SessionFacts {
  return {
    id: '00000000-0000-4000-8000-000006000001',
    kind: 'dosing',
    occurred_at: new Date('2026-03-01T10:00:00.000Z'),
    duration_minutes: 150,
    setting: 'in_person',
    dosing,
    has_signed_note: true,
    ...overrides,
  };
}

describe('toSharedSession: documentation is judged for a dose only', () => {
  it.each([
    ['a documented dose', session(), true, []],
    ['a dose without its signed note', session({ has_signed_note: false }), false, ['signed_note']],
    [
      'a dose without vitals or an answer on adverse events',
      session({ dosing: { ...dosing, vitals: [], adverseEvents: null } }),
      false,
      ['pre_vitals', 'post_vitals', 'adverse_events'],
    ],
    ['an integration session', session({ kind: 'integration', dosing: null }), null, []],
  ] as [string, SessionFacts, boolean | null, string[]][])('%s', (_, row, complete, missing) => {
    expect(toSharedSession(row)).toEqual({
      id: row.id,
      kind: row.kind,
      occurredAt: '2026-03-01T10:00:00.000Z',
      durationMinutes: row.duration_minutes,
      setting: 'in_person',
      dosing: row.dosing,
      documentationComplete: complete,
      documentationMissing: missing,
    });
  });
});

describe('toSharedItems', () => {
  const rows: SharedItemRows = {
    sessions: [session()],
    outcomes: [
      {
        id: 'o1',
        instrument: 'PHQ9',
        administered_at: new Date('2026-03-02T08:00:00.000Z'),
        total: 7,
        severity: 'mild',
        flags: [],
        voided_at: null,
      },
      {
        id: 'o2',
        instrument: 'GAD7',
        administered_at: new Date('2026-03-02T08:05:00.000Z'),
        total: 4,
        severity: 'minimal',
        flags: ['item9_positive'],
        voided_at: new Date('2026-03-03T08:00:00.000Z'),
      },
    ],
    notes: [
      {
        id: 'n1',
        kind: 'integration',
        session_id: null,
        signed_at: new Date('2026-03-02T12:00:00.000Z'),
        body: 'Integration went well.',
      },
      {
        id: 'n2',
        kind: 'progress',
        session_id: 's1',
        signed_at: new Date('2026-03-04T12:00:00.000Z'),
        body: 'Progress.',
      },
    ],
    addenda: [
      {
        note_id: 'n1',
        body: 'First.',
        reason: 'Correction',
        created_at: new Date('2026-03-02T13:00:00.000Z'),
      },
      {
        note_id: 'n1',
        body: 'Second.',
        reason: 'Follow-up',
        created_at: new Date('2026-03-02T14:00:00.000Z'),
      },
    ],
  };

  it('keys every item by id and says whether a score was voided', () => {
    const items = toSharedItems(rows);
    expect([...items.sessions.keys()]).toEqual(['00000000-0000-4000-8000-000006000001']);
    expect(items.outcomes.get('o1')).toEqual({
      id: 'o1',
      instrument: 'PHQ9',
      administeredAt: '2026-03-02T08:00:00.000Z',
      total: 7,
      severity: 'mild',
      flags: [],
      voided: false,
    });
    expect(items.outcomes.get('o2')?.voided).toBe(true);
  });

  it('gives each note its own addenda, in the order read', () => {
    const items = toSharedItems(rows);
    expect(items.notes.get('n1')).toEqual({
      id: 'n1',
      kind: 'integration',
      sessionId: null,
      signedAt: '2026-03-02T12:00:00.000Z',
      body: 'Integration went well.',
      addenda: [
        { body: 'First.', reason: 'Correction', createdAt: '2026-03-02T13:00:00.000Z' },
        { body: 'Second.', reason: 'Follow-up', createdAt: '2026-03-02T14:00:00.000Z' },
      ],
    });
    expect(items.notes.get('n2')?.addenda).toEqual([]);
  });

  it('is empty for no rows', () => {
    const items = toSharedItems({ sessions: [], outcomes: [], notes: [], addenda: [] });
    expect([items.sessions.size, items.outcomes.size, items.notes.size]).toEqual([0, 0, 0]);
  });
});
