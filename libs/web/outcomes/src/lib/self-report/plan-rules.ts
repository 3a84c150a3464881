import type { FieldProblem, InstrumentCode, MeasurementPlanRule, PlanEvery } from '@kap/shared/domain';
import { INSTRUMENT_SHORT_NAMES, planTimings } from '@kap/shared/domain';

/**
 * The plan offered for a course without one (docs/requirements.md "Product rules": "a PHQ-9 24 hours or 7 days after each
 * dose, one every week"): PHQ-9 and GAD-7 a day after each dose, and both every 7 days. Only ever
 * saved when the therapist says so.
 */
export const SUGGESTED_PLAN: readonly MeasurementPlanRule[] = [
  { instrument: 'PHQ9', every: 'dosing_session', offsetHours: 24 },
  { instrument: 'GAD7', every: 'dosing_session', offsetHours: 24 },
  { instrument: 'PHQ9', every: 'days', days: 7 },
  { instrument: 'GAD7', every: 'days', days: 7 },
];

const names = (codes: readonly InstrumentCode[]) =>
  codes.map((code) => INSTRUMENT_SHORT_NAMES[code] ?? code).join(' and ');

/** "24 hours after each dose", "every 7 days". */
export function timingText(every: PlanEvery, amount: number): string {
  if (every === 'dosing_session') {
    if (amount === 0) return 'at each dose';
    return `${amount} ${amount === 1 ? 'hour' : 'hours'} after each dose`;
  }
  return amount === 1 ? 'every day' : `every ${amount} days`;
}

/**
 * The plan in sentences, one per link the server sends: "PHQ-9 and GAD-7, 24 hours after each
 * dose." (rules due at the same moments share one link).
 */
export function planSentences(rules: readonly MeasurementPlanRule[]): string[] {
  return planTimings(rules).map((timing) => {
    const when = timingText(timing.every, timing.amount);
    const phases =
      timing.every === 'days' ? ' while the course is in preparation, dosing or integration' : '';
    return `${names(timing.instruments)}, ${when}${phases}.`;
  });
}

/** A rule as the editor holds it: the number as typed, so that an empty field stays empty. */
export interface DraftRule {
  instrument: InstrumentCode;
  every: PlanEvery;
  amount: string;
}

export function draftOf(rule: MeasurementPlanRule): DraftRule {
  return {
    instrument: rule.instrument,
    every: rule.every,
    amount: String((rule.every === 'dosing_session' ? rule.offsetHours : rule.days) ?? ''),
  };
}

/** What is sent. A number that is not one is sent as it is, for the shared rule to name its field. */
export function ruleOf(draft: DraftRule): MeasurementPlanRule {
  const text = draft.amount.trim();
  const amount = text === '' ? undefined : Number(text);
  return draft.every === 'dosing_session'
    ? { instrument: draft.instrument, every: draft.every, offsetHours: amount }
    : { instrument: draft.instrument, every: draft.every, days: amount };
}

/** The problems of a plan by rule (`rules[2].days` → row 2), and those about the plan as a whole. */
export function problemsByRule(problems: readonly FieldProblem[]): {
  rows: Map<number, string[]>;
  plan: string[];
} {
  const rows = new Map<number, string[]>();
  const plan: string[] = [];
  for (const { field, problem } of problems) {
    const match = /^rules\[(\d+)\](?:\.(\w+))?/.exec(field);
    if (!match) {
      plan.push(problem);
      continue;
    }
    const row = Number(match[1]);
    const words =
      match[2] === 'offsetHours'
        ? 'Hours after the dose'
        : match[2] === 'days'
          ? 'Days between'
          : match[2] === 'instrument'
            ? 'Questionnaire'
            : 'This rule';
    rows.set(row, [...(rows.get(row) ?? []), `${words} ${problem}.`]);
  }
  return { rows, plan };
}
