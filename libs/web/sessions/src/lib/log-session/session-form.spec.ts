import { setClinicTimeZone } from '@kap/web/core/calendar';
import {
  buildSessionBody,
  controlPath,
  defaultDuration,
  expectedReadingTime,
  formProblems,
  instantOn,
  timeAfter,
  type SessionFormValue,
} from './session-form';
import { SESSION_WARNINGS } from '@kap/shared/contracts';
import { vitalsLimitsText as limitsText } from '@kap/shared/domain';
import { courseOptionLabel, warningAdvice, warningViews } from '../display/session-labels';
import { draftChanges, hasUnsavedWork, signFlow } from '../notes/note-draft';

const dosing = (over: Partial<SessionFormValue> = {}): SessionFormValue => ({
  kind: 'dosing',
  occurredAt: '2026-11-20T10:00',
  durationMinutes: 120,
  setting: 'in_person',
  courseId: 'c1',
  route: 'sublingual',
  doseLabel: 'half_dissociative',
  doseMg: 150,
  boosterMg: null,
  boosterAt: '',
  vitals: [
    { phase: 'pre', at: '10:00', systolic: 150, diastolic: 85, heartRate: 72, spo2: null },
    { phase: 'post', at: '12:00', systolic: 128, diastolic: 80, heartRate: 70, spo2: 98 },
  ],
  chaperoneName: '',
  checks: [],
  adverseAnswer: 'none',
  adverseEvents: [],
  ...over,
});

describe('session form body', () => {
  it('builds the dosing record with readings at their instants and no adverse events as []', () => {
    const body = buildSessionBody(dosing());
    expect(body.kind).toBe('dosing');
    expect(body.courseId).toBe('c1');
    expect(body.occurredAt).toBe(new Date('2026-11-20T10:00').toISOString());
    expect(body.dosing?.adverseEvents).toEqual([]);
    expect(body.dosing?.vitals).toEqual([
      {
        at: new Date('2026-11-20T10:00').toISOString(),
        phase: 'pre',
        systolic: 150,
        diastolic: 85,
        heartRate: 72,
      },
      {
        at: new Date('2026-11-20T12:00').toISOString(),
        phase: 'post',
        systolic: 128,
        diastolic: 80,
        heartRate: 70,
        spo2: 98,
      },
    ]);
    expect(body.dosing?.booster).toBeUndefined();
  });

  it('leaves adverse events out when not answered, and sends no dose record for other kinds', () => {
    expect(buildSessionBody(dosing({ adverseAnswer: '' })).dosing).not.toHaveProperty('adverseEvents');
    expect(buildSessionBody(dosing({ kind: 'preparation' }))).not.toHaveProperty('dosing');
  });

  it('skips empty vitals rows and maps API paths back to the form rows', () => {
    const value = dosing({
      vitals: [
        { phase: 'pre', at: '10:00', systolic: null, diastolic: null, heartRate: null, spo2: null },
        dosing().vitals[1],
      ],
    });
    expect(buildSessionBody(value).dosing?.vitals).toHaveLength(1);
    expect(controlPath('dosing.vitals[0].systolic', value)).toBe('vitals.1.systolic');
    expect(controlPath('dosing.booster.doseMg', value)).toBe('boosterMg');
    expect(controlPath('dosing.adverseEvents[0].severity', value)).toBe('adverseEvents.0.severity');
  });

  it('reads a time before the start as the next day and defaults dosing to 120 minutes', () => {
    expect(instantOn('2026-11-20T23:00', '01:00')).toBe(new Date('2026-11-21T01:00').toISOString());
    expect(defaultDuration('dosing')).toBe(120);
    expect(defaultDuration('integration')).toBe(60);
  });

  it('names impossible values with the API paths', () => {
    const problems = formProblems(
      dosing({
        vitals: [{ phase: 'pre', at: '10:00', systolic: 400, diastolic: 80, heartRate: 70, spo2: null }],
      }),
      new Date('2026-11-20T12:00'),
    );
    expect(problems.map((p) => p.field)).toEqual(['dosing.vitals[0].systolic']);
  });

  it('names missing answers and out-of-bounds values in one round, one problem a field', () => {
    const value = dosing({
      occurredAt: '2026-11-25T10:00',
      durationMinutes: 0,
      doseLabel: '',
      doseMg: 1500,
      vitals: [{ phase: 'pre', at: '10:00', systolic: 400, diastolic: null, heartRate: 10, spo2: null }],
    });
    expect(formProblems(value, new Date('2026-11-20T12:00'))).toEqual([
      { field: 'dosing.doseLabel', problem: 'choose the dose label' },
      { field: 'dosing.vitals[0].diastolic', problem: 'enter the reading' },
      { field: 'occurredAt', problem: 'cannot be more than a day in the future' },
      { field: 'durationMinutes', problem: 'must be from 1 to 720 minutes' },
      { field: 'dosing.doseMg', problem: 'must be more than 0 and at most 1000 mg' },
      { field: 'dosing.vitals[0].systolic', problem: 'must be from 50 to 300; check the reading' },
      { field: 'dosing.vitals[0].heartRate', problem: 'must be from 20 to 250; check the reading' },
    ]);
  });

  it('checks the bounds even when the date cannot be read, naming the date once', () => {
    const problems = formProblems(dosing({ occurredAt: '', doseMg: 1500 }), new Date('2026-11-20T12:00'));
    expect(problems).toEqual([
      { field: 'occurredAt', problem: 'enter the date and time' },
      { field: 'dosing.doseMg', problem: 'must be more than 0 and at most 1000 mg' },
    ]);
  });

  it('puts the expected reading times at the start, middle and end of the session', () => {
    expect(expectedReadingTime('pre', '2026-11-20T09:30', 90)).toBe('09:30');
    expect(expectedReadingTime('mid', '2026-11-20T09:30', 90)).toBe('10:15');
    expect(expectedReadingTime('post', '2026-11-20T09:30', 90)).toBe('11:00');
    expect(expectedReadingTime('post', '2026-11-20T09:30', null)).toBe('11:30');
    expect(expectedReadingTime('pre', '', 90)).toBe('');
  });
});

