import {
  mergeMedicalStatus,
  type MedicalStatusEntry,
  type MergedMedicalStatus,
} from '../care-team/medical-status-merge';
import type { FieldProblem } from '../errors/domain-error';
import {
  SESSION_WARNINGS,
  type AdverseEventRecord,
  type CourseOrders,
  type DosePlanOrder,
  type DosingFacts,
  type SessionFacts,
  type SessionUnderReview,
  type SessionWarning,
  type VitalsLimitsOrder,
  type VitalsReading,
} from './session-record';

/** The product's rule of thumb when the prescriber's plan says nothing (docs/requirements.md "Product rules"). */
export const DEFAULT_MAX_DOSING_SESSIONS_PER_WEEK = 2;
/** A "week" is any window of 7 × 24 hours, not a calendar week. */
export const DOSING_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

const time = (session: Pick<SessionFacts, 'occurredAt'>) => Date.parse(session.occurredAt);

/**
 * The sessions a course rule compares a session with: those of the same course, or every session
 * of the patient when the session belongs to no course.
 */
function sameCourse(session: SessionFacts, other: SessionFacts): boolean {
  return session.courseId === null || other.courseId === session.courseId;
}

/** No preparation session before this dose, in its course (or for the patient when it has none). */
export function dosingWithoutPreparation(session: SessionFacts, others: readonly SessionFacts[]): boolean {
  if (session.kind !== 'dosing') return false;
  return !others.some(
    (other) => other.kind === 'preparation' && sameCourse(session, other) && time(other) < time(session),
  );
}

/**
 * More dosing sessions than allowed inside some window of 7 × 24 hours that contains this dose.
 * Every dose of the patient counts (a dose is a dose, whichever course it was logged under); the
 * allowance is the plan's `maxDosingSessionsPerWeek`, or 2 when the plan is silent. Two doses
 * exactly 7 × 24 hours apart are in different windows.
 */
export function dosingFrequencyExceeded(
  session: SessionFacts,
  others: readonly SessionFacts[],
  maxPerWeek: number | null | undefined,
): boolean {
  if (session.kind !== 'dosing') return false;
  const allowed = maxPerWeek ?? DEFAULT_MAX_DOSING_SESSIONS_PER_WEEK;
  const at = time(session);
  const doses = [at, ...others.filter((o) => o.kind === 'dosing' && o.id !== session.id).map(time)].sort(
    (a, b) => a - b,
  );
  // A crowded window can always be slid to start at its earliest dose: try each dose as a start.
  return doses.some((start) => {
    if (start > at || at - start >= DOSING_WINDOW_MS) return false;
    return doses.filter((t) => t >= start && t - start < DOSING_WINDOW_MS).length > allowed;
  });
}

/** The course's previous dose has no integration session between it and this dose. */
export function integrationMissing(session: SessionFacts, others: readonly SessionFacts[]): boolean {
  if (session.kind !== 'dosing') return false;
  const at = time(session);
  const earlierDoses = others.filter(
    (o) => o.kind === 'dosing' && o.id !== session.id && sameCourse(session, o) && time(o) < at,
  );
  if (earlierDoses.length === 0) return false;
  // If the latest earlier dose was integrated before this one, every earlier dose was too.
  const previous = Math.max(...earlierDoses.map(time));
  return !others.some(
    (o) => o.kind === 'integration' && sameCourse(session, o) && time(o) > previous && time(o) < at,
  );
}

/** Which of a reading's values lie outside the limits, and on which side. */
export interface VitalsBreach {
  value: 'blood_pressure' | 'heart_rate' | 'spo2';
  side: 'above' | 'below';
}

const isSet = (limit: number | null | undefined): limit is number => limit !== null && limit !== undefined;
const above = (value: number, max: number | null | undefined) => isSet(max) && value > max;
const below = (value: number, min: number | null | undefined) => isSet(min) && value < min;

/**
 * The values of one reading outside the prescriber's limits: above a maximum or below a minimum
 * (equal to a limit is within it). SpO2 is judged only when the reading has one. Blood pressure is
 * one value: systolic or diastolic outside its limit puts it outside.
 */
export function vitalsBreaches(
  reading: VitalsReading,
  limits: VitalsLimitsOrder | null | undefined,
): VitalsBreach[] {
  if (!limits) return [];
  const breaches: VitalsBreach[] = [];
  if (above(reading.systolic, limits.systolicMax) || above(reading.diastolic, limits.diastolicMax)) {
    breaches.push({ value: 'blood_pressure', side: 'above' });
  } else if (below(reading.systolic, limits.systolicMin) || below(reading.diastolic, limits.diastolicMin)) {
    breaches.push({ value: 'blood_pressure', side: 'below' });
  }
  if (above(reading.heartRate, limits.heartRateMax)) breaches.push({ value: 'heart_rate', side: 'above' });
  else if (below(reading.heartRate, limits.heartRateMin))
    breaches.push({ value: 'heart_rate', side: 'below' });
  if (isSet(reading.spo2) && below(reading.spo2, limits.spo2Min))
    breaches.push({ value: 'spo2', side: 'below' });
  return breaches;
}

