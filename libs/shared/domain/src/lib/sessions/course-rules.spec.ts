import type { MedicalStatusEntry } from '../care-team/medical-status-merge';
import {
  doseOutsidePlan,
  dosesAuthorizedExceeded,
  dosesUnderPrescription,
  dosingFrequencyExceeded,
  dosingWithoutPreparation,
  integrationMissing,
  isJudged,
  notClearedForDosing,
  onCallNotInformed,
  prescriptionNotActive,
  sessionWarnings,
  severeAdverseEvent,
  vitalsBreaches,
  vitalsLimitsNotOrdered,
  vitalsLimitsProblems,
  vitalsMissing,
  vitalsOutOfRange,
  vitalsLimitsText,
} from './course-rules';
import { mergeMedicalStatus } from '../care-team/medical-status-merge';
import type {
  AdverseEventRecord,
  CourseOrders,
  DosePlanOrder,
  SessionFacts,
  SessionKind,
  SessionUnderReview,
  VitalsLimitsOrder,
  VitalsReading,
} from './session-record';

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
const reading = (
  phase: VitalsReading['phase'],
  systolic = 120,
  diastolic = 80,
  heartRate = 70,
): VitalsReading => ({ phase, systolic, diastolic, heartRate });

describe('dosing_without_preparation', () => {
  it.each<[string, SessionFacts, SessionFacts[], boolean]>([
    ['no session before', dose(), [], true],
    ['a preparation an hour before, same course', dose(), [at('preparation', -1)], false],
    [
      'a preparation a millisecond before',
      dose(),
      [{ ...at('preparation', 0), occurredAt: new Date(T0 - 1).toISOString() }],
      false,
    ],
    ['a preparation at the same instant does not count (not before)', dose(), [at('preparation', 0)], true],
    ['a preparation after the dose', dose(), [at('preparation', 2)], true],
    ['a preparation in another course', dose(), [at('preparation', -24, 'c2')], true],
    ['a preparation with no course, dose in a course', dose(), [at('preparation', -24, null)], true],
    [
      'a dose with no course: any preparation of the patient',
      dose(0, null),
      [at('preparation', -24, 'c2')],
      false,
    ],
    [
      'only integration and psychotherapy before',
      dose(),
      [at('integration', -5), at('psychotherapy', -3)],
      true,
    ],
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
    [
      'previous dose, integration the day after',
      dose(),
      [dose(-14 * 24), at('integration', -13 * 24)],
      false,
    ],
    [
      'integration before the previous dose does not count',
      dose(),
      [at('integration', -15 * 24), dose(-14 * 24)],
      true,
    ],
    ['integration after this dose does not count', dose(), [dose(-14 * 24), at('integration', 1)], true],
    [
      'integration in another course does not count',
      dose(),
      [dose(-14 * 24), at('integration', -13 * 24, 'c2')],
      true,
    ],
    ['a dose of another course is not the previous dose', dose(), [dose(-14 * 24, 'c2')], false],
    [
      'two earlier doses, the latest integrated',
      dose(),
      [dose(-28 * 24), dose(-14 * 24), at('integration', -13 * 24)],
      false,
    ],
    [
      'two earlier doses, only the first integrated',
      dose(),
      [dose(-28 * 24), at('integration', -27 * 24), dose(-14 * 24)],
      true,
    ],
    [
      'a dose logged late, before an integrated one',
      dose(-20 * 24),
      [dose(-28 * 24), at('integration', -27 * 24), dose(-14 * 24)],
      false,
    ],
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

/** A status entry stated `hours` after T0 (negative: before). */
let entrySeq = 0;
const entry = (hours: number, over: Partial<MedicalStatusEntry> = {}): MedicalStatusEntry => ({
  id: `e${String(++entrySeq).padStart(3, '0')}`,
  asOf: new Date(T0 + hours * HOUR).toISOString(),
  createdAt: new Date(T0 + hours * HOUR).toISOString(),
  eligibility: null,
  prescription: null,
  nextFollowUpDue: null,
  monitoring: null,
  ...over,
});
const cleared = (hours = -24 * 30, dosesAuthorized?: number) =>
  entry(hours, {
    eligibility: 'eligible',
    prescription: { status: 'active', ...(dosesAuthorized === undefined ? {} : { dosesAuthorized }) },
  });

describe('vitals_out_of_range below a minimum, and each breach named', () => {
  const limits: VitalsLimitsOrder = {
    systolicMax: 160,
    diastolicMax: 100,
    heartRateMax: 120,
    systolicMin: 90,
    diastolicMin: 50,
    heartRateMin: 50,
    spo2Min: 92,
  };
  const withSpo2 = (spo2: number | null | undefined, r = reading('pre')): VitalsReading => ({ ...r, spo2 });
  it.each<[string, VitalsReading, ReturnType<typeof vitalsBreaches>]>([
    ['all within', reading('pre'), []],
    ['systolic equal to the minimum', reading('pre', 90), []],
    ['systolic one below', reading('pre', 89, 60), [{ value: 'blood_pressure', side: 'below' }]],
    ['diastolic equal to the minimum', reading('pre', 120, 50), []],
    ['diastolic one below', reading('pre', 120, 49), [{ value: 'blood_pressure', side: 'below' }]],
    ['heart rate equal to the minimum', reading('pre', 120, 80, 50), []],
    ['heart rate one below', reading('pre', 120, 80, 49), [{ value: 'heart_rate', side: 'below' }]],
    ['SpO2 equal to the minimum', withSpo2(92), []],
    ['SpO2 one below', withSpo2(91), [{ value: 'spo2', side: 'below' }]],
    ['no SpO2 taken: not judged', withSpo2(null), []],
    ['SpO2 absent: not judged', withSpo2(undefined), []],
    [
      '220/130, HR 140, SpO2 82',
      withSpo2(82, reading('pre', 220, 130, 140)),
      [
        { value: 'blood_pressure', side: 'above' },
        { value: 'heart_rate', side: 'above' },
        { value: 'spo2', side: 'below' },
      ],
    ],
  ])('%s', (_name, r, expected) => {
    expect(vitalsBreaches(r, limits)).toEqual(expected);
    expect(vitalsOutOfRange([r], limits)).toBe(expected.length > 0);
  });

  it('a minimum alone is judged; no limits judge nothing', () => {
    expect(vitalsOutOfRange([withSpo2(85)], { spo2Min: 90 })).toBe(true);
    expect(vitalsOutOfRange([withSpo2(85)], null)).toBe(false);
    expect(vitalsBreaches(withSpo2(85), undefined)).toEqual([]);
  });
});

describe('dose_outside_plan', () => {
  const plan: DosePlanOrder = { route: 'sublingual', doseMgMin: 100, doseMgMax: 300 };
  const booster = (doseMg: number) => ({ doseMg, at: '2026-11-25T10:30:00.000Z' });
  it.each<
    [
      string,
      { doseMg: number; booster?: { doseMg: number; at: string } | null; route?: DosePlanOrder['route'] },
      DosePlanOrder | null | undefined,
      boolean,
    ]
  >([
    ['within the range', { doseMg: 200, route: 'sublingual' }, plan, false],
    ['equal to the minimum', { doseMg: 100, route: 'sublingual' }, plan, false],
    ['just below the minimum', { doseMg: 99.5, route: 'sublingual' }, plan, true],
    ['equal to the maximum', { doseMg: 300, route: 'sublingual' }, plan, false],
    ['just above the maximum', { doseMg: 300.5, route: 'sublingual' }, plan, true],
    ['450 mg on a 100–300 mg plan', { doseMg: 450, route: 'sublingual' }, plan, true],
    [
      'dose plus booster equal to the maximum',
      { doseMg: 250, booster: booster(50), route: 'sublingual' },
      plan,
      false,
    ],
    [
      'dose plus booster above the maximum',
      { doseMg: 250, booster: booster(51), route: 'sublingual' },
      plan,
      true,
    ],
    [
      'a booster lifts a low dose into the range',
      { doseMg: 80, booster: booster(20), route: 'sublingual' },
      plan,
      false,
    ],
    ['another route', { doseMg: 200, route: 'intramuscular' }, plan, true],
    ['route not given: only the range is judged', { doseMg: 200 }, plan, false],
    ['only a maximum ordered', { doseMg: 20 }, { route: 'sublingual', doseMgMax: 300 }, false],
    ['only a minimum ordered', { doseMg: 900 }, { route: 'sublingual', doseMgMin: 100 }, false],
    ['no plan: not judged', { doseMg: 900, route: 'intravenous' }, null, false],
    ['plan undefined: not judged', { doseMg: 900 }, undefined, false],
  ])('%s → %p', (_name, dosing, given, expected) => {
    expect(doseOutsidePlan(dosing, given)).toBe(expected);
  });
});

describe('not_cleared_for_dosing and prescription_not_active (merged status at the dose)', () => {
  it.each<[string, MedicalStatusEntry['eligibility'], boolean]>([
    ['eligible', 'eligible', false],
    ['pending intake', 'pending_intake', true],
    ['medical clearance required', 'medical_clearance_required', true],
    ['not eligible', 'not_eligible', true],
    ['none stated', null, true],
  ])('eligibility %s → %p', (_name, eligibility, expected) => {
    expect(
      notClearedForDosing(
        mergeMedicalStatus([entry(-1, { eligibility, note: 'x' } as Partial<MedicalStatusEntry>)]),
      ),
    ).toBe(expected);
  });

  it('no status recorded at all counts as not cleared and not active', () => {
    expect(notClearedForDosing(null)).toBe(true);
    expect(prescriptionNotActive(null)).toBe(true);
  });

  it.each<[string, NonNullable<MedicalStatusEntry['prescription']>['status'] | null, boolean]>([
    ['active', 'active', false],
    ['none', 'none', true],
    ['paused', 'paused', true],
    ['discontinued', 'discontinued', true],
    ['not stated', null, true],
  ])('prescription %s → %p', (_name, status, expected) => {
    expect(
      prescriptionNotActive(mergeMedicalStatus([entry(-1, { prescription: status ? { status } : null })])),
    ).toBe(expected);
  });
});

describe('doses_authorized_exceeded', () => {
  // The prescription authorizing `n` doses was stated 10 days before the new dose (at T0).
  const status = (n: number | undefined, extra: MedicalStatusEntry[] = []) =>
    mergeMedicalStatus(
      [
        cleared(-24 * 30, 10),
        entry(-24 * 10, {
          prescription: { status: 'active', ...(n === undefined ? {} : { dosesAuthorized: n }) },
        }),
        ...extra,
      ],
      dose().occurredAt,
    );
  it.each<[string, number[], number | undefined, boolean]>([
    // [hours of the other doses relative to the new one], doses authorized
    ['first dose of 1 authorized', [], 1, false],
    ['second dose of 1 authorized', [-24 * 3], 1, true],
    ['third dose of 3 authorized', [-24 * 6, -24 * 3], 3, false],
    ['fourth dose of 3 authorized', [-24 * 9, -24 * 6, -24 * 3], 3, true],
    ['a dose exactly at the authorization counts', [-24 * 10, -24 * 3], 2, true],
    ['a dose a millisecond before the authorization does not', [-24 * 10 - 1 / 3_600_000, -24 * 3], 2, false],
    ['doses under the earlier authorization do not count', [-24 * 20, -24 * 15, -24 * 12], 1, false],
    ['a dose after this one (logged late) does not count', [24], 1, false],
    ['0 authorized: any dose exceeds', [], 0, true],
    ['no number stated: not judged', [-24 * 9, -24 * 6, -24 * 3], undefined, false],
  ])('%s → %p', (_name, hours, authorized, expected) => {
    const session = dose();
    const others = hours.map((h) => ({ ...dose(0), occurredAt: new Date(T0 + h * HOUR).toISOString() }));
    expect(dosesAuthorizedExceeded(session, others, status(authorized))).toBe(expected);
  });

  it('counts from the entry that stated the current prescription, any course, and says so', () => {
    const session = dose();
    const others = [dose(-24, 'c2'), dose(-48, null), at('integration', -12)];
    expect(dosesUnderPrescription(session, others, status(2))).toEqual({
      given: 3,
      authorized: 2,
      since: new Date(T0 - 240 * HOUR).toISOString(),
    });
    // A later note-only entry does not restart the count.
    expect(
      dosesUnderPrescription(
        session,
        others,
        status(2, [entry(-2, { note: 'called' } as Partial<MedicalStatusEntry>)]),
      )?.given,
    ).toBe(3);
    expect(dosesUnderPrescription(session, others, null)).toBeNull();
  });
});

describe('vitals_limits_not_ordered', () => {
  it.each<[string, CourseOrders | null, boolean]>([
    ['no course', null, true],
    ['a course with no limits', { maxDosingSessionsPerWeek: 1 }, true],
    ['limits null', { vitalsLimits: null }, true],
    ['limits with no field set', { vitalsLimits: {} }, true],
    ['limits with every field null', { vitalsLimits: { systolicMax: null, spo2Min: null } }, true],
    ['one maximum', { vitalsLimits: { systolicMax: 160 } }, false],
    ['one minimum', { vitalsLimits: { spo2Min: 92 } }, false],
  ])('%s → %p', (_name, orders, expected) => {
    expect(vitalsLimitsNotOrdered(orders)).toBe(expected);
  });
});

describe('severe_adverse_event and on_call_not_informed', () => {
  const event = (
    severity: AdverseEventRecord['severity'],
    reportedToOnCallAt?: string | null,
  ): AdverseEventRecord => ({ type: 'x', severity, reportedToOnCallAt });
  it.each<[string, AdverseEventRecord[] | null, boolean, boolean]>([
    // events, severe, on call not informed
    ['none', [], false, false],
    ['not answered', null, false, false],
    ['mild', [event('mild')], false, false],
    ['moderate', [event('moderate')], false, false],
    ['severe', [event('severe')], true, false],
    ['serious, on call told', [event('serious', '2026-11-25T11:00:00.000Z')], false, false],
    ['serious, on call time null', [event('serious', null)], false, true],
    ['serious, no on-call time', [event('serious')], false, true],
    ['severe and an untold serious', [event('severe'), event('serious')], true, true],
    ['a severe event without on-call time is not required to have one', [event('severe', null)], true, false],
  ])('%s', (_name, events, severe, untold) => {
    expect(severeAdverseEvent(events)).toBe(severe);
    expect(onCallNotInformed(events)).toBe(untold);
  });
});

describe('vitalsLimitsProblems (a minimum above its maximum cannot be what was ordered)', () => {
  it.each<[string, VitalsLimitsOrder | null, string[]]>([
    ['none', null, []],
    [
      'minimums below maximums',
      { systolicMin: 90, systolicMax: 160, heartRateMin: 50, heartRateMax: 120 },
      [],
    ],
    ['a minimum equal to its maximum', { diastolicMin: 80, diastolicMax: 80 }, []],
    [
      'systolic minimum above its maximum',
      { systolicMin: 170, systolicMax: 160 },
      ['vitalsLimits.systolicMin'],
    ],
    [
      'each pair judged',
      {
        systolicMin: 170,
        systolicMax: 160,
        diastolicMin: 101,
        diastolicMax: 100,
        heartRateMin: 121,
        heartRateMax: 120,
      },
      ['vitalsLimits.systolicMin', 'vitalsLimits.diastolicMin', 'vitalsLimits.heartRateMin'],
    ],
    ['a minimum alone', { systolicMin: 250 }, []],
  ])('%s', (_name, limits, fields) => {
    expect(vitalsLimitsProblems(limits).map((p) => p.field)).toEqual(fields);
  });

  it('names the maximum and its value', () => {
    expect(vitalsLimitsProblems({ systolicMin: 170, systolicMax: 160 })).toEqual([
      {
        field: 'vitalsLimits.systolicMin',
        problem: 'must not be above the systolic maximum (160); copy the limits as ordered',
      },
    ]);
  });
});

describe('sessionWarnings', () => {
  const review = (over: Partial<SessionUnderReview> = {}): SessionUnderReview => ({
    ...dose(),
    durationMinutes: 120,
    dosing: {
      route: 'sublingual',
      doseMg: 200,
      vitals: [reading('pre'), reading('post')],
      adverseEvents: [],
    },
    ...over,
  });
  const prep = at('preparation', -48);
  const orders: CourseOrders = {
    maxDosingSessionsPerWeek: 1,
    dosePlan: { route: 'sublingual', doseMgMin: 100, doseMgMax: 300 },
    vitalsLimits: { systolicMax: 160 },
  };
  const status = [cleared()];

  it('a well-kept dose has no warning', () => {
    expect(sessionWarnings(review(), [prep], orders, status)).toEqual([]);
  });

  it('reports every broken rule in a fixed order', () => {
    const session = review({
      dosing: {
        route: 'sublingual',
        doseMg: 450,
        vitals: [reading('pre', 170)],
        adverseEvents: [
          { type: 'vomiting', severity: 'serious' },
          { type: 'confusion', severity: 'severe' },
        ],
      },
    });
    const history = [
      entry(-24 * 30, {
        eligibility: 'medical_clearance_required',
        prescription: { status: 'paused', dosesAuthorized: 1 },
      }),
    ];
    expect(sessionWarnings(session, [dose(-24)], orders, history)).toEqual([
      'dosing_without_preparation',
      'dosing_frequency_exceeded',
      'integration_missing',
      'vitals_out_of_range',
      'vitals_missing',
      'serious_adverse_event',
      'dose_outside_plan',
      'not_cleared_for_dosing',
      'prescription_not_active',
      'doses_authorized_exceeded',
      'severe_adverse_event',
      'on_call_not_informed',
    ]);
    expect(sessionWarnings(session, [prep], null, [])).toContain('vitals_limits_not_ordered');
  });

  it('judges the status as it stood at the dose, not as it stands now', () => {
    const history = [
      entry(-24 * 30, { eligibility: 'pending_intake' }),
      entry(-1, { eligibility: 'eligible', prescription: { status: 'active' } }),
      entry(2, { eligibility: 'not_eligible', prescription: { status: 'discontinued' } }),
    ];
    expect(sessionWarnings(review(), [prep], orders, history)).toEqual([]);
    const earlier = review({ occurredAt: new Date(T0 - 2 * HOUR).toISOString() });
    expect(sessionWarnings(earlier, [prep], orders, history)).toEqual([
      'not_cleared_for_dosing',
      'prescription_not_active',
    ]);
    // Stated at the very moment of the dose counts.
    const atTheMoment = [entry(0, { eligibility: 'eligible', prescription: { status: 'active' } })];
    expect(sessionWarnings(review(), [prep], orders, atTheMoment)).toEqual([]);
  });

  it('a note-only entry after the clearance blanks nothing', () => {
    const history = [cleared(), entry(-1, { note: 'spoke with the patient' } as Partial<MedicalStatusEntry>)];
    expect(sessionWarnings(review(), [prep], orders, history)).toEqual([]);
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
    // Nothing that is not judged gets a warning, whatever the other sessions and the status are.
    if (!judged)
      expect(sessionWarnings(session, [dose(-24)], { maxDosingSessionsPerWeek: 1 }, [])).toEqual([]);
  });

  it.each<[string, 'mild' | 'moderate' | 'severe' | 'serious', boolean]>([
    ['mild', 'mild', false],
    ['moderate', 'moderate', false],
    ['severe is not serious', 'severe', false],
    ['serious', 'serious', true],
  ])('adverse event %s → serious_adverse_event %p', (_name, severity, expected) => {
    const session = review({
      dosing: {
        doseMg: 200,
        vitals: [reading('pre'), reading('post')],
        adverseEvents: [{ type: 'x', severity }],
      },
    });
    expect(sessionWarnings(session, [prep], orders, status).includes('serious_adverse_event')).toBe(expected);
  });

  it('adverse events not answered yet is a documentation gap, not a warning', () => {
    const session = review({
      dosing: { doseMg: 200, vitals: [reading('pre'), reading('post')], adverseEvents: null },
    });
    expect(sessionWarnings(session, [prep], orders, status)).toEqual([]);
  });

  it('other kinds of session carry no warning', () => {
    expect(
      sessionWarnings({ ...at('integration', 0), durationMinutes: 50, dosing: null }, [], null, []),
    ).toEqual([]);
  });
});

describe('vitalsLimitsText', () => {
  it.each([
    [null, ''],
    [{}, ''],
    [
      { systolicMax: 140, diastolicMax: 90, heartRateMax: 110 },
      'systolic ≤ 140, diastolic ≤ 90 mmHg, heart rate ≤ 110/min',
    ],
    [
      { systolicMin: 90, systolicMax: 140, heartRateMin: 50, spo2Min: 92 },
      'systolic 90–140 mmHg, heart rate ≥ 50/min, SpO2 ≥ 92%',
    ],
    [{ diastolicMin: 50 }, 'diastolic ≥ 50 mmHg'],
  ])('%j reads "%s"', (limits, expected) => {
    expect(vitalsLimitsText(limits)).toBe(expected);
  });
});
