/**
 * Outcome instruments: item text, ranges, severity bands, LOINC codes and sources, exactly as
 * docs/requirements.md "Instruments" gives them. Every number here comes from the instrument's published scoring
 * guide; none is invented.
 */

export type InstrumentCode = 'PHQ9' | 'GAD7' | 'PCL5' | 'CSSRS_SCREEN' | 'PEG' | 'CGI_S' | 'CGI_I';

export const INSTRUMENT_CODES: readonly InstrumentCode[] = [
  'PHQ9',
  'GAD7',
  'PCL5',
  'CSSRS_SCREEN',
  'PEG',
  'CGI_S',
  'CGI_I',
];

/** Short names, as clinicians write them in a sentence ("PHQ-9 rose from 8 to 14"). */
export const INSTRUMENT_SHORT_NAMES: Readonly<Record<InstrumentCode, string>> = {
  PHQ9: 'PHQ-9',
  GAD7: 'GAD-7',
  PCL5: 'PCL-5',
  CSSRS_SCREEN: 'C-SSRS screen',
  PEG: 'PEG',
  CGI_S: 'CGI-S',
  CGI_I: 'CGI-I',
};

export interface Band {
  /** Inclusive lower bound of the total (or item, for single-item scales). */
  min: number;
  /** Inclusive upper bound. */
  max: number;
  severity: string;
  label: string;
}

export interface InstrumentItem {
  text: string;
  min: number;
  max: number;
  loinc?: string;
  /** Words at the two ends of a numeric rating scale, as the published form prints them (PEG). */
  anchors?: { min: string; max: string };
}

/**
 * How a reliable change is decided. `published` takes the service threshold in points as published;
 * `jacobson_truax` derives it as 1.96 × SD × √(2 × (1 − r)) from a study's SD and reliability.
 */
export type ReliableChangeSource =
  | { kind: 'published'; points: number; source: string }
  | { kind: 'jacobson_truax'; sd: number; reliability: number; reliabilityType: string; source: string };

export interface InstrumentDefinition {
  code: InstrumentCode;
  name: string;
  version: string;
  answerKind: 'integer' | 'boolean';
  /** The instruction shown above the items. */
  stem: string;
  /** Words for each answer value, lowest first (integer scales). */
  answerLabels: readonly string[];
  items: readonly InstrumentItem[];
  /** Range of the total, or null when the instrument has no total (C-SSRS screener). */
  range: { min: number; max: number } | null;
  /** Digits after the decimal point of the total (the PEG's mean has one); whole numbers when absent. */
  totalDecimals?: number;
  bands: readonly Band[];
  loinc?: { panel: string; total: string };
  /** Whether the optional "how difficult have these problems made it…" question (0–3) is accepted. */
  acceptsDifficulty: boolean;
  reliableChange: ReliableChangeSource | null;
  source: string;
}

const PHQ_GAD_ANSWERS = [
  'Not at all',
  'Several days',
  'More than half the days',
  'Nearly every day',
] as const;
const NHS_TALKING_THERAPIES = 'NHS Talking Therapies manual: reliable improvement';

const PHQ9_ITEMS = [
  ['Little interest or pleasure in doing things', '44250-9'],
  ['Feeling down, depressed, or hopeless', '44255-8'],
  ['Trouble falling or staying asleep, or sleeping too much', '44259-0'],
  ['Feeling tired or having little energy', '44254-1'],
  ['Poor appetite or overeating', '44251-7'],
  [
    'Feeling bad about yourself, or that you are a failure or have let yourself or your family down',
    '44258-2',
  ],
  ['Trouble concentrating on things, such as reading the newspaper or watching television', '44252-5'],
  [
    'Moving or speaking so slowly that other people could have noticed; or the opposite, being so fidgety or restless that you have been moving around a lot more than usual',
    '44253-3',
  ],
  ['Thoughts that you would be better off dead, or of hurting yourself in some way', '44260-8'],
] as const;

