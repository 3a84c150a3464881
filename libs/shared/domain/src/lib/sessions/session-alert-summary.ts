import { spokenDate } from '../calendar/calendar-date';
import { mergeMedicalStatus, type MedicalStatusEntry } from '../care-team/medical-status-merge';
import {
  DEFAULT_MAX_DOSING_SESSIONS_PER_WEEK,
  dosesUnderPrescription,
  totalDoseMg,
  vitalsBreaches,
  type VitalsBreach,
} from './course-rules';
import type {
  CourseOrders,
  DosePlanOrder,
  SessionFacts,
  SessionUnderReview,
  SessionWarning,
  VitalsLimitsOrder,
  VitalsReading,
} from './session-record';

/** What the rules judged the dose against: the same inputs as `sessionWarnings`. */
export interface DoseContext {
  others: readonly SessionFacts[];
  orders: CourseOrders | null;
  statusHistory: readonly MedicalStatusEntry[];
}

const PHASE_WORDS: Record<VitalsReading['phase'], string> = {
  pre: 'before the dose',
  mid: 'during the dose',
  post: 'after the dose',
};
const ELIGIBILITY_WORDS: Record<string, string> = {
  pending_intake: 'pending intake',
  medical_clearance_required: 'medical clearance required',
  not_eligible: 'not eligible',
};

const words = (code: string) => code.replace(/_/g, ' ');
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const isSet = (n: number | null | undefined): n is number => n !== null && n !== undefined;

/** "100–300 mg", "at most 300 mg", "at least 100 mg", or null when the plan names no range. */
function planRange(plan: DosePlanOrder): string | null {
  const { doseMgMin: min, doseMgMax: max } = plan;
  if (isSet(min) && isSet(max)) return `${min}–${max} mg`;
  if (isSet(max)) return `at most ${max} mg`;
  if (isSet(min)) return `at least ${min} mg`;
  return null;
}

/** "160/100", "systolic 160" or "diastolic 100": the pair of limits that was ordered. */
function pressureLimit(systolic: number | null | undefined, diastolic: number | null | undefined): string {
  if (isSet(systolic) && isSet(diastolic)) return `${systolic}/${diastolic}`;
  return isSet(systolic) ? `systolic ${systolic}` : `diastolic ${diastolic}`;
}

/** One breach in words: "blood pressure 220/130 is above the prescriber's limit of 160/100". */
function breachWords(reading: VitalsReading, breach: VitalsBreach, limits: VitalsLimitsOrder): string {
  const limit = breach.side === 'above' ? "the prescriber's limit of" : "the prescriber's minimum of";
  if (breach.value === 'blood_pressure') {
    const ordered =
      breach.side === 'above'
        ? pressureLimit(limits.systolicMax, limits.diastolicMax)
        : pressureLimit(limits.systolicMin, limits.diastolicMin);
    return `blood pressure ${reading.systolic}/${reading.diastolic} is ${breach.side} ${limit} ${ordered}`;
  }
  if (breach.value === 'heart_rate') {
    return `heart rate ${reading.heartRate} is ${breach.side} ${limit} ${breach.side === 'above' ? limits.heartRateMax : limits.heartRateMin}`;
  }
  return `SpO2 ${reading.spo2}% is below ${limit} ${limits.spo2Min}%`;
}

function vitalsSummary(vitals: readonly VitalsReading[], limits: VitalsLimitsOrder, on: string): string {
  const outside = vitals.filter((reading) => vitalsBreaches(reading, limits).length > 0);
  if (outside.length === 0) return `Vitals during the dose on ${on} are outside the prescriber's limits`;
  const [first] = outside;
  const [lead, ...rest] = vitalsBreaches(first, limits).map((breach) => breachWords(first, breach, limits));
  // "Blood pressure 220/130 before the dose on 2 Dec 2026 is above …": the moment goes after the value.
  const split = lead.indexOf(' is ');
  const sentence = `${capitalized(lead.slice(0, split))} ${PHASE_WORDS[first.phase]} on ${on}${lead.slice(split)}`;
  const more =
    outside.length > 1 ? ` (${plural(outside.length - 1, 'more reading')} outside the limits)` : '';
  return [sentence, ...rest].join('; ') + more;
}

