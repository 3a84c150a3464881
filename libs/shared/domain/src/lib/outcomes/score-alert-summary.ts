import { spokenDate } from '../calendar/calendar-date';
import { CSSRS_VERSION_1, INSTRUMENT_SHORT_NAMES, INSTRUMENTS, type InstrumentCode } from './instruments';

/** The score an alert was raised by, as stored. */
export interface AlertedScore {
  instrument: InstrumentCode;
  instrumentVersion: string;
  administeredAt: string;
  items: readonly number[] | readonly boolean[];
  total: number | null;
  severity: string | null;
}

/** The alert kinds a score raises (docs/api.md "Alerts"). */
export type ScoreAlertKind =
  | 'suicidality_item_positive'
  | 'cssrs_high_risk'
  | 'cssrs_moderate_risk'
  | 'cssrs_low_risk'
  | 'reliable_deterioration';

/** What each "yes" on the C-SSRS screener means, in a few words (docs/requirements.md "C-SSRS screener"). */
const CSSRS_REASONS: Record<'high' | 'moderate' | 'low', (a: readonly boolean[], v1: boolean) => string[]> = {
  high: (a, v1) => [
    ...(a[4] ? ['a plan with intent'] : []),
    ...(a[3] ? ['intent to act on thoughts of suicide'] : []),
    // Version 1 asked question 6 about the past 3 months alone.
    ...(a[5] && (v1 || a[6]) ? ['suicidal behaviour within the past 3 months'] : []),
  ],
  moderate: (a) => [
    ...(a[2] ? ['thoughts of a method'] : []),
    ...(a[5] && !a[6] ? ['suicidal behaviour in the lifetime, not within the past 3 months'] : []),
  ],
  low: (a) => [...(a[1] ? ['thoughts of killing oneself'] : []), ...(a[0] ? ['a wish to be dead'] : [])],
};

/** The band's words within a sentence ("moderately severe", "probable PTSD (provisional)"). */
function severityWords(code: InstrumentCode, severity: string | null): string | null {
  if (severity === null) return null;
  const label =
    INSTRUMENTS[code].bands.find((b) => b.severity === severity)?.label ?? severity.replace(/_/g, ' ');
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/** "14, moderate" or "6.7": the total with its band, when there is one. */
function totalWords(score: AlertedScore): string {
  const band = severityWords(score.instrument, score.severity);
  return band === null ? `${score.total}` : `${score.total}, ${band}`;
}

/**
 * The sentence an alert raised by a score carries: the measure, the values and the date, so that a
 * person can act on it without opening the score ("PHQ-9 item 9 (thoughts of self-harm) answered 2
 * on 2 Dec 2026 (total 14, moderate)"). The date is the score's, on the calendar of `timeZone` (the
 * organization's). `baselineTotal` is the baseline a reliable deterioration was measured from.
 * Pure: the API stores the sentence with the alert.
 */
export function scoreAlertSummary(
  kind: ScoreAlertKind,
  score: AlertedScore,
  baselineTotal: number | null = null,
  timeZone = 'UTC',
): string {
  const name = INSTRUMENT_SHORT_NAMES[score.instrument];
  const on = spokenDate(score.administeredAt, timeZone);
  switch (kind) {
    case 'suicidality_item_positive': {
      return `${name} item 9 (thoughts of self-harm) answered ${score.items[8]} on ${on} (total ${totalWords(score)})`;
    }
    case 'cssrs_high_risk':
    case 'cssrs_moderate_risk':
    case 'cssrs_low_risk': {
      const level = kind === 'cssrs_high_risk' ? 'high' : kind === 'cssrs_moderate_risk' ? 'moderate' : 'low';
      const answers = score.items as readonly boolean[];
      const reasons = CSSRS_REASONS[level](
        answers,
        score.instrumentVersion === CSSRS_VERSION_1 || answers.length === 6,
      );
      return `${name} on ${on}: ${level} risk${reasons.length > 0 ? ` (${reasons.join('; ')})` : ''}`;
    }
    case 'reliable_deterioration': {
      if (score.instrument === 'CGI_I') {
        return `${name} rated ${score.items[0]} (${severityWords('CGI_I', score.severity)}) on ${on}`;
      }
      // The PCL-5's 10 points are "clinically meaningful" in its source, not a reliable-change index.
      const what =
        score.instrument === 'PCL5' ? 'a clinically meaningful worsening' : 'a reliable deterioration';
      const from = baselineTotal === null ? '' : ` from ${baselineTotal}`;
      const band = severityWords(score.instrument, score.severity);
      return `${name} rose${from} to ${score.total}${band ? ` (${band})` : ''} on ${on}, ${what}`;
    }
  }
}