describe('session form times on the clinic’s clock (the organization’s zone, not the browser’s)', () => {
  // The test setup puts the clinic in UTC; here it is in New York, whatever zone runs the tests.
  beforeEach(() => setClinicTimeZone('America/New_York'));

  it('sends the typed start and readings as the instants they are in New York', () => {
    const body = buildSessionBody(dosing());
    expect(body.occurredAt).toBe('2026-11-20T15:00:00.000Z');
    expect(body.dosing?.vitals.map((reading) => reading.at)).toEqual([
      '2026-11-20T15:00:00.000Z',
      '2026-11-20T17:00:00.000Z',
    ]);
  });

  it.each([
    // start, time typed, instant, why
    ['2026-11-20T23:00', '01:00', '2026-11-21T06:00:00.000Z', 'past midnight: the next day there'],
    ['2026-11-20T10:00', '09:30', '2026-11-20T14:30:00.000Z', 'within the hour before the start: same day'],
    ['2026-07-01T10:00', '12:00', '2026-07-01T16:00:00.000Z', 'summer time'],
    ['2026-03-07T23:30', '03:30', '2026-03-08T07:30:00.000Z', 'next day, after clocks went forward'],
    ['2026-03-08T01:00', '02:30', '2026-03-08T07:30:00.000Z', 'a skipped time: read as 03:30 EDT'],
    ['2026-11-01T00:30', '01:30', '2026-11-01T05:30:00.000Z', 'a repeated time: the first one (EDT)'],
  ])('start %s, %s is %s (%s)', (start, time, expected) => {
    expect(instantOn(start, time)).toBe(expected);
  });

  it('counts minutes on the instant, so readings follow a start across a clock change', () => {
    expect(timeAfter('2026-03-08T01:00', 120)).toBe('04:00');
    expect(timeAfter('2026-11-01T00:00', 120)).toBe('01:00');
    expect(expectedReadingTime('post', '2026-11-20T09:30', 90)).toBe('11:00');
    expect(timeAfter('2026-02-30T10:00', 60)).toBe('');
  });

  it('judges "in the future" against the instant in New York', () => {
    const now = new Date('2026-11-20T14:30:00.000Z');
    // 10:00 next morning in New York is 24.5 hours away; in UTC it would be 19.5.
    const ahead = formProblems(dosing({ occurredAt: '2026-11-21T10:00', vitals: [] }), now);
    expect(ahead).toContainEqual({ field: 'occurredAt', problem: 'cannot be more than a day in the future' });
    expect(
      formProblems(dosing({ occurredAt: '2026-11-21T05:00', vitals: [] }), now).map((p) => p.field),
    ).not.toContain('occurredAt');
  });

  it('names a date that does not exist as one to enter', () => {
    expect(
      formProblems(dosing({ occurredAt: '2026-02-30T10:00' }), new Date('2026-11-20T12:00:00Z')),
    ).toContainEqual({
      field: 'occurredAt',
      problem: 'enter the date and time',
    });
  });
});

