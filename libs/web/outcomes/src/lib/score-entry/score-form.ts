import type { InstrumentSummary } from '@kap/shared/contracts';
import { cssrsRisk, scoreOutcome, type InstrumentCode, type ScoredOutcome } from '@kap/shared/domain';
import { answerOptions } from '../display/outcome-labels';
import { effectiveAnswers, isSkipped, type Answer } from '../display/follow-up-questions';

// The C-SSRS skip rules live beside the patient's own questionnaire page, which uses them too.
export {
  askedAfter,
  effectiveAnswers,
  isSkipped,
  withAnswer,
  type Answer,
} from '../display/follow-up-questions';

export function answeredCount(code: InstrumentCode, answers: readonly Answer[]): number {
  return answers.filter((answer, index) => answer !== null && !isSkipped(code, answers, index)).length;
}

/** How many answers the form needs now (C-SSRS: 3 when questions 2 and 6 are no, up to 7). */
export function requiredCount(code: InstrumentCode, answers: readonly Answer[]): number {
  return answers.filter((_answer, index) => !isSkipped(code, answers, index)).length;
}

/** The first item still waiting for an answer, or -1. */
export function firstUnanswered(code: InstrumentCode, answers: readonly Answer[]): number {
  return answers.findIndex((answer, index) => answer === null && !isSkipped(code, answers, index));
}

/**
 * The score as the API will compute it, by the very same shared domain function, or null while
 * an answer is missing (docs/requirements.md "Instruments": no prorating, no blanks).
 */
export function liveScore(
  code: InstrumentCode,
  answers: readonly Answer[],
  difficulty: number | null,
): ScoredOutcome | null {
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
 * above 0, or a C-SSRS answer that already makes the screen low, moderate or high risk (an
 * unanswered question counts as no; an unanswered question 7 after a yes to 6 is scored when
 * answered, so the concern shown is the lowest the screen can be).
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
    const risk = cssrsRisk(sofar);
    if (risk === 'high')
      return 'The answers so far make this a high-risk screen. Saving raises an urgent alert.';
    if (risk === 'moderate')
      return 'The answers so far make this a moderate-risk screen. Saving raises an alert.';
    if (risk === 'low') return 'The answers so far make this a low-risk screen. Saving raises an alert.';
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
