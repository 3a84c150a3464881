import type {
  PublicInstrument,
  PublicQuestionnaire,
  QuestionnaireAnswer,
  SubmitQuestionnaireRequest,
} from '@kap/shared/contracts';
import { effectiveAnswers, isSkipped, withAnswer, type Answer } from '../display/follow-up-questions';

/**
 * The patient's answers to a questionnaire link, as plain data: which questions are asked now
 * (the C-SSRS skips some), what is sent, and how the answers are kept on the device between a
 * dropped connection and the next try. No Angular here: the page holds one of these in a signal.
 */
export interface AnswerSheet {
  /** Per questionnaire, one answer per item (null: not answered yet). */
  items: Answer[][];
  /** Per questionnaire, the optional closing "how difficult" answer (null: none). */
  difficulty: (number | null)[];
}

/** One question as the page asks it, wherever it comes from in the questionnaires. */
export interface SheetQuestion {
  /** `0.3` for the fourth item of the first questionnaire, `1.difficulty` for a closing question. */
  key: string;
  instrument: number;
  /** The item's index, or `difficulty` for the PHQ-9's and GAD-7's closing question. */
  item: number | 'difficulty';
  text: string;
  options: { value: number | boolean; label: string }[];
  /** The closing "how difficult" question may be left out. */
  optional: boolean;
}

/** The C-SSRS is answered yes or no (the API takes booleans); every other item a number. */
const answersYesNo = (instrument: PublicInstrument) => instrument.code === 'CSSRS_SCREEN';

export function emptySheet(questionnaire: PublicQuestionnaire): AnswerSheet {
  return {
    items: questionnaire.instruments.map((instrument) => instrument.items.map(() => null)),
    difficulty: questionnaire.instruments.map(() => null),
  };
}

/** The questions asked with these answers, in order: a C-SSRS follow-up only after its yes. */
export function askedQuestions(questionnaire: PublicQuestionnaire, sheet: AnswerSheet): SheetQuestion[] {
  const questions: SheetQuestion[] = [];
  questionnaire.instruments.forEach((instrument, i) => {
    instrument.items.forEach((item, j) => {
      if (isSkipped(instrument.code, sheet.items[i] ?? [], j)) return;
      const options = answersYesNo(instrument)
        ? [
            { value: false, label: item.labels[0] ?? 'No' },
            { value: true, label: item.labels[1] ?? 'Yes' },
          ]
        : item.labels.map((label, k) => ({ value: item.min + k, label }));
      questions.push({ key: `${i}.${j}`, instrument: i, item: j, text: item.text, options, optional: false });
    });
    const closing = instrument.difficulty;
    if (closing) {
      const options = closing.labels.map((label, k) => ({ value: closing.min + k, label }));
      questions.push({
        key: `${i}.difficulty`,
        instrument: i,
        item: 'difficulty',
        text: closing.text,
        options,
        optional: true,
      });
    }
  });
  return questions;
}

export function answerOf(sheet: AnswerSheet, question: Pick<SheetQuestion, 'instrument' | 'item'>): Answer {
  return question.item === 'difficulty'
    ? (sheet.difficulty[question.instrument] ?? null)
    : (sheet.items[question.instrument]?.[question.item] ?? null);
}

/** The sheet with one answer set (a C-SSRS no takes back the answers of the questions it skips). */
export function withSheetAnswer(
  questionnaire: PublicQuestionnaire,
  sheet: AnswerSheet,
  question: SheetQuestion,
  value: Answer,
): AnswerSheet {
  const i = question.instrument;
  if (question.item === 'difficulty') {
    const difficulty = [...sheet.difficulty];
    difficulty[i] = typeof value === 'number' ? value : null;
    return { ...sheet, difficulty };
  }
  const items = [...sheet.items];
  // The same rule as the score form: a no to a C-SSRS lead question clears its follow-ups.
  items[i] = withAnswer(questionnaire.instruments[i].code, items[i], question.item, value);
  return { ...sheet, items };
}

/** The questions still waiting for an answer (the optional closing questions never wait). */
export function unanswered(questions: readonly SheetQuestion[], sheet: AnswerSheet): SheetQuestion[] {
  return questions.filter((question) => !question.optional && answerOf(sheet, question) === null);
}

