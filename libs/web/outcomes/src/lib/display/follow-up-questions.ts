import type { InstrumentCode } from '@kap/shared/domain';

/**
 * The C-SSRS skip rules, shared by the clinician's score form and the patient's own questionnaire
 * page. A file of its own, without the scoring code, so the patient's page chunk stays small.
 */

/** An item not answered yet is null; the API only ever sees complete answers. */
export type Answer = number | boolean | null;

/**
 * C-SSRS (version 2) questions asked only after a yes (docs/requirements.md "C-SSRS screener"), 0-based: 3–5 follow
 * question 2; 7 ("within the past 3 months?") follows question 6.
 */
const CSSRS_FOLLOW_UPS: Readonly<Record<number, readonly number[]>> = { 1: [2, 3, 4], 5: [6] };

/** The question whose yes a C-SSRS follow-up depends on, or null (0-based). */
export function askedAfter(code: InstrumentCode, index: number): number | null {
  if (code !== 'CSSRS_SCREEN') return null;
  const lead = Object.entries(CSSRS_FOLLOW_UPS).find(([, follow]) => follow.includes(index));
  return lead ? Number(lead[0]) : null;
}

export function isSkipped(code: InstrumentCode, answers: readonly Answer[], index: number): boolean {
  const lead = askedAfter(code, index);
  return lead !== null && answers[lead] !== true;
}

/** Sets one answer. A C-SSRS question 2 (or 6) that is no (again) takes back its follow-ups' answers. */
export function withAnswer(
  code: InstrumentCode,
  answers: readonly Answer[],
  index: number,
  value: Answer,
): Answer[] {
  const next = [...answers];
  next[index] = value;
  if (code === 'CSSRS_SCREEN' && value !== true) {
    for (const skipped of CSSRS_FOLLOW_UPS[index] ?? []) next[skipped] = null;
  }
  return next;
}

/** What would be sent: skipped questions go as `false`, which is what the API demands. */
export function effectiveAnswers(code: InstrumentCode, answers: readonly Answer[]): Answer[] {
  return answers.map((answer, index) => (isSkipped(code, answers, index) ? false : answer));
}
