import type { InstrumentSummary } from '@kap/shared/contracts';
import { scoreOutcome, type InstrumentCode, type ScoredOutcome } from '@kap/shared/domain';
import { answerOptions } from '../display/outcome-labels';

/** An item not answered yet is null; the API only ever sees complete answers. */
export type Answer = number | boolean | null;

/** C-SSRS questions 3–5 (0-based 2–4) are only asked when question 2 is yes (instruments.md). */
const CSSRS_FOLLOW_UPS = [2, 3, 4];

export function isSkipped(code: InstrumentCode, answers: readonly Answer[], index: number): boolean {
  return code === 'CSSRS_SCREEN' && CSSRS_FOLLOW_UPS.includes(index) && answers[1] !== true;
}

/** Sets one answer. A C-SSRS question 2 that is no (again) takes back the answers to 3–5. */
export function withAnswer(code: InstrumentCode, answers: readonly Answer[], index: number, value: Answer): Answer[] {
  const next = [...answers];
  next[index] = value;
  if (code === 'CSSRS_SCREEN' && index === 1 && value !== true) {
    for (const skipped of CSSRS_FOLLOW_UPS) next[skipped] = null;
  }
  return next;
}

/** What would be sent: skipped questions go as `false`, which is what the API demands. */
export function effectiveAnswers(code: InstrumentCode, answers: readonly Answer[]): Answer[] {
  return answers.map((answer, index) => (isSkipped(code, answers, index) ? false : answer));
}

export function answeredCount(code: InstrumentCode, answers: readonly Answer[]): number {
  return answers.filter((answer, index) => answer !== null && !isSkipped(code, answers, index)).length;
}

/** How many answers the form needs now (C-SSRS: 3 when question 2 is no, 6 when it is yes). */
export function requiredCount(code: InstrumentCode, answers: readonly Answer[]): number {
  return answers.filter((_answer, index) => !isSkipped(code, answers, index)).length;
}

/** The first item still waiting for an answer, or -1. */
export function firstUnanswered(code: InstrumentCode, answers: readonly Answer[]): number {
  return answers.findIndex((answer, index) => answer === null && !isSkipped(code, answers, index));
}

/**
 * The score as the API will compute it, by the very same shared domain function, or null while
 * an answer is missing (instruments.md: no prorating, no blanks).
 */
export function liveScore(code: InstrumentCode, answers: readonly Answer[], difficulty: number | null): ScoredOutcome | null {
  const sent = effectiveAnswers(code, answers);
  if (sent.some((answer) => answer === null)) return null;
  try {
    return scoreOutcome(code, sent, difficulty ?? undefined);
  } catch {
    return null;
  }
}

/**
 * A safety concern visible in the answers so far, before the form is complete: a PHQ-9 item 9
 * above 0, or a C-SSRS answer that already makes the screen moderate or high risk (an unanswered
 * question cannot lower the risk, so it counts as no).
 */
export function safetyConcern(code: InstrumentCode, answers: readonly Answer[]): string | null {
  if (code === 'PHQ9') {
    const item9 = answers[8];
    return typeof item9 === 'number' && item9 > 0
      ? 'Item 9 (thoughts of being better off dead or of self-harm) is answered above 0. Saving raises an urgent alert.'
      : null;
  }
  if (code === 'CSSRS_SCREEN') {
    const sofar = effectiveAnswers(code, answers).map((answer) => answer === true);
    const risk = scoreOutcome(code, sofar).severity;
    if (risk === 'high') return 'The answers so far make this a high-risk screen. Saving raises an urgent alert.';
    if (risk === 'moderate') return 'The answers so far make this a moderate-risk screen. Saving raises an alert.';
  }
  return null;
}

/**
 * The answer a key stands for on this item: a digit within the item's range, or y/n on yes/no
 * items. Null for every other key, which then keeps its usual meaning (Tab, arrows...).
 */
export function answerForKey(instrument: InstrumentSummary, index: number, key: string): Answer {
  const option = answerOptions(instrument, index).find((candidate) => candidate.key === key.toLowerCase());
  return option ? option.value : null;
}
