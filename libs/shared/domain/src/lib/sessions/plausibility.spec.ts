import { implausibleSessionValues } from './plausibility';
import type { DosingFacts, SessionUnderReview, VitalsReading } from './session-record';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const reading = (over: Partial<VitalsReading> = {}): VitalsReading => ({
  phase: 'pre',
  systolic: 120,
  diastolic: 80,
  heartRate: 70,
  spo2: 98,
  ...over,
});
const session = (
  dosing: Partial<DosingFacts> | null = {},
  over: Partial<SessionUnderReview> = {},
): Omit<SessionUnderReview, 'id'> => ({
  kind: dosing ? 'dosing' : 'integration',
  occurredAt: '2026-11-25T10:00:00.000Z',
  courseId: null,
  durationMinutes: 120,
  dosing: dosing ? { doseMg: 200, vitals: [reading()], adverseEvents: [], ...dosing } : null,
  ...over,
});
const fields = (s: Omit<SessionUnderReview, 'id'>) => implausibleSessionValues(s, NOW).map((p) => p.field);

describe('physically impossible session values (not clinical limits)', () => {
  it.each<[string, Partial<VitalsReading>, string[]]>([
    ['a plausible reading', {}, []],
    ['systolic 50 (lowest possible)', { systolic: 50, diastolic: 30 }, []],
    ['systolic 49', { systolic: 49, diastolic: 30 }, ['dosing.vitals[0].systolic']],
    ['systolic 300', { systolic: 300 }, []],
    ['systolic 301', { systolic: 301 }, ['dosing.vitals[0].systolic']],
    ['systolic 400', { systolic: 400 }, ['dosing.vitals[0].systolic']],
    ['diastolic 20', { diastolic: 20 }, []],
    ['diastolic 19', { diastolic: 19 }, ['dosing.vitals[0].diastolic']],
    ['diastolic 200 under systolic 250', { systolic: 250, diastolic: 200 }, []],
    ['diastolic 201', { systolic: 250, diastolic: 201 }, ['dosing.vitals[0].diastolic']],
    ['diastolic equal to systolic', { systolic: 120, diastolic: 120 }, ['dosing.vitals[0].diastolic']],
    ['diastolic above systolic', { systolic: 110, diastolic: 130 }, ['dosing.vitals[0].diastolic']],
    ['heart rate 20', { heartRate: 20 }, []],
    ['heart rate 19', { heartRate: 19 }, ['dosing.vitals[0].heartRate']],
    ['heart rate 250', { heartRate: 250 }, []],
    ['heart rate 251', { heartRate: 251 }, ['dosing.vitals[0].heartRate']],
    ['SpO2 50', { spo2: 50 }, []],
    ['SpO2 49', { spo2: 49 }, ['dosing.vitals[0].spo2']],
    ['SpO2 100', { spo2: 100 }, []],
    ['SpO2 101', { spo2: 101 }, ['dosing.vitals[0].spo2']],
    ['SpO2 not taken', { spo2: undefined }, []],
  ])('%s → %p', (_name, over, expected) => {
    expect(fields(session({ vitals: [reading(over)] }))).toEqual(expected);
  });

  it('names the index of the reading', () => {
    expect(fields(session({ vitals: [reading(), reading({ phase: 'post', heartRate: 300 })] }))).toEqual([
      'dosing.vitals[1].heartRate',
    ]);
  });

  it.each<[string, number, boolean]>([
    ['0 mg', 0, false],
    ['negative', -50, false],
    ['0.5 mg', 0.5, true],
    ['1000 mg', 1000, true],
    ['1000.5 mg', 1000.5, false],
  ])('dose %s → plausible %p', (_name, doseMg, ok) => {
    expect(fields(session({ doseMg }))).toEqual(ok ? [] : ['dosing.doseMg']);
    expect(fields(session({ booster: { doseMg, at: '2026-11-25T10:40:00.000Z' } }))).toEqual(
      ok ? [] : ['dosing.booster.doseMg'],
    );
  });

  it.each<[string, string, boolean]>([
    ['an hour ago', '2026-11-25T11:00:00.000Z', true],
    ['exactly a day ahead', '2026-11-26T12:00:00.000Z', true],
    ['a day and a millisecond ahead', '2026-11-26T12:00:00.001Z', false],
    ['a year ago', '2025-11-25T12:00:00.000Z', true],
  ])('occurredAt %s → plausible %p', (_name, occurredAt, ok) => {
    expect(fields(session(null, { occurredAt }))).toEqual(ok ? [] : ['occurredAt']);
  });

  it.each<[number, boolean]>([
    [0, false],
    [1, true],
    [720, true],
    [721, false],
  ])('durationMinutes %i → plausible %p', (durationMinutes, ok) => {
    expect(fields(session(null, { durationMinutes }))).toEqual(ok ? [] : ['durationMinutes']);
  });
});