/**
 * A reading above a maximum or below a minimum the prescriber set for this course. Equal to a
 * limit is within it. Without limits there is nothing to compare with: the software never invents one.
 */
export function vitalsOutOfRange(
  vitals: readonly VitalsReading[],
  limits: CourseOrders['vitalsLimits'],
): boolean {
  return vitals.some((reading) => vitalsBreaches(reading, limits).length > 0);
}

/** No reading before the dose, or none after it. */
export function vitalsMissing(vitals: readonly VitalsReading[]): boolean {
  return !vitals.some((v) => v.phase === 'pre') || !vitals.some((v) => v.phase === 'post');
}

/** The dose given in the session: the dose and any booster, in mg. */
export function totalDoseMg(dosing: Pick<DosingFacts, 'doseMg' | 'booster'>): number {
  return dosing.doseMg + (dosing.booster?.doseMg ?? 0);
}

/**
 * The dose (plus any booster) below the plan's minimum or above its maximum, or given by another
 * route than the planned one. Equal to a bound is within the plan. Without a plan nothing is judged.
 */
export function doseOutsidePlan(
  dosing: Pick<DosingFacts, 'doseMg' | 'booster' | 'route'>,
  plan: DosePlanOrder | null | undefined,
): boolean {
  if (!plan) return false;
  const total = totalDoseMg(dosing);
  const wrongRoute = dosing.route !== undefined && dosing.route !== plan.route;
  return wrongRoute || below(total, plan.doseMgMin) || above(total, plan.doseMgMax);
}

/** The merged eligibility at the dose is anything but `eligible`; no status recorded counts. */
export function notClearedForDosing(status: Pick<MedicalStatusEntry, 'eligibility'> | null): boolean {
  return status?.eligibility !== 'eligible';
}

/** The merged prescription at the dose is not `active`; no prescription recorded counts. */
export function prescriptionNotActive(status: Pick<MedicalStatusEntry, 'prescription'> | null): boolean {
  return status?.prescription?.status !== 'active';
}

/** The doses given under the current authorization: how many (this one included), of how many, since when. */
export interface DosesUnderPrescription {
  given: number;
  authorized: number;
  /** The `asOf` of the entry that stated the current prescription. */
  since: string;
}

/**
 * Counts the patient's dosing sessions (this one included, any course) from the `asOf` of the
 * entry that stated the current prescription up to this dose. A dose logged late is counted with
 * the doses given before it. Null when the prescription states no `dosesAuthorized`.
 */
export function dosesUnderPrescription(
  session: SessionFacts,
  others: readonly SessionFacts[],
  status: MergedMedicalStatus<MedicalStatusEntry> | null,
): DosesUnderPrescription | null {
  const authorized = status?.prescription?.dosesAuthorized;
  const since = status?.fieldsAsOf.prescription;
  if (session.kind !== 'dosing' || !isSet(authorized) || since === undefined) return null;
  const from = Date.parse(since);
  const at = time(session);
  const earlier = others.filter(
    (o) => o.kind === 'dosing' && o.id !== session.id && time(o) >= from && time(o) <= at,
  ).length;
  return { given: earlier + 1, authorized, since };
}

/** More doses given under the current authorization than its `dosesAuthorized` (not judged without one). */
export function dosesAuthorizedExceeded(
  session: SessionFacts,
  others: readonly SessionFacts[],
  status: MergedMedicalStatus<MedicalStatusEntry> | null,
): boolean {
  const count = dosesUnderPrescription(session, others, status);
  return count !== null && count.given > count.authorized;
}

/** The course has no vitals limits at all (none, or every limit empty), or the dose has no course. */
export function vitalsLimitsNotOrdered(orders: CourseOrders | null): boolean {
  const limits = orders?.vitalsLimits;
  return !limits || !Object.values(limits).some(isSet);
}

/** An adverse event of severity `severe`. */
export function severeAdverseEvent(events: readonly AdverseEventRecord[] | null): boolean {
  return (events ?? []).some((event) => event.severity === 'severe');
}

/** An adverse event of severity `serious`. */
export function seriousAdverseEvent(events: readonly AdverseEventRecord[] | null): boolean {
  return (events ?? []).some((event) => event.severity === 'serious');
}

/** A `serious` adverse event with no time the on-call prescriber was told. */
export function onCallNotInformed(events: readonly AdverseEventRecord[] | null): boolean {
  return (events ?? []).some((event) => event.severity === 'serious' && !event.reportedToOnCallAt);
}