const GAD7_ITEMS = [
  ['Feeling nervous, anxious, or on edge', '69725-0'],
  ['Not being able to stop or control worrying', '68509-9'],
  ['Worrying too much about different things', '69733-4'],
  ['Trouble relaxing', '69734-2'],
  ['Being so restless that it is hard to sit still', '69735-9'],
  ['Becoming easily annoyed or irritable', '69689-8'],
  ['Feeling afraid, as if something awful might happen', '69736-7'],
] as const;

const PCL5_ITEMS = [
  'Repeated, disturbing, and unwanted memories of the stressful experience',
  'Repeated, disturbing dreams of the stressful experience',
  'Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were actually back there reliving it)',
  'Feeling very upset when something reminded you of the stressful experience',
  'Having strong physical reactions when something reminded you of the stressful experience (for example, heart pounding, trouble breathing, sweating)',
  'Avoiding memories, thoughts, or feelings related to the stressful experience',
  'Avoiding external reminders of the stressful experience (for example, people, places, conversations, activities, objects, or situations)',
  'Trouble remembering important parts of the stressful experience',
  'Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is completely dangerous)',
  'Blaming yourself or someone else for the stressful experience or what happened after it',
  'Having strong negative feelings such as fear, horror, anger, guilt, or shame',
  'Loss of interest in activities that you used to enjoy',
  'Feeling distant or cut off from other people',
  'Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving feelings for people close to you)',
  'Irritable behavior, angry outbursts, or acting aggressively',
  'Taking too many risks or doing things that could cause you harm',
  'Being "superalert" or watchful or on guard',
  'Feeling jumpy or easily startled',
  'Having difficulty concentrating',
  'Trouble falling or staying asleep',
] as const;

/**
 * C-SSRS screener, version 2 (docs/requirements.md "C-SSRS screener"): questions 1–5 about the past month, question 6
 * about the whole life, answer 7 whether that was within the past 3 months.
 */
const CSSRS_ITEMS = [
  'Past month: have you wished you were dead or wished you could go to sleep and not wake up?',
  'Past month: have you actually had any thoughts of killing yourself?',
  'Past month: have you been thinking about how you might do this?',
  'Past month: have you had these thoughts and had some intention of acting on them?',
  'Past month: have you started to work out or worked out the details of how to kill yourself? Do you intend to carry out this plan?',
  'Ever in your life: have you done anything, started to do anything, or prepared to do anything to end your life?',
  'If yes to question 6: was this within the past 3 months?',
] as const;

/**
 * The version text stored with C-SSRS screens entered before version 2 (6 answers, question 6 about
 * the past 3 months). Such scores stay valid and are shown as they were scored.
 */
export const CSSRS_VERSION_1 = 'C-SSRS screen version, since last contact / past month';

/** Version 1's sixth question, about the past 3 months (its first five are version 2's). */
const CSSRS_VERSION_1_ITEM_6 =
  'Past 3 months: have you done anything, started to do anything, or prepared to do anything to end your life?';

/**
 * The question texts a stored score was answered to: a version-1 C-SSRS screen (6 answers) shows
 * its own sixth question, never version 2's lifetime question.
 */
export function questionTexts(code: InstrumentCode, instrumentVersion: string): string[] {
  const texts = INSTRUMENTS[code].items.map((item) => item.text);
  if (code === 'CSSRS_SCREEN' && instrumentVersion === CSSRS_VERSION_1)
    return [...texts.slice(0, 5), CSSRS_VERSION_1_ITEM_6];
  return texts;
}

/** PEG three-item pain scale (Krebs et al. 2009), each item 0–10, with the published form's end words. */
const PEG_ITEMS = [
  [
    'What number best describes your pain on average in the past week?',
    'No pain',
    'Pain as bad as you can imagine',
  ],
  [
    'What number best describes how, during the past week, pain has interfered with your enjoyment of life?',
    'Does not interfere',
    'Completely interferes',
  ],
  [
    'What number best describes how, during the past week, pain has interfered with your general activity?',
    'Does not interfere',
    'Completely interferes',
  ],
] as const;

