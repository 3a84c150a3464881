import { INSTRUMENTS, type InstrumentCode, type InstrumentItem } from './instruments';
import type { OutcomeFlag } from './scoring';

/**
 * The instruments a patient may answer on their own through a questionnaire link. The CGI-S and
 * CGI-I are clinician-rated (the clinician's global impression), so they are never sent.
 */
export const SELF_REPORT_INSTRUMENTS: readonly InstrumentCode[] = [
  'PHQ9',
  'GAD7',
  'PCL5',
  'CSSRS_SCREEN',
  'PEG',
];

export function isSelfReportInstrument(code: InstrumentCode): boolean {
  return SELF_REPORT_INSTRUMENTS.includes(code);
}

/**
 * Score flags after which the patient's page shows the crisis line and the practice's
 * instructions at once: a positive PHQ-9 item 9 and every C-SSRS risk level above none.
 */
export const CRISIS_FLAGS: readonly OutcomeFlag[] = [
  'suicidality_item_positive',
  'cssrs_high_risk',
  'cssrs_moderate_risk',
  'cssrs_low_risk',
];

/** One question as the patient sees it: `labels[k]` are the words of the answer `min + k`. */
export interface SelfReportQuestion {
  text: string;
  min: number;
  max: number;
  labels: string[];
}

export interface SelfReportForm {
  code: InstrumentCode;
  name: string;
  instructions: string;
  items: SelfReportQuestion[];
  /** The PHQ-9's and GAD-7's closing "how difficult…" question (optional; not in the total). */
  difficulty: SelfReportQuestion | null;
}

/** The closing question of the PHQ-9 and GAD-7 forms, with its four printed answers. */
export const DIFFICULTY_QUESTION: Readonly<SelfReportQuestion> = {
  text: 'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?',
  min: 0,
  max: 3,
  labels: ['Not difficult at all', 'Somewhat difficult', 'Very difficult', 'Extremely difficult'],
};

/**
 * The C-SSRS screener's stem is written for the person asking; on the patient's own page the same
 * skip rules are said to the patient (the answers the page sends follow them: a skipped question
 * is sent as no).
 */
const CSSRS_SELF_REPORT_INSTRUCTIONS =
  'Answer questions 1 and 2. If your answer to question 2 is yes, answer questions 3, 4 and 5; if it is no, go to question 6. If your answer to question 6 is yes, answer question 7.';

/** A questionnaire as the patient's page shows it, from the definitions table. */
export function selfReportForm(code: InstrumentCode): SelfReportForm {
  const def = INSTRUMENTS[code];
  return {
    code,
    name: def.name,
    instructions: code === 'CSSRS_SCREEN' ? CSSRS_SELF_REPORT_INSTRUCTIONS : def.stem,
    items: def.items.map((item) => ({
      text: item.text,
      min: item.min,
      max: item.max,
      labels: answerLabels(def.answerLabels, item),
    })),
    difficulty: def.acceptsDifficulty
      ? { ...DIFFICULTY_QUESTION, labels: [...DIFFICULTY_QUESTION.labels] }
      : null,
  };
}

/**
 * The words of every answer of one item, lowest first. A numeric rating scale (PEG) prints only its
 * two ends in words: its answers are the numbers, the ends carrying the form's words.
 */
function answerLabels(scaleLabels: readonly string[], item: InstrumentItem): string[] {
  if (scaleLabels.length === item.max - item.min + 1) return [...scaleLabels];
  const labels: string[] = [];
  for (let value = item.min; value <= item.max; value++) {
    const words = value === item.min ? item.anchors?.min : value === item.max ? item.anchors?.max : undefined;
    labels.push(words ? `${value}: ${words}` : String(value));
  }
  return labels;
}
