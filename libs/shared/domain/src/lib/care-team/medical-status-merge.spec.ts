import { mergeMedicalStatus, newestStatusFirst, type MedicalStatusEntry } from './medical-status-merge';

/** An entry with a note and an author, as the API passes them (wider than the merge needs). */
interface StatusRecord extends MedicalStatusEntry {
  note: string | null;
  source: 'medical_team' | 'therapist_mirror';
}

const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}T10:00:00.000Z`;
const entry = (id: string, asOfDay: number, over: Partial<StatusRecord> = {}): StatusRecord => ({
  id,
  asOf: day(asOfDay),
  createdAt: day(asOfDay),
  eligibility: null,
  prescription: null,
  nextFollowUpDue: null,
  monitoring: null,
  note: null,
  source: 'medical_team',
  ...over,
});

const intake = entry('a', 1, {
  eligibility: 'eligible',
  prescription: { status: 'active', dosesAuthorized: 6 },
  nextFollowUpDue: '2026-12-01',
  monitoring: 'on_track',
});
const noteOnly = entry('b', 5, { note: 'Called the patient.', source: 'therapist_mirror' });
const paused = entry('c', 10, { prescription: { status: 'paused' } });
const notEligible = entry('d', 15, { eligibility: 'not_eligible', monitoring: 'needs_attention' });

describe('mergeMedicalStatus', () => {
  it('no entries → null', () => {
    expect(mergeMedicalStatus([])).toBeNull();
  });

  it('one entry is itself, each stated field dated by its asOf', () => {
    expect(mergeMedicalStatus([intake])).toEqual({
      ...intake,
      fieldsAsOf: { eligibility: day(1), prescription: day(1), nextFollowUpDue: day(1), monitoring: day(1) },
    });
  });

  it('a note-only entry blanks nothing; id, asOf, note and source are the newest entry’s', () => {
    expect(mergeMedicalStatus([intake, noteOnly])).toEqual({
      ...intake,
      id: 'b',
      asOf: day(5),
      createdAt: day(5),
      note: 'Called the patient.',
      source: 'therapist_mirror',
      fieldsAsOf: { eligibility: day(1), prescription: day(1), nextFollowUpDue: day(1), monitoring: day(1) },
    });
  });

  it('each field from the newest entry that states it, in any input order', () => {
    const merged = mergeMedicalStatus([notEligible, intake, paused, noteOnly]);
    expect(merged).toMatchObject({
      id: 'd',
      eligibility: 'not_eligible',
      prescription: { status: 'paused' },
      nextFollowUpDue: '2026-12-01',
      monitoring: 'needs_attention',
      note: null,
      fieldsAsOf: {
        eligibility: day(15),
        prescription: day(10),
        nextFollowUpDue: day(1),
        monitoring: day(15),
      },
    });
  });

  it('a field no entry states stays null and has no asOf', () => {
    const merged = mergeMedicalStatus([noteOnly, paused]);
    expect(merged).toMatchObject({
      eligibility: null,
      nextFollowUpDue: null,
      monitoring: null,
      prescription: { status: 'paused' },
    });
    expect(merged?.fieldsAsOf).toEqual({ prescription: day(10) });
  });

  it.each<[string, string | undefined, string | null, string | null]>([
    // as of, → newest id, eligibility
    ['no moment: every entry', undefined, 'd', 'not_eligible'],
    ['after the last entry', day(20), 'd', 'not_eligible'],
    ['exactly at an entry: it counts', day(15), 'd', 'not_eligible'],
    ['a millisecond before it: it does not', '2026-11-15T09:59:59.999Z', 'c', 'eligible'],
    ['between the first two', day(3), 'a', 'eligible'],
    ['before any entry', day(1).replace('10:00', '09:00'), null, null],
  ])('as of a moment (%s)', (_name, asOf, id, eligibility) => {
    const merged = mergeMedicalStatus([intake, noteOnly, paused, notEligible], asOf);
    expect(merged?.id ?? null).toBe(id);
    expect(merged?.eligibility ?? null).toBe(eligibility);
  });

  it('an asOf with another offset is the same instant', () => {
    expect(mergeMedicalStatus([intake, paused], '2026-11-10T05:00:00.000-05:00')?.id).toBe('c');
  });

  it('entries with the same asOf: the one recorded later wins, then the larger id (as the SQL orders them)', () => {
    const first = entry('e1', 12, { eligibility: 'medical_clearance_required' });
    const later = entry('e0', 12, { eligibility: 'eligible', createdAt: '2026-11-12T11:00:00.000Z' });
    expect(mergeMedicalStatus([later, first])?.eligibility).toBe('eligible');
    const tieA = entry('f1', 12, { eligibility: 'pending_intake' });
    const tieB = entry('f2', 12, { eligibility: 'not_eligible' });
    expect(mergeMedicalStatus([tieB, tieA])?.eligibility).toBe('not_eligible');
    expect([tieA, later, intake, tieB].sort(newestStatusFirst).map((e) => e.id)).toEqual([
      'e0',
      'f2',
      'f1',
      'a',
    ]);
  });

  it('does not change the entries it was given', () => {
    const entries = [notEligible, intake];
    const before = JSON.stringify(entries);
    mergeMedicalStatus(entries);
    expect(JSON.stringify(entries)).toBe(before);
  });
});