export const INSTRUMENTS: Readonly<Record<InstrumentCode, InstrumentDefinition>> = {
  PHQ9: {
    code: 'PHQ9',
    name: 'Patient Health Questionnaire (PHQ-9)',
    version: 'PHQ-9 (Kroenke, Spitzer & Williams 2001)',
    answerKind: 'integer',
    stem: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
    answerLabels: PHQ_GAD_ANSWERS,
    items: PHQ9_ITEMS.map(([text, loinc]) => ({ text, min: 0, max: 3, loinc })),
    range: { min: 0, max: 27 },
    bands: [
      { min: 0, max: 4, severity: 'minimal', label: 'Minimal' },
      { min: 5, max: 9, severity: 'mild', label: 'Mild' },
      { min: 10, max: 14, severity: 'moderate', label: 'Moderate' },
      { min: 15, max: 19, severity: 'moderately_severe', label: 'Moderately severe' },
      { min: 20, max: 27, severity: 'severe', label: 'Severe' },
    ],
    loinc: { panel: '44249-1', total: '44261-6' },
    acceptsDifficulty: true,
    reliableChange: { kind: 'published', points: 6, source: `${NHS_TALKING_THERAPIES} PHQ-9 ≥ 6 points` },
    source:
      'Kroenke K, Spitzer RL, Williams JBW. The PHQ-9. J Gen Intern Med 2001;16:606–613 (severity bands).',
  },
  GAD7: {
    code: 'GAD7',
    name: 'Generalized Anxiety Disorder scale (GAD-7)',
    version: 'GAD-7 (Spitzer et al. 2006)',
    answerKind: 'integer',
    stem: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
    answerLabels: PHQ_GAD_ANSWERS,
    items: GAD7_ITEMS.map(([text, loinc]) => ({ text, min: 0, max: 3, loinc })),
    range: { min: 0, max: 21 },
    bands: [
      { min: 0, max: 4, severity: 'minimal', label: 'Minimal' },
      { min: 5, max: 9, severity: 'mild', label: 'Mild' },
      { min: 10, max: 14, severity: 'moderate', label: 'Moderate' },
      { min: 15, max: 21, severity: 'severe', label: 'Severe' },
    ],
    loinc: { panel: '69737-5', total: '70274-6' },
    acceptsDifficulty: true,
    reliableChange: { kind: 'published', points: 4, source: `${NHS_TALKING_THERAPIES} GAD-7 ≥ 4 points` },
    source:
      'Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety disorder. Arch Intern Med 2006;166:1092–1097.',
  },
  PCL5: {
    code: 'PCL5',
    name: 'PTSD Checklist for DSM-5 (PCL-5)',
    version: 'PCL-5 past-month version (Weathers et al. 2013)',
    answerKind: 'integer',
    stem: 'In the past month, how much were you bothered by:',
    answerLabels: ['Not at all', 'A little bit', 'Moderately', 'Quite a bit', 'Extremely'],
    items: PCL5_ITEMS.map((text) => ({ text, min: 0, max: 4 })),
    range: { min: 0, max: 80 },
    bands: [
      { min: 0, max: 32, severity: 'below_threshold', label: 'Below the provisional cut-off' },
      { min: 33, max: 80, severity: 'probable_ptsd', label: 'Probable PTSD (provisional)' },
    ],
    acceptsDifficulty: false,
    reliableChange: {
      kind: 'published',
      points: 10,
      source: 'VA National Center for PTSD PCL-5 scoring guide: a 10-point change is clinically meaningful',
    },
    source:
      'Weathers FW et al. 2013, and the VA National Center for PTSD PCL-5 scoring guide (cut-off 33 within the 31–33 range).',
  },
  CSSRS_SCREEN: {
    code: 'CSSRS_SCREEN',
    name: 'Columbia Suicide Severity Rating Scale, screener (C-SSRS)',
    version: 'C-SSRS screen version 2: past month, lifetime behaviour and whether within the past 3 months',
    answerKind: 'boolean',
    stem: 'Ask questions 1 and 2. If question 2 is yes, ask questions 3, 4 and 5; if it is no, go to question 6. If question 6 is yes, ask question 7.',
    answerLabels: ['No', 'Yes'],
    items: CSSRS_ITEMS.map((text) => ({ text, min: 0, max: 1 })),
    range: null,
    bands: [
      { min: 0, max: 0, severity: 'none', label: 'No risk identified' },
      { min: 1, max: 1, severity: 'low', label: 'Low risk' },
      { min: 2, max: 2, severity: 'moderate', label: 'Moderate risk' },
      { min: 3, max: 3, severity: 'high', label: 'High risk' },
    ],
    acceptsDifficulty: false,
    reliableChange: null,
    source: 'Columbia Lighthouse Project, C-SSRS screener triage guidance.',
  },
  PEG: {
    code: 'PEG',
    name: 'Pain, Enjoyment of life and General activity scale (PEG)',
    version: 'PEG three-item scale (Krebs et al. 2009)',
    answerKind: 'integer',
    stem: 'Each answer is a number from 0 to 10.',
    answerLabels: [],
    items: PEG_ITEMS.map(([text, min, max]) => ({ text, min: 0, max: 10, anchors: { min, max } })),
    range: { min: 0, max: 10 },
    totalDecimals: 1,
    // No severity bands are published for the PEG: its severity is null.
    bands: [],
    acceptsDifficulty: false,
    reliableChange: null,
    source:
      'Krebs EE et al. Development and initial validation of the PEG, a three-item scale assessing pain intensity and interference. J Gen Intern Med 2009;24:733–738 (public domain).',
  },
  CGI_S: {
    code: 'CGI_S',
    name: 'Clinical Global Impression, severity (CGI-S)',
    version: 'CGI-S (Guy 1976)',
    answerKind: 'integer',
    stem: 'Considering your total clinical experience with this population, how mentally ill is the patient at this time?',
    answerLabels: [],
    items: [{ text: 'Severity of illness', min: 1, max: 7 }],
    range: { min: 1, max: 7 },
    bands: [
      { min: 1, max: 1, severity: 'normal', label: 'Normal, not at all ill' },
      { min: 2, max: 2, severity: 'borderline', label: 'Borderline mentally ill' },
      { min: 3, max: 3, severity: 'mildly_ill', label: 'Mildly ill' },
      { min: 4, max: 4, severity: 'moderately_ill', label: 'Moderately ill' },
      { min: 5, max: 5, severity: 'markedly_ill', label: 'Markedly ill' },
      { min: 6, max: 6, severity: 'severely_ill', label: 'Severely ill' },
      { min: 7, max: 7, severity: 'extremely_ill', label: 'Among the most extremely ill patients' },
    ],
    acceptsDifficulty: false,
    reliableChange: null,
    source: 'Guy W. ECDEU Assessment Manual for Psychopharmacology, 1976.',
  },
  CGI_I: {
    code: 'CGI_I',
    name: 'Clinical Global Impression, improvement (CGI-I)',
    version: 'CGI-I (Guy 1976)',
    answerKind: 'integer',
    stem: "Compared to the patient's condition at the start of treatment, the patient's condition is:",
    answerLabels: [],
    items: [{ text: 'Global improvement', min: 1, max: 7 }],
    range: { min: 1, max: 7 },
    bands: [
      { min: 1, max: 1, severity: 'very_much_improved', label: 'Very much improved' },
      { min: 2, max: 2, severity: 'much_improved', label: 'Much improved' },
      { min: 3, max: 3, severity: 'minimally_improved', label: 'Minimally improved' },
      { min: 4, max: 4, severity: 'no_change', label: 'No change' },
      { min: 5, max: 5, severity: 'minimally_worse', label: 'Minimally worse' },
      { min: 6, max: 6, severity: 'much_worse', label: 'Much worse' },
      { min: 7, max: 7, severity: 'very_much_worse', label: 'Very much worse' },
    ],
    acceptsDifficulty: false,
    reliableChange: null,
    source: 'Guy W. ECDEU Assessment Manual for Psychopharmacology, 1976.',
  },
};

export function isInstrumentCode(value: unknown): value is InstrumentCode {
  return typeof value === 'string' && (INSTRUMENT_CODES as readonly string[]).includes(value);
}
