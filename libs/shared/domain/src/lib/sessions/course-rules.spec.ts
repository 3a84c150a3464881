import {
  dosingFrequencyExceeded,
  dosingWithoutPreparation,
  integrationMissing,
  isJudged,
  sessionWarnings,
  vitalsMissing,
  vitalsOutOfRange,
} from './course-rules';
import type { SessionFacts, SessionKind, SessionUnderReview, VitalsReading } from './session-record';

const HOUR = 60 * 60 * 1000;
const T0 = Date.parse('2026-11-25T10:00:00.000Z');
let seq = 0;
/** A session `hours` after T0 (negative: before). */
const at = (kind: SessionKind, hours: number, courseId: string | null = 'c1'): SessionFacts => ({
  id: `s${++seq}`,
  kind,
  occurredAt: new Date(T0 + hours * HOUR).toISOString(),
  courseId,
});
const dose = (hours = 0, courseId: string | null = 'c1') => at('dosing', hours, courseId);
const reading = (phase: VitalsReading['phase'], systolic = 120, diastolic = 80, heartRate = 70): VitalsReading => ({ phase, systolic, diastolic, heartRate });

describe('dosing_without_preparation', () => {
  it.each<[string, SessionFacts, SessionFacts[], boolean]>([
    ['no session before', dose(), [], true],
    ['a preparation an hour before, same course', dose(), [at('preparation', -1)], false],
    ['a preparation a millisecond before', dose(), [{ ...at('preparation', 0), occurredAt: new Date(T0 - 1).toISOString() }], false],
    ['a preparation at the same instant does not count (not before)', dose(), [at('preparation', 0)], true],
    ['a preparation after the dose', dose(), [at('preparation', 2)], true],
    ['a preparation in another course', dose(), [at('preparation', -24, 'c2')], true],
    ['a preparation with no course, dose in a course', dose(), [at('preparation', -24, null)], true],
    ['a dose with no course: any preparation of the patient', dose(0, null), [at('preparation', -24, 'c2')], false],
    ['only integration and psychotherapy before', dose(), [at('integration', -5), at('psychotherapy', -3)], true],
    ['not a dose', at('integration', 0), [], false],
  ])('%s → %p', (_name, session, others, expected) => {
    expect(dosingWithoutPreparation(session, others)).toBe(expected);
  });
});

describe('dosing_frequency_exceeded', () => {
  const week = 7 * 24;
  it.each<[string, number[], number | null | undefined, boolean]>([
    // [hours of the other doses relative to the new one], plan maximum
    ['first dose', [], undefined, false],
    ['two in a week, plan silent (2 allowed)', [-24], undefined, false],
    ['three in a week, plan silent', [-48, -24], undefined, true],
    ['three, the oldest exactly 7×24 h before', [-week, -24], undefined, false],
    ['three, the oldest 7×24 h minus a millisecond before', [-week + 1 / 3_600_000, -24], undefined, true],
    ['two in a week, plan allows 1', [-24], 1, true],
    ['one a week exactly, plan allows 1', [-week], 1, false],
    ['two, plan allows 1, 6 days 23 h apart', [-(week - 1)], 1, true],
    ['three in a week, plan allows 3', [-48, -24], 3, false],
    ['null plan maximum falls back to 2', [-48, -24], null, true],
    ['the new dose logged late, between two others within a week', [-72, 72], undefined, true],
    ['crowded week well before the new dose does not count', [-500, -490, -480], undefined, false],
    ['a later window that contains the new dose', [100, 150], undefined, true],
  ])('%s → %p', (_name, hours, max, expected) => {
    const session = dose();
    const others = hours.map((h) => ({ ...dose(0), occurredAt: new Date(T0 + h * HOUR).toISOString() }));
    expect(dosingFrequencyExceeded(session, others, max)).toBe(expected);
  });

  it('counts doses of other courses too (a dose is a dose) and ignores other kinds', () => {
    expect(dosingFrequencyExceeded(dose(), [dose(-24, 'c2'), dose(-48, null)], undefined)).toBe(true);
    expect(dosingFrequencyExceeded(dose(), [at('preparation', -24), at('integration', -48)], 1)).toBe(false);
  });

  it('does not count the session itself twice when it is re-checked after an edit', () => {
    const session = dose();
    expect(dosingFrequencyExceeded(session, [session, dose(-24)], 2)).toBe(false);
  });
});

describe('integration_missing', () => {
  it.each<[string, SessionFacts, SessionFacts[], boolean]>([
    ['first dose of the course', dose(), [at('preparation', -48)], false],
    ['previous dose, no integration since', dose(), [dose(-14 * 24)], true],
    ['previous dose, integration the day after', dose(), [dose(-14 * 24), at('integration', -13 * 24)], false],
    ['integration before the previous dose does not count', dose(), [at('integration', -15 * 24), dose(-14 * 24)], true],
    ['integration after this dose does not count', dose(), [dose(-14 * 24), at('integration', 1)], true],
    ['integration in another course does not count', dose(), [dose(-14 * 24), at('integration', -13 * 24, 'c2')], true],
    ['a dose of another course is not the previous dose', dose(), [dose(-14 * 24, 'c2')], false],
    ['two earlier doses, the latest integrated', dose(), [dose(-28 * 24), dose(-14 * 24), at('integration', -13 * 24)], false],
    ['two earlier doses, only the first integrated', dose(), [dose(-28 * 24), at('integration', -27 * 24), dose(-14 * 24)], true],
    ['a dose logged late, before an integrated one', dose(-20 * 24), [dose(-28 * 24), at('integration', -27 * 24), dose(-14 * 24)], false],
    ['not a dose', at('integration', 0), [dose(-24)], false],
  ])('%s → %p', (_name, session, others, expected) => {
    expect(integrationMissing(session, others)).toBe(expected);
  });
});

