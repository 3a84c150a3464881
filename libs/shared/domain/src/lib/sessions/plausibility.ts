import type { FieldProblem } from '../errors/domain-error';
import type { SessionUnderReview } from './session-record';

/**
 * Bounds of what a body or a scale can physically report. They are NOT clinical limits: a reading
 * inside them may be alarming (that is what the prescriber's vitals limits and the warnings are
 * for); a reading outside them is a typing slip, and is refused so that it is entered again.
 */
export const PHYSICAL_BOUNDS = {
  systolic: { min: 50, max: 300 },
  diastolic: { min: 20, max: 200 },
  heartRate: { min: 20, max: 250 },
  spo2: { min: 50, max: 100 },
  /** Milligrams: above 0, and at most 1000 (no ketamine preparation comes near it). */
  doseMg: { min: 0, max: 1000 },
  durationMinutes: { min: 1, max: 720 },
} as const;

/** A session may be dated a little ahead (clocks differ), never more than a day. */
export const MAX_AHEAD_MS = 24 * 60 * 60 * 1000;

const within = (value: number, bounds: { min: number; max: number }) =>
  value >= bounds.min && value <= bounds.max;

/**
 * Values no real session can have, each named by its JSON path (`dosing.vitals[0].systolic`).
 * An empty list means the record can be stored (it may still break a course rule).
 */
export function implausibleSessionValues(session: Omit<SessionUnderReview, 'id'>, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (Date.parse(session.occurredAt) - now.getTime() > MAX_AHEAD_MS) {
    problems.push({ field: 'occurredAt', problem: 'cannot be more than a day in the future' });
  }
  const { durationMinutes } = PHYSICAL_BOUNDS;
  if (!within(session.durationMinutes, durationMinutes)) {
    problems.push({
      field: 'durationMinutes',
      problem: `must be from ${durationMinutes.min} to ${durationMinutes.max} minutes`,
    });
  }
  const dosing = session.dosing;
  if (!dosing) return problems;
  const dose = PHYSICAL_BOUNDS.doseMg;
  const doseProblem = `must be more than ${dose.min} and at most ${dose.max} mg`;
  if (!(dosing.doseMg > dose.min && dosing.doseMg <= dose.max))
    problems.push({ field: 'dosing.doseMg', problem: doseProblem });
  if (dosing.booster && !(dosing.booster.doseMg > dose.min && dosing.booster.doseMg <= dose.max)) {
    problems.push({ field: 'dosing.booster.doseMg', problem: doseProblem });
  }
  dosing.vitals.forEach((reading, i) => {
    const path = `dosing.vitals[${i}]`;
    for (const field of ['systolic', 'diastolic', 'heartRate'] as const) {
      const bounds = PHYSICAL_BOUNDS[field];
      if (!within(reading[field], bounds)) {
        problems.push({
          field: `${path}.${field}`,
          problem: `must be from ${bounds.min} to ${bounds.max}; check the reading`,
        });
      }
    }
    if (within(reading.diastolic, PHYSICAL_BOUNDS.diastolic) && reading.diastolic >= reading.systolic) {
      problems.push({
        field: `${path}.diastolic`,
        problem: 'must be below the systolic pressure; check the reading',
      });
    }
    if (reading.spo2 !== undefined && reading.spo2 !== null && !within(reading.spo2, PHYSICAL_BOUNDS.spo2)) {
      problems.push({
        field: `${path}.spo2`,
        problem: `must be from ${PHYSICAL_BOUNDS.spo2.min} to ${PHYSICAL_BOUNDS.spo2.max} %`,
      });
    }
  });
  return problems;
}
