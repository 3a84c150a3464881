import type { MedicalStatusEntry } from '../care-team/medical-status-merge';
import { sessionAlertSummary, type DoseContext } from './session-alert-summary';
import {
  SESSION_WARNINGS,
  type DosingFacts,
  type SessionUnderReview,
  type SessionWarning,
  type VitalsReading,
} from './session-record';

const AT = '2026-12-02T15:00:00.000Z';
const reading = (
  phase: VitalsReading['phase'],
  systolic = 120,
  diastolic = 80,
  heartRate = 70,
  spo2: number | null = 98,
): VitalsReading => ({
  phase,
  systolic,
  diastolic,
  heartRate,
  spo2,
});
const dose = (
  dosing: Partial<DosingFacts> = {},
  over: Partial<SessionUnderReview> = {},
): SessionUnderReview => ({
  id: 'dose',
  kind: 'dosing',
  occurredAt: AT,
  courseId: 'c1',
  durationMinutes: 120,
  dosing: {
    route: 'sublingual',
    doseMg: 200,
    vitals: [reading('pre'), reading('post')],
    adverseEvents: [],
    ...dosing,
  },
  ...over,
});
const status = (asOf: string, over: Partial<MedicalStatusEntry>): MedicalStatusEntry => ({
  id: asOf,
  asOf,
  createdAt: asOf,
  eligibility: null,
  prescription: null,
  nextFollowUpDue: null,
  monitoring: null,
  ...over,
});
const context = (over: Partial<DoseContext> = {}): DoseContext => ({
  others: [],
  orders: {
    maxDosingSessionsPerWeek: 1,
    dosePlan: { route: 'sublingual', doseMgMin: 100, doseMgMax: 300 },
    vitalsLimits: { systolicMax: 160, diastolicMax: 100, heartRateMax: 120, heartRateMin: 50, spo2Min: 90 },
  },
  statusHistory: [],
  ...over,
});
const limits = (vitalsLimits: NonNullable<DoseContext['orders']>['vitalsLimits']) =>
  context({ orders: { vitalsLimits } });