/**
 * The sentence an alert (or a warning) about a dose carries: what happened, the values and the
 * date, so that a person can act on it without opening the session ("Dose of 450 mg sublingual on
 * 2 Dec 2026 is outside the plan of 100–300 mg"). The date is the dose's, on the calendar of
 * `timeZone` (the organization's). Pure: the inputs are those `sessionWarnings` judged.
 */
export function sessionAlertSummary(
  code: SessionWarning,
  session: SessionUnderReview,
  context: DoseContext,
  timeZone = 'UTC',
): string {
  const on = spokenDate(session.occurredAt, timeZone);
  const dosing = session.dosing;
  const events = dosing?.adverseEvents ?? [];
  const status = mergeMedicalStatus(context.statusHistory, session.occurredAt);
  const since = (asOf: string | undefined) => (asOf ? ` (stated ${spokenDate(asOf, timeZone)})` : '');
  switch (code) {
    case 'dose_outside_plan': {
      const plan = context.orders?.dosePlan;
      const booster = dosing?.booster ? ` + ${dosing.booster.doseMg} mg booster` : '';
      const given = `Dose of ${dosing?.doseMg} mg${booster}${dosing?.route ? ` ${dosing.route}` : ''} on ${on}`;
      if (plan && dosing?.route && dosing.route !== plan.route)
        return `${given} was not given by the planned route (${plan.route})`;
      const range = plan ? planRange(plan) : null;
      const total = dosing?.booster ? ` (${totalDoseMg(dosing)} mg in all)` : '';
      return `${given}${total} is outside the plan${range ? ` of ${range}` : ''}`;
    }
    case 'not_cleared_for_dosing':
      return status?.eligibility
        ? `Dose on ${on} was given while the medical team's eligibility was ${ELIGIBILITY_WORDS[status.eligibility] ?? words(status.eligibility)}${since(status.fieldsAsOf.eligibility)}`
        : `Dose on ${on} was given with no eligibility recorded by the medical team`;
    case 'prescription_not_active':
      return status?.prescription
        ? `Dose on ${on} was given while the prescription was ${words(status.prescription.status)}${since(status.fieldsAsOf.prescription)}`
        : `Dose on ${on} was given with no prescription recorded`;
    case 'doses_authorized_exceeded': {
      const count = dosesUnderPrescription(session, context.others, status);
      if (!count) return `Dose on ${on} is more than the prescription authorizes`;
      return `Dose on ${on} is dose ${count.given} under a prescription authorizing ${plural(count.authorized, 'dose')}${since(count.since)}`;
    }
    case 'vitals_out_of_range':
      return vitalsSummary(dosing?.vitals ?? [], context.orders?.vitalsLimits ?? {}, on);
    case 'vitals_limits_not_ordered':
      return `Dose on ${on} was given with no vitals limits ordered for ${session.courseId ? 'the course' : 'it (no course)'}`;
    case 'severe_adverse_event': {
      const types = events.filter((e) => e.severity === 'severe').map((e) => words(e.type));
      return `Severe adverse event (${types.join(', ')}) during the dose on ${on}`;
    }
    case 'serious_adverse_event': {
      const serious = events.filter((e) => e.severity === 'serious');
      const untold = serious.some((e) => !e.reportedToOnCallAt)
        ? '; the on-call prescriber has not been recorded as told'
        : '';
      return `Serious adverse event (${serious.map((e) => words(e.type)).join(', ')}) during the dose on ${on}${untold}`;
    }
    case 'on_call_not_informed': {
      const types = events
        .filter((e) => e.severity === 'serious' && !e.reportedToOnCallAt)
        .map((e) => words(e.type));
      return `Serious adverse event (${types.join(', ')}) during the dose on ${on} has no time the on-call prescriber was told`;
    }
    case 'dosing_frequency_exceeded': {
      const max = context.orders?.maxDosingSessionsPerWeek ?? DEFAULT_MAX_DOSING_SESSIONS_PER_WEEK;
      return `Dose on ${on} is more than the ${plural(max, 'dosing session')} within 7 days the plan allows`;
    }
    case 'dosing_without_preparation':
      return `Dose on ${on} has no preparation session before it`;
    case 'integration_missing':
      return `Dose on ${on} was given before the previous dose had an integration session`;
    case 'vitals_missing':
      return `Dose on ${on} has no ${dosing?.vitals.some((v) => v.phase === 'pre') ? 'post-dose' : 'pre-dose'} vitals reading`;
  }
}
