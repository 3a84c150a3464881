import { ValidationFailed, type FieldProblem } from '../errors/domain-error';
import { INSTRUMENTS, type InstrumentCode, type InstrumentDefinition } from './instruments';

export type OutcomeFlag =
  | 'suicidality_item_positive'
  | 'probable_ptsd'
  | 'cssrs_high_risk'
  | 'cssrs_moderate_risk'
  | 'cssrs_low_risk'
  | 'reliable_deterioration';

/** C-SSRS screener risk levels (Columbia triage), lowest first. */
export type CssrsRisk = 'none' | 'low' | 'moderate' | 'high';

export interface PclSubscales {
  B: number;
  C: number;
  D: number;
  E: number;
}

export interface ScoredOutcome {
  instrument: InstrumentCode;
  instrumentVersion: string;
  items: number[] | boolean[];
  /** Null for the C-SSRS screener, which is categorical; the PEG's is a mean with one decimal. */
  total: number | null;
  /** The band, or the C-SSRS risk level; null where none is published (PEG). */
  severity: string | null;
  subscales: PclSubscales | null;
  flags: OutcomeFlag[];
  difficulty: number | null;
}

/** PCL-5 DSM-5 clusters as 0-based item indexes (items 1–5, 6–7, 8–14, 15–20). */
const PCL5_CLUSTERS: Record<keyof PclSubscales, readonly number[]> = {
  B: [0, 1, 2, 3, 4],
  C: [5, 6],
  D: [7, 8, 9, 10, 11, 12, 13],
  E: [14, 15, 16, 17, 18, 19],
};
/** Endorsed items needed per cluster for the DSM-5 provisional pattern. */
const PCL5_PATTERN: Record<keyof PclSubscales, number> = { B: 1, C: 1, D: 2, E: 2 };
const PCL5_ENDORSED_AT = 2;
const PCL5_CUT_OFF = 33;

/**
 * Validates item answers and scores them. All items are required (no prorating); any problem is a
 * `ValidationFailed` naming the item, so nothing is stored. Pure: used by the API and the web form.
 */
export function scoreOutcome(code: InstrumentCode, items: unknown, difficulty?: unknown): ScoredOutcome {
  const instrument = INSTRUMENTS[code];
  const answers = validateItems(instrument, items);
  const difficultyValue = validateDifficulty(instrument, difficulty);
  if (instrument.answerKind === 'boolean') return scoreCssrs(instrument, answers as boolean[]);

  const values = answers as number[];
  const sum = values.reduce((acc, v) => acc + v, 0);
  // The PEG's score is the mean of its three items, with one decimal (docs/requirements.md "Instruments").
  const total = code === 'PEG' ? Math.round((sum / values.length) * 10) / 10 : sum;
  const flags: OutcomeFlag[] = [];
  let subscales: PclSubscales | null = null;
  switch (code) {
    case 'PHQ9':
      if (values[8] > 0) flags.push('suicidality_item_positive');
      break;
    case 'PCL5': {
      subscales = pclSubscales(values);
      if (total >= PCL5_CUT_OFF || meetsDsm5Pattern(values)) flags.push('probable_ptsd');
      break;
    }
    case 'CGI_I':
      if (values[0] >= 6) flags.push('reliable_deterioration');
      break;
  }
  return {
    instrument: code,
    instrumentVersion: instrument.version,
    items: values,
    total,
    severity: instrument.bands.length === 0 ? null : severityOf(instrument, total),
    subscales,
    flags,
    difficulty: difficultyValue,
  };
}

/** The severity band a total falls in. */
export function severityOf(instrument: InstrumentDefinition, total: number): string {
  const band = instrument.bands.find((b) => total >= b.min && total <= b.max);
  if (!band) throw new RangeError(`${instrument.code} total ${total} is outside every band`);
  return band.severity;
}

export function pclSubscales(values: readonly number[]): PclSubscales {
  const sum = (indexes: readonly number[]) => indexes.reduce((s, i) => s + values[i], 0);
  return {
    B: sum(PCL5_CLUSTERS.B),
    C: sum(PCL5_CLUSTERS.C),
    D: sum(PCL5_CLUSTERS.D),
    E: sum(PCL5_CLUSTERS.E),
  };
}

