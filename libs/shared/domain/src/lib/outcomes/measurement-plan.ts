import type { FieldProblem } from '../errors/domain-error';
import { isInstrumentCode, type InstrumentCode } from './instruments';
import { isSelfReportInstrument } from './self-report';

/**
 * A course's measurement plan (docs/api.md "Patient self-report"): which questionnaires the patient is
 * sent, after each recorded dose (with an offset in hours) or every N days while the course is in
 * preparation, dosing or integration.
 */
export type PlanEvery = 'dosing_session' | 'days';

export interface MeasurementPlanRule {
  instrument: InstrumentCode;
  every: PlanEvery;
  offsetHours?: number;
  days?: number;
}

export const PLAN_LIMITS = {
  rules: 10,
  /** One request holds at most this many questionnaires (as one sent by hand). */
  instrumentsPerRequest: 4,
  offsetHours: { min: 0, max: 336 },
  days: { min: 1, max: 90 },
} as const;

/** The course phases in which an `every: "days"` rule sends questionnaires. */
export const PLAN_DAYS_PHASES = ['preparation', 'dosing', 'integration'] as const;

/**
 * Rules due at the same moments share one request (one link, one mail): the timing, and the
 * instruments sent then. `key` names the timing for good (`dosing_session:24`, `days:7`), so a plan
 * saved again with the same timing never sends a second request for an occurrence already served.
 */
export interface PlanTiming {
  key: string;
  every: PlanEvery;
  /** Hours after the dose (`dosing_session`), or the period in days (`days`). */
  amount: number;
  instruments: InstrumentCode[];
}

export function planTimingKey(rule: MeasurementPlanRule): string {
  return rule.every === 'dosing_session' ? `dosing_session:${rule.offsetHours}` : `days:${rule.days}`;
}

/** The plan's rules grouped by timing, in the order the rules first name each timing. */
export function planTimings(rules: readonly MeasurementPlanRule[]): PlanTiming[] {
  const byKey = new Map<string, PlanTiming>();
  for (const rule of rules) {
    const key = planTimingKey(rule);
    let timing = byKey.get(key);
    if (!timing) {
      const amount = rule.every === 'dosing_session' ? (rule.offsetHours ?? 0) : (rule.days ?? 0);
      byKey.set(key, (timing = { key, every: rule.every, amount, instruments: [] }));
    }
    timing.instruments.push(rule.instrument);
  }
  return [...byKey.values()];
}

const wholeIn = (value: unknown, range: { min: number; max: number }) =>
  typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max;

/** Every problem with a plan's rules, each naming its field (`rules[2].days`); empty when valid. */
export function measurementPlanProblems(rules: unknown): FieldProblem[] {
  if (!Array.isArray(rules)) return [{ field: 'rules', problem: 'must be a list of rules' }];
  if (rules.length > PLAN_LIMITS.rules)
    return [{ field: 'rules', problem: `must have at most ${PLAN_LIMITS.rules} rules` }];
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  rules.forEach((raw: unknown, i) => {
    const field = (name: string) => `rules[${i}].${name}`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push({
        field: `rules[${i}]`,
        problem: 'must be a rule like { "instrument": "PHQ9", "every": "days", "days": 7 }',
      });
      return;
    }
    const rule = raw as Record<string, unknown>;
    const unknownKeys = Object.keys(rule).filter(
      (key) => !['instrument', 'every', 'offsetHours', 'days'].includes(key),
    );
    for (const key of unknownKeys) problems.push({ field: field(key), problem: 'is not a field of a rule' });
    if (!isInstrumentCode(rule['instrument'])) {
      problems.push({ field: field('instrument'), problem: 'must be an instrument code such as PHQ9' });
    } else if (!isSelfReportInstrument(rule['instrument'])) {
      problems.push({
        field: field('instrument'),
        problem: 'is rated by the clinician, not answered by the patient',
      });
    }
    if (rule['every'] === 'dosing_session') {
      if (!wholeIn(rule['offsetHours'], PLAN_LIMITS.offsetHours)) {
        problems.push({
          field: field('offsetHours'),
          problem: `must be a whole number of hours from ${PLAN_LIMITS.offsetHours.min} to ${PLAN_LIMITS.offsetHours.max}`,
        });
      }
      if (rule['days'] !== undefined)
        problems.push({ field: field('days'), problem: 'is only for every: "days"' });
    } else if (rule['every'] === 'days') {
      if (!wholeIn(rule['days'], PLAN_LIMITS.days)) {
        problems.push({
          field: field('days'),
          problem: `must be a whole number of days from ${PLAN_LIMITS.days.min} to ${PLAN_LIMITS.days.max}`,
        });
      }
      if (rule['offsetHours'] !== undefined)
        problems.push({ field: field('offsetHours'), problem: 'is only for every: "dosing_session"' });
    } else {
      problems.push({ field: field('every'), problem: 'must be dosing_session or days' });
    }
    if (problems.length === 0) {
      const key = `${rule['instrument']}@${planTimingKey(rule as unknown as MeasurementPlanRule)}`;
      if (seen.has(key)) problems.push({ field: `rules[${i}]`, problem: 'repeats an earlier rule' });
      seen.add(key);
    }
  });
  if (problems.length === 0) {
    for (const timing of planTimings(rules as MeasurementPlanRule[])) {
      if (timing.instruments.length > PLAN_LIMITS.instrumentsPerRequest) {
        problems.push({
          field: 'rules',
          problem: `send at most ${PLAN_LIMITS.instrumentsPerRequest} questionnaires at the same time (${timing.key})`,
        });
      }
    }
  }
  return problems;
}