describe('vitals_out_of_range (against the limits as ordered)', () => {
  const limits = { systolicMax: 160, diastolicMax: 100, heartRateMax: 120 };
  it.each<[string, VitalsReading[], typeof limits | null | object, boolean]>([
    ['all within', [reading('pre'), reading('post')], limits, false],
    ['systolic equal to the limit', [reading('pre', 160)], limits, false],
    ['systolic one above', [reading('pre', 161)], limits, true],
    ['diastolic equal', [reading('mid', 150, 100)], limits, false],
    ['diastolic one above', [reading('mid', 150, 101)], limits, true],
    ['heart rate equal', [reading('post', 120, 80, 120)], limits, false],
    ['heart rate one above', [reading('post', 120, 80, 121)], limits, true],
    ['no limits ordered: nothing to compare', [reading('pre', 220, 130, 180)], null, false],
    ['only a heart-rate limit', [reading('pre', 220, 130, 100)], { heartRateMax: 110 }, false],
    ['no readings', [], limits, false],
  ])('%s → %p', (_name, vitals, given, expected) => {
    expect(vitalsOutOfRange(vitals, given as typeof limits | null)).toBe(expected);
  });
});

describe('vitals_missing', () => {
  it.each<[string, VitalsReading['phase'][], boolean]>([
    ['pre and post', ['pre', 'post'], false],
    ['pre, mid and post', ['pre', 'mid', 'post'], false],
    ['pre only', ['pre'], true],
    ['post only', ['post'], true],
    ['mid only', ['mid'], true],
    ['none', [], true],
  ])('%s → %p', (_name, phases, expected) => {
    expect(vitalsMissing(phases.map((p) => reading(p)))).toBe(expected);
  });
});

describe('sessionWarnings', () => {
  const review = (over: Partial<SessionUnderReview> = {}): SessionUnderReview => ({
    ...dose(),
    durationMinutes: 120,
    dosing: { doseMg: 200, vitals: [reading('pre'), reading('post')], adverseEvents: [] },
    ...over,
  });
  const prep = at('preparation', -48);

  it('a well-kept dose has no warning', () => {
    expect(sessionWarnings(review(), [prep], { maxDosingSessionsPerWeek: 1, vitalsLimits: { systolicMax: 160 } })).toEqual([]);
  });

  it('reports every broken rule in a fixed order', () => {
    const session = review({
      dosing: { doseMg: 200, vitals: [reading('pre', 170)], adverseEvents: [{ type: 'vomiting', severity: 'serious' }] },
    });
    expect(sessionWarnings(session, [dose(-24)], { maxDosingSessionsPerWeek: 1, vitalsLimits: { systolicMax: 160 } })).toEqual([
      'dosing_without_preparation',
      'dosing_frequency_exceeded',
      'integration_missing',
      'vitals_out_of_range',
      'vitals_missing',
      'serious_adverse_event',
    ]);
  });

  // Only what is judged may need the patient's other sessions (the API reads them for it alone).
  it.each<[string, Partial<SessionUnderReview>, boolean]>([
    ['a dose with its record', {}, true],
    ['a dose without its record', { dosing: null }, false],
    ['a psychotherapy session', { kind: 'psychotherapy', dosing: null }, false],
    ['an integration session', { kind: 'integration', dosing: null }, false],
  ])('%s is judged: %p', (_name, over, judged) => {
    const session = review(over);
    expect(isJudged(session)).toBe(judged);
    // Nothing that is not judged gets a warning, whatever the other sessions are.
    if (!judged) expect(sessionWarnings(session, [dose(-24)], { maxDosingSessionsPerWeek: 1 })).toEqual([]);
  });

  it.each<[string, 'mild' | 'moderate' | 'severe' | 'serious', boolean]>([
    ['mild', 'mild', false],
    ['moderate', 'moderate', false],
    ['severe is not serious', 'severe', false],
    ['serious', 'serious', true],
  ])('adverse event %s → serious_adverse_event %p', (_name, severity, expected) => {
    const session = review({ dosing: { doseMg: 200, vitals: [reading('pre'), reading('post')], adverseEvents: [{ type: 'x', severity }] } });
    expect(sessionWarnings(session, [prep], null).includes('serious_adverse_event')).toBe(expected);
  });

  it('adverse events not answered yet is a documentation gap, not a warning', () => {
    const session = review({ dosing: { doseMg: 200, vitals: [reading('pre'), reading('post')], adverseEvents: null } });
    expect(sessionWarnings(session, [prep], null)).toEqual([]);
  });

  it('other kinds of session carry no warning', () => {
    expect(sessionWarnings({ ...at('integration', 0), durationMinutes: 50, dosing: null }, [], null)).toEqual([]);
  });
});