describe('warning texts', () => {
  it('says which limit was passed and that the medical team was alerted', () => {
    expect(
      warningAdvice('vitals_out_of_range', { vitalsLimits: { systolicMax: 140, diastolicMax: 90 } }),
    ).toBe(
      'A reading is outside the limits the prescriber set (systolic ≤ 140, diastolic ≤ 90 mmHg). An alert was raised for the medical team. Follow the prescriber’s orders for readings out of range and record what was done.',
    );
    expect(warningAdvice('dosing_frequency_exceeded', { maxDosingSessionsPerWeek: 1 })).toContain(
      'at most 1',
    );
    expect(warningViews(['integration_missing', 'serious_adverse_event']).map((w) => w.title)).toEqual([
      'Integration missing after an earlier dose',
      'Serious adverse event',
    ]);
  });
});

describe('limits text', () => {
  it('shows the minimums beside the maximums, as ranges where both were ordered', () => {
    expect(limitsText({ systolicMax: 140, diastolicMax: 90, heartRateMax: 110 })).toBe(
      'systolic ≤ 140, diastolic ≤ 90 mmHg, heart rate ≤ 110/min',
    );
    expect(
      limitsText({
        systolicMin: 90,
        systolicMax: 140,
        diastolicMin: 50,
        heartRateMin: 45,
        heartRateMax: 110,
        spo2Min: 92,
      }),
    ).toBe('systolic 90–140, diastolic ≥ 50 mmHg, heart rate 45–110/min, SpO2 ≥ 92%');
    expect(limitsText({ systolicMin: 90 })).toBe('systolic ≥ 90 mmHg');
    expect(limitsText(null)).toBe('');
  });

  it('has a title and advice in plain words for every warning code', () => {
    for (const view of warningViews(SESSION_WARNINGS)) {
      expect(view.title).not.toMatch(/_/);
      expect(view.advice).not.toBe('The session breaks a course rule.');
    }
  });
});

describe('note draft', () => {
  const saved = { kind: 'integration' as const, body: 'Text', shareWithMedicalTeam: false };
  it('knows unsaved work and patches only what changed', () => {
    expect(hasUnsavedWork(saved, saved)).toBe(false);
    expect(draftChanges(saved, { ...saved, body: 'Text more' })).toEqual({ body: 'Text more' });
    expect(hasUnsavedWork(null, { ...saved, body: '  ' })).toBe(false);
    expect(hasUnsavedWork(null, saved)).toBe(true);
  });

  it('signs only after confirmation and a saved draft', async () => {
    const sign = vi.fn(async () => 'signed');
    expect(await signFlow({ confirm: async () => false, saveDraft: async () => true, sign })).toBeNull();
    expect(await signFlow({ confirm: async () => true, saveDraft: async () => false, sign })).toBeNull();
    expect(sign).not.toHaveBeenCalled();
    expect(await signFlow({ confirm: async () => true, saveDraft: async () => true, sign })).toBe('signed');
  });
});

describe('course option', () => {
  it('names the course by its start day in words, whatever the time zone, and its phase', () => {
    expect(courseOptionLabel({ startedOn: '2026-10-01', phase: 'intake' })).toBe(
      'Course started 1 Oct 2026 (medical intake)',
    );
  });
});
