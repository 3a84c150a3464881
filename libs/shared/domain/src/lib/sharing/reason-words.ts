import { INSTRUMENT_CODES, INSTRUMENT_SHORT_NAMES, type InstrumentCode } from '../outcomes/instruments';

/**
 * The words of the dashboard's reasons that both of its lists use, the dashboard's rows and the
 * patient page's "Needs action", so that one patient's update or questionnaire reads the same in
 * both. (Kinds and severities are the contracts' `StatusUpdateKind` and `AlertSeverity`; the
 * domain does not depend on the contracts, so they are plain strings here.)
 */

/** An unacknowledged update's severity is its urgency (urgent → urgent, soon → warning, routine → info). */
const UPDATE_URGENCY: Readonly<Record<string, string>> = {
  urgent: 'Urgent care-team update',
  warning: 'Care-team update marked "soon"',
  info: 'Routine care-team update',
};

/** What an update is about, from its kind: its text may hold clinical detail a list should not show. */
const UPDATE_ABOUT: Readonly<Record<string, string | null>> = {
  safety_concern: 'a safety concern',
  request_review: 'a request for review',
  session_summary: 'a session summary',
  eligibility: 'eligibility',
  prescription: 'the prescription',
  follow_up: 'the follow-up',
  general: null,
};

/** "Urgent care-team update about a safety concern"; a general (or unknown) kind says no "about". */
export function careTeamUpdateWords(severity: string, kind?: string | null): string {
  const about = kind ? UPDATE_ABOUT[kind] : null;
  return `${UPDATE_URGENCY[severity] ?? 'Care-team update'}${about ? ` about ${about}` : ''}`;
}

/**
 * Instruments in a sentence, in the order they are listed everywhere: "PHQ-9", "PHQ-9 and GAD-7",
 * "PHQ-9, GAD-7 and PEG". Each once; a code this version does not know is written as it came.
 */
export function instrumentsInWords(codes: readonly string[]): string {
  const rank = (code: string) => {
    const index = INSTRUMENT_CODES.indexOf(code as InstrumentCode);
    return index < 0 ? INSTRUMENT_CODES.length : index;
  };
  const names = [...new Set(codes)]
    .sort((a, b) => rank(a) - rank(b))
    .map((code) => INSTRUMENT_SHORT_NAMES[code as InstrumentCode] ?? code);
  return names.length <= 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * A `questionnaire_due` reason's lead: "PHQ-9 questionnaire due", "PHQ-9 and GAD-7 questionnaires
 * due"; "Questionnaire due" when the reason does not say which (an older server).
 */
export function questionnairesDueWords(instruments: readonly string[] | null | undefined): string {
  const asked = [...new Set(instruments ?? [])];
  if (!asked.length) return 'Questionnaire due';
  return `${instrumentsInWords(asked)} ${asked.length === 1 ? 'questionnaire' : 'questionnaires'} due`;
}