/**
 * The prescriber's limits in words: "systolic 90–140, diastolic ≤ 90 mmHg, heart rate 50–110/min,
 * SpO2 ≥ 92%" (a range where both ends were ordered), or '' when nothing was ordered. One wording
 * for the log form, the course card and the packet.
 */
export function vitalsLimitsText(limits: VitalsLimitsOrder | null | undefined): string {
  if (!limits) return '';
  const range = (
    name: string,
    min: number | null | undefined,
    max: number | null | undefined,
  ): string | null => {
    if (isSet(min) && isSet(max)) return `${name} ${min}–${max}`;
    if (isSet(max)) return `${name} ≤ ${max}`;
    if (isSet(min)) return `${name} ≥ ${min}`;
    return null;
  };
  const parts: string[] = [];
  const systolic = range('systolic', limits.systolicMin, limits.systolicMax);
  const diastolic = range('diastolic', limits.diastolicMin, limits.diastolicMax);
  if (systolic) parts.push(diastolic ? systolic : `${systolic} mmHg`);
  if (diastolic) parts.push(`${diastolic} mmHg`);
  const heartRate = range('heart rate', limits.heartRateMin, limits.heartRateMax);
  if (heartRate) parts.push(`${heartRate}/min`);
  if (isSet(limits.spo2Min)) parts.push(`SpO2 ≥ ${limits.spo2Min}%`);
  return parts.join(', ');
}

/**
 * Limits that cannot be what was ordered: a minimum above its maximum. Named by JSON path under
 * `field` (`vitalsLimits.systolicMin`), so the course form and the API refuse with the same words.
 */
export function vitalsLimitsProblems(
  limits: VitalsLimitsOrder | null | undefined,
  field = 'vitalsLimits',
): FieldProblem[] {
  if (!limits) return [];
  const pairs = [
    ['systolicMin', 'systolicMax', 'systolic'],
    ['diastolicMin', 'diastolicMax', 'diastolic'],
    ['heartRateMin', 'heartRateMax', 'heart rate'],
  ] as const;
  return pairs.flatMap(([min, max, name]) => {
    const low = limits[min];
    const high = limits[max];
    return isSet(low) && isSet(high) && low > high
      ? [
          {
            field: `${field}.${min}`,
            problem: `must not be above the ${name} maximum (${high}); copy the limits as ordered`,
          },
        ]
      : [];
  });
}

/** Only a dosing session with its dosing record can have warnings; no other session is judged. */
export function isJudged<T extends Pick<SessionUnderReview, 'kind' | 'dosing'>>(
  session: T,
): session is T & { dosing: NonNullable<T['dosing']> } {
  return session.kind === 'dosing' && session.dosing !== null;
}

/**
 * Every course rule a session breaks, as warning codes in `SESSION_WARNINGS` order. `others` are
 * the patient's other sessions; `orders` the prescriber's orders on the session's course (null
 * when the session has no course); `statusHistory` the patient's medical-status entries (any
 * order), merged as of the dose's `occurredAt`. Pure and clock-free, so the log form can call it
 * before saving. Breaking a rule never blocks the record: the caller stores it.
 */
export function sessionWarnings(
  session: SessionUnderReview,
  others: readonly SessionFacts[],
  orders: CourseOrders | null,
  statusHistory: readonly MedicalStatusEntry[],
): SessionWarning[] {
  if (!isJudged(session)) return [];
  const rest = others.filter((o) => o.id !== session.id);
  const { vitals, adverseEvents } = session.dosing;
  const status = mergeMedicalStatus(statusHistory, session.occurredAt);
  const broken: Record<SessionWarning, boolean> = {
    dosing_without_preparation: dosingWithoutPreparation(session, rest),
    dosing_frequency_exceeded: dosingFrequencyExceeded(session, rest, orders?.maxDosingSessionsPerWeek),
    integration_missing: integrationMissing(session, rest),
    vitals_out_of_range: vitalsOutOfRange(vitals, orders?.vitalsLimits ?? null),
    vitals_missing: vitalsMissing(vitals),
    serious_adverse_event: seriousAdverseEvent(adverseEvents),
    dose_outside_plan: doseOutsidePlan(session.dosing, orders?.dosePlan),
    not_cleared_for_dosing: notClearedForDosing(status),
    prescription_not_active: prescriptionNotActive(status),
    doses_authorized_exceeded: dosesAuthorizedExceeded(session, rest, status),
    vitals_limits_not_ordered: vitalsLimitsNotOrdered(orders),
    severe_adverse_event: severeAdverseEvent(adverseEvents),
    on_call_not_informed: onCallNotInformed(adverseEvents),
  };
  return SESSION_WARNINGS.filter((code) => broken[code]);
}
