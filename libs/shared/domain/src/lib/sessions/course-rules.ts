import { SESSION_WARNINGS, type CourseOrders, type SessionFacts, type SessionUnderReview, type SessionWarning, type VitalsReading } from './session-record';

/** The product's rule of thumb when the prescriber's plan says nothing (product.md). */
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
  return !others.some((other) => other.kind === 'preparation' && sameCourse(session, other) && time(other) < time(session));
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
  const doses = [at, ...others.filter((o) => o.kind === 'dosing' && o.id !== session.id).map(time)].sort((a, b) => a - b);
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
  const earlierDoses = others.filter((o) => o.kind === 'dosing' && o.id !== session.id && sameCourse(session, o) && time(o) < at);
  if (earlierDoses.length === 0) return false;
  // If the latest earlier dose was integrated before this one, every earlier dose was too.
  const previous = Math.max(...earlierDoses.map(time));
  return !others.some((o) => o.kind === 'integration' && sameCourse(session, o) && time(o) > previous && time(o) < at);
}

/**
 * A reading above the limits the prescriber set for this course. Equal to a limit is within it.
 * Without limits there is nothing to compare with: the software never invents one.
 */
export function vitalsOutOfRange(vitals: readonly VitalsReading[], limits: CourseOrders['vitalsLimits']): boolean {
  if (!limits) return false;
  const above = (value: number, max: number | null | undefined) => max !== null && max !== undefined && value > max;
  return vitals.some(
    (v) => above(v.systolic, limits.systolicMax) || above(v.diastolic, limits.diastolicMax) || above(v.heartRate, limits.heartRateMax),
  );
}

/** No reading before the dose, or none after it. */
export function vitalsMissing(vitals: readonly VitalsReading[]): boolean {
  return !vitals.some((v) => v.phase === 'pre') || !vitals.some((v) => v.phase === 'post');
}

/**
 * Every course rule a session breaks, as warning codes in a fixed order. `others` are the
 * patient's other sessions; `orders` the prescriber's orders on the session's course (null when
 * the session has no course). Breaking a rule never blocks the record: the caller stores it.
 */
/** Only a dosing session with its dosing record can have warnings; no other session is judged. */
export function isJudged<T extends Pick<SessionUnderReview, 'kind' | 'dosing'>>(session: T): session is T & { dosing: NonNullable<T['dosing']> } {
  return session.kind === 'dosing' && session.dosing !== null;
}

export function sessionWarnings(
  session: SessionUnderReview,
  others: readonly SessionFacts[],
  orders: CourseOrders | null,
): SessionWarning[] {
  if (!isJudged(session)) return [];
  const rest = others.filter((o) => o.id !== session.id);
  const { vitals, adverseEvents } = session.dosing;
  const broken: Record<SessionWarning, boolean> = {
    dosing_without_preparation: dosingWithoutPreparation(session, rest),
    dosing_frequency_exceeded: dosingFrequencyExceeded(session, rest, orders?.maxDosingSessionsPerWeek),
    integration_missing: integrationMissing(session, rest),
    vitals_out_of_range: vitalsOutOfRange(vitals, orders?.vitalsLimits ?? null),
    vitals_missing: vitalsMissing(vitals),
    serious_adverse_event: (adverseEvents ?? []).some((event) => event.severity === 'serious'),
  };
  return SESSION_WARNINGS.filter((code) => broken[code]);
}