/** DSM-5 provisional diagnosis: ≥1 B, ≥1 C, ≥2 D and ≥2 E items rated 2 ("moderately") or higher. */
export function meetsDsm5Pattern(values: readonly number[]): boolean {
  return (Object.keys(PCL5_CLUSTERS) as (keyof PclSubscales)[]).every(
    (cluster) =>
      PCL5_CLUSTERS[cluster].filter((i) => values[i] >= PCL5_ENDORSED_AT).length >= PCL5_PATTERN[cluster],
  );
}

/**
 * The C-SSRS screener's risk level (Columbia triage, docs/requirements.md "C-SSRS screener") from version-2 answers: high
 * when 4 or 5 is yes, or 6 and 7 are both yes; else moderate when 3 is yes, or 6 is yes and 7 is no
 * (a lifetime attempt); else low when 1 or 2 is yes; else none.
 */
export function cssrsRisk(answers: readonly boolean[]): CssrsRisk {
  const [wish, thoughts, method, intent, plan, behaviour, recent] = answers;
  if (intent || plan || (behaviour && recent)) return 'high';
  if (method || (behaviour && !recent)) return 'moderate';
  if (wish || thoughts) return 'low';
  return 'none';
}

const CSSRS_FLAGS: Record<CssrsRisk, OutcomeFlag[]> = {
  high: ['cssrs_high_risk'],
  moderate: ['cssrs_moderate_risk'],
  low: ['cssrs_low_risk'],
  none: [],
};

function scoreCssrs(instrument: InstrumentDefinition, answers: boolean[]): ScoredOutcome {
  const severity = cssrsRisk(answers);
  return {
    instrument: 'CSSRS_SCREEN',
    instrumentVersion: instrument.version,
    items: answers,
    total: null,
    severity,
    subscales: null,
    // A high-risk screen carries only its own flag (docs/api.md "Scores").
    flags: CSSRS_FLAGS[severity],
    difficulty: null,
  };
}

function validateItems(instrument: InstrumentDefinition, items: unknown): number[] | boolean[] {
  const expected = instrument.items.length;
  if (!Array.isArray(items)) {
    throw new ValidationFailed([{ field: 'items', problem: `must be a list of ${expected} answers` }]);
  }
  if (items.length !== expected) {
    throw new ValidationFailed([
      {
        field: 'items',
        problem: `must have exactly ${expected} answers for ${instrument.code} (got ${items.length})`,
      },
    ]);
  }
  const problems: FieldProblem[] = [];
  items.forEach((value, index) => {
    const item = instrument.items[index];
    if (instrument.answerKind === 'boolean') {
      if (typeof value !== 'boolean')
        problems.push({
          field: `items[${index}]`,
          problem: `item ${index + 1} must be yes or no (true or false)`,
        });
    } else if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < item.min ||
      value > item.max
    ) {
      problems.push({
        field: `items[${index}]`,
        problem: `item ${index + 1} must be a whole number from ${item.min} to ${item.max}`,
      });
    }
  });
  if (problems.length === 0 && instrument.code === 'CSSRS_SCREEN') {
    // Questions 3–5 are only asked when question 2 is yes; a yes there without it is inconsistent.
    const answers = items as boolean[];
    if (!answers[1]) {
      [2, 3, 4]
        .filter((i) => answers[i])
        .forEach((i) =>
          problems.push({
            field: `items[${i}]`,
            problem: `item ${i + 1} is inconsistent: it is only asked when item 2 is yes; send false when item 2 is no`,
          }),
        );
    }
    // Question 7 ("within the past 3 months?") only follows a yes to question 6.
    if (!answers[5] && answers[6]) {
      problems.push({
        field: 'items[6]',
        problem: 'item 7 is inconsistent: it is only asked when item 6 is yes; send false when item 6 is no',
      });
    }
  }
  if (problems.length > 0) throw new ValidationFailed(problems);
  return items as number[] | boolean[];
}

function validateDifficulty(instrument: InstrumentDefinition, difficulty: unknown): number | null {
  if (difficulty === undefined || difficulty === null) return null;
  if (!instrument.acceptsDifficulty) {
    throw new ValidationFailed([
      { field: 'difficulty', problem: `is only asked with the PHQ-9 and GAD-7, not with ${instrument.code}` },
    ]);
  }
  if (typeof difficulty !== 'number' || !Number.isInteger(difficulty) || difficulty < 0 || difficulty > 3) {
    throw new ValidationFailed([{ field: 'difficulty', problem: 'must be a whole number from 0 to 3' }]);
  }
  return difficulty;
}