/** What `POST /api/q/:token` is sent: skipped C-SSRS questions as no, a closing answer only when given. */
export function submission(
  questionnaire: PublicQuestionnaire,
  sheet: AnswerSheet,
): SubmitQuestionnaireRequest {
  const answers = questionnaire.instruments.map((instrument, i): QuestionnaireAnswer => {
    const items = effectiveAnswers(instrument.code, sheet.items[i]) as number[] | boolean[];
    const difficulty = sheet.difficulty[i];
    return difficulty === null || difficulty === undefined
      ? { instrument: instrument.code, items }
      : { instrument: instrument.code, items, difficulty };
  });
  return { answers };
}

/**
 * The question a validation problem names (`answers[1].items[3]`, `answers[0].difficulty`), as
 * its position among the questions asked; -1 when it names none of them.
 */
export function questionOfField(questions: readonly SheetQuestion[], field: string): number {
  const match = /^answers\[(\d+)\]\.(?:items\[(\d+)\]|(difficulty))/.exec(field);
  if (!match) return -1;
  const instrument = Number(match[1]);
  const item = match[3] ? 'difficulty' : Number(match[2]);
  return questions.findIndex((question) => question.instrument === instrument && question.item === item);
}

/**
 * What the page keeps on the device: the answers, the question on screen, and the last attempt to
 * send (its key with the body it was sent with). Sending the same body again reuses the key, so a
 * send whose answer was lost is replayed by the server, never stored twice.
 */
export interface KeptAnswers {
  sheet: AnswerSheet;
  step: number;
  attempt: { key: string; body: string } | null;
}

/**
 * The storage key for a link. The token is the patient's credential, so it never appears in
 * clear: a hash of it (two 53-bit string hashes; nothing of a 128-bit token can be read back from
 * it). Synchronous, and works over plain http, where `crypto.subtle` does not exist.
 */
export function storageKey(token: string): string {
  return `kap-questionnaire-${hash53(token, 1).toString(36)}${hash53(token, 2).toString(36)}`;
}

/** cyrb53 (public domain): a fast, well-mixed 53-bit string hash. */
function hash53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The answers kept for this questionnaire, or null when none are (or they do not fit it any more). */
export function readKept(
  storage: Storage | null,
  token: string,
  questionnaire: PublicQuestionnaire,
): KeptAnswers | null {
  let kept: Partial<KeptAnswers> | null = null;
  try {
    kept = JSON.parse(storage?.getItem(storageKey(token)) ?? 'null') as Partial<KeptAnswers> | null;
  } catch {
    return null;
  }
  const sheet = kept?.sheet;
  const fits =
    !!sheet &&
    Array.isArray(sheet.items) &&
    Array.isArray(sheet.difficulty) &&
    sheet.items.length === questionnaire.instruments.length &&
    sheet.difficulty.length === questionnaire.instruments.length &&
    sheet.items.every(
      (answers, i) => Array.isArray(answers) && answers.length === questionnaire.instruments[i].items.length,
    );
  if (!fits) return null;
  return { sheet, step: typeof kept?.step === 'number' ? kept.step : 0, attempt: readAttempt(kept?.attempt) };
}

/** A pending attempt kept for this link, even when the questionnaire can no longer be read (closed). */
export function readAttempt(value: unknown): KeptAnswers['attempt'] {
  const attempt = value as KeptAnswers['attempt'];
  return attempt && typeof attempt.key === 'string' && typeof attempt.body === 'string'
    ? { key: attempt.key, body: attempt.body }
    : null;
}

export function keptAttempt(storage: Storage | null, token: string): KeptAnswers['attempt'] {
  try {
    return readAttempt(
      (JSON.parse(storage?.getItem(storageKey(token)) ?? 'null') as Partial<KeptAnswers> | null)?.attempt,
    );
  } catch {
    return null;
  }
}

/** Keeps the answers; a full or refused storage (private browsing) only loses the safety net. */
export function keep(storage: Storage | null, token: string, kept: KeptAnswers): void {
  try {
    storage?.setItem(storageKey(token), JSON.stringify(kept));
  } catch {
    // Nothing to do: the answers are still in the page.
  }
}

export function forget(storage: Storage | null, token: string): void {
  try {
    storage?.removeItem(storageKey(token));
  } catch {
    // As above.
  }
}