describe('sessionAlertSummary', () => {
  it.each<[string, SessionWarning, SessionUnderReview, DoseContext, string]>([
    [
      'a dose above the plan',
      'dose_outside_plan',
      dose({ doseMg: 450 }),
      context(),
      'Dose of 450 mg sublingual on 2 Dec 2026 is outside the plan of 100–300 mg',
    ],
    [
      'a dose and booster above the plan',
      'dose_outside_plan',
      dose({ doseMg: 250, booster: { doseMg: 100, at: AT } }),
      context(),
      'Dose of 250 mg + 100 mg booster sublingual on 2 Dec 2026 (350 mg in all) is outside the plan of 100–300 mg',
    ],
    [
      'only a maximum ordered',
      'dose_outside_plan',
      dose({ doseMg: 450 }),
      context({ orders: { dosePlan: { route: 'sublingual', doseMgMax: 300 } } }),
      'Dose of 450 mg sublingual on 2 Dec 2026 is outside the plan of at most 300 mg',
    ],
    [
      'another route',
      'dose_outside_plan',
      dose({ route: 'intramuscular' }),
      context(),
      'Dose of 200 mg intramuscular on 2 Dec 2026 was not given by the planned route (sublingual)',
    ],
    [
      'the maximum exceeded: blood pressure, heart rate and SpO2 below its minimum',
      'vitals_out_of_range',
      dose({ vitals: [reading('pre', 220, 130, 140, 82), reading('post')] }),
      context(),
      "Blood pressure 220/130 before the dose on 2 Dec 2026 is above the prescriber's limit of 160/100; heart rate 140 is above the prescriber's limit of 120; SpO2 82% is below the prescriber's minimum of 90%",
    ],
    [
      'a low heart rate after the dose, and a second reading',
      'vitals_out_of_range',
      dose({ vitals: [reading('pre'), reading('mid', 120, 80, 45), reading('post', 170)] }),
      context(),
      "Heart rate 45 during the dose on 2 Dec 2026 is below the prescriber's minimum of 50 (1 more reading outside the limits)",
    ],
    [
      'only a systolic limit',
      'vitals_out_of_range',
      dose({ vitals: [reading('post', 170, 95)] }),
      limits({ systolicMax: 160 }),
      "Blood pressure 170/95 after the dose on 2 Dec 2026 is above the prescriber's limit of systolic 160",
    ],
    [
      'below the blood-pressure minimums',
      'vitals_out_of_range',
      dose({ vitals: [reading('pre', 85, 45)] }),
      limits({ systolicMin: 90, diastolicMin: 50 }),
      "Blood pressure 85/45 before the dose on 2 Dec 2026 is below the prescriber's minimum of 90/50",
    ],
    [
      'not eligible, with the date it was stated',
      'not_cleared_for_dosing',
      dose(),
      context({ statusHistory: [status('2026-11-20T09:00:00.000Z', { eligibility: 'not_eligible' })] }),
      "Dose on 2 Dec 2026 was given while the medical team's eligibility was not eligible (stated 20 Nov 2026)",
    ],
    [
      'medical clearance required',
      'not_cleared_for_dosing',
      dose(),
      context({
        statusHistory: [status('2026-11-20T09:00:00.000Z', { eligibility: 'medical_clearance_required' })],
      }),
      "Dose on 2 Dec 2026 was given while the medical team's eligibility was medical clearance required (stated 20 Nov 2026)",
    ],
    [
      'no eligibility recorded',
      'not_cleared_for_dosing',
      dose(),
      context(),
      'Dose on 2 Dec 2026 was given with no eligibility recorded by the medical team',
    ],
    [
      'a status stated after the dose is not the status at the dose',
      'not_cleared_for_dosing',
      dose(),
      context({ statusHistory: [status('2026-12-03T09:00:00.000Z', { eligibility: 'eligible' })] }),
      'Dose on 2 Dec 2026 was given with no eligibility recorded by the medical team',
    ],
    [
      'a paused prescription',
      'prescription_not_active',
      dose(),
      context({
        statusHistory: [status('2026-11-28T09:00:00.000Z', { prescription: { status: 'paused' } })],
      }),
      'Dose on 2 Dec 2026 was given while the prescription was paused (stated 28 Nov 2026)',
    ],
    [
      'no prescription recorded',
      'prescription_not_active',
      dose(),
      context(),
      'Dose on 2 Dec 2026 was given with no prescription recorded',
    ],
    [
      'the third dose of two authorized',
      'doses_authorized_exceeded',
      dose(),
      context({
        statusHistory: [
          status('2026-11-01T09:00:00.000Z', { prescription: { status: 'active', dosesAuthorized: 2 } }),
        ],
        others: [
          { id: 'x', kind: 'dosing', occurredAt: '2026-11-10T15:00:00.000Z', courseId: 'c1' },
          { id: 'y', kind: 'dosing', occurredAt: '2026-11-24T15:00:00.000Z', courseId: null },
          { id: 'z', kind: 'dosing', occurredAt: '2026-10-24T15:00:00.000Z', courseId: 'c1' },
        ],
      }),
      'Dose on 2 Dec 2026 is dose 3 under a prescription authorizing 2 doses (stated 1 Nov 2026)',
    ],
    [
      'a severe adverse event',
      'severe_adverse_event',
      dose({
        adverseEvents: [
          { type: 'anxiety_or_panic', severity: 'severe' },
          { type: 'nausea', severity: 'mild' },
        ],
      }),
      context(),
      'Severe adverse event (anxiety or panic) during the dose on 2 Dec 2026',
    ],
    [
      'a serious adverse event reported to on call',
      'serious_adverse_event',
      dose({
        adverseEvents: [{ type: 'respiratory_depression', severity: 'serious', reportedToOnCallAt: AT }],
      }),
      context(),
      'Serious adverse event (respiratory depression) during the dose on 2 Dec 2026',
    ],
    [
      'a serious adverse event not reported',
      'serious_adverse_event',
      dose({ adverseEvents: [{ type: 'fall_or_injury', severity: 'serious' }] }),
      context(),
      'Serious adverse event (fall or injury) during the dose on 2 Dec 2026; the on-call prescriber has not been recorded as told',
    ],
    [
      'on call not informed',
      'on_call_not_informed',
      dose({ adverseEvents: [{ type: 'fall_or_injury', severity: 'serious', reportedToOnCallAt: null }] }),
      context(),
      'Serious adverse event (fall or injury) during the dose on 2 Dec 2026 has no time the on-call prescriber was told',
    ],
    [
      'more doses in a week than the plan allows',
      'dosing_frequency_exceeded',
      dose(),
      context(),
      'Dose on 2 Dec 2026 is more than the 1 dosing session within 7 days the plan allows',
    ],
    [
      'the plan silent about frequency',
      'dosing_frequency_exceeded',
      dose(),
      context({ orders: null }),
      'Dose on 2 Dec 2026 is more than the 2 dosing sessions within 7 days the plan allows',
    ],
    [
      'no vitals limits on the course',
      'vitals_limits_not_ordered',
      dose(),
      context(),
      'Dose on 2 Dec 2026 was given with no vitals limits ordered for the course',
    ],
    [
      'no course',
      'vitals_limits_not_ordered',
      dose({}, { courseId: null }),
      context(),
      'Dose on 2 Dec 2026 was given with no vitals limits ordered for it (no course)',
    ],
    [
      'no post-dose reading',
      'vitals_missing',
      dose({ vitals: [reading('pre')] }),
      context(),
      'Dose on 2 Dec 2026 has no post-dose vitals reading',
    ],
  ])('%s', (_name, code, session, ctx, expected) => {
    expect(sessionAlertSummary(code, session, ctx)).toBe(expected);
  });

  it('dates the dose on the organization’s calendar', () => {
    const lateEvening = dose({ doseMg: 450 }, { occurredAt: '2026-12-03T02:00:00.000Z' });
    expect(sessionAlertSummary('dose_outside_plan', lateEvening, context())).toContain('on 3 Dec 2026');
    expect(sessionAlertSummary('dose_outside_plan', lateEvening, context(), 'America/New_York')).toContain(
      'on 2 Dec 2026',
    );
  });

  it.each(SESSION_WARNINGS.map((code) => [code]))('%s has a sentence naming the date', (code) => {
    expect(sessionAlertSummary(code, dose(), context())).toMatch(/2 Dec 2026/);
  });
});
