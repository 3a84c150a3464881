import type { AlertKind, AlertSeverity, InstrumentSummary, TrendPoint } from '@kap/shared/contracts';
import { INSTRUMENT_SHORT_NAMES, type InstrumentCode } from '@kap/shared/domain';
import { clinicCalendar } from '@kap/web/core/calendar';

/** The names clinicians say out loud (the domain's); the API's `name` is the long form for headings' leads. */
export { INSTRUMENT_SHORT_NAMES };

/**
 * The instruments whose trend is a chart (those with a total). The trend links on other pages
 * list these first; the C-SSRS screen is categorical and gets a list instead.
 */
export const TRENDED_INSTRUMENTS: readonly InstrumentCode[] = [
  'PHQ9',
  'GAD7',
  'PCL5',
  'PEG',
  'CGI_S',
  'CGI_I',
];

/**
 * Shown next to every safety alert and safety notice (docs/requirements.md "Safety copy"). The app is
 * a record, not a monitoring service: nobody watches it at night, and a person at risk needs
 * people who answer now.
 */
export const SAFETY_COPY =
  'KAP Care is not monitored around the clock. In an emergency, call the emergency number or a crisis line, ' +
  "and the medical team's on-call line.";

export interface AnswerOption {
  value: number | boolean;
  label: string;
  /** The key that picks this answer from the keyboard. */
  key: string;
}

/**
 * The answers an item offers, lowest first. Integer scales use the instrument's answer words; the
 * CGI scales have none, so their band labels (one per value) name the answers; yes/no items take
 * y and n.
 */
export function answerOptions(instrument: InstrumentSummary, itemIndex: number): AnswerOption[] {
  if (instrument.answerKind === 'boolean') {
    return [
      { value: false, label: instrument.answerLabels[0] ?? 'No', key: 'n' },
      { value: true, label: instrument.answerLabels[1] ?? 'Yes', key: 'y' },
    ];
  }
  const item = instrument.items[itemIndex];
  const options: AnswerOption[] = [];
  for (let value = item.min; value <= item.max; value++) {
    const label =
      instrument.answerLabels[value - item.min] ??
      instrument.bands.find((band) => band.min === value && band.max === value)?.label ??
      String(value);
    options.push({ value, label, key: String(value) });
  }
  return options;
}

/**
 * "Moderately severe" for `moderately_severe`, from the instrument's own bands; the C-SSRS risk
 * levels read "High risk". An instrument without bands (PEG) has no severity: an empty text.
 */
export function bandLabel(instrument: InstrumentSummary | null | undefined, severity: string | null): string {
  if (severity === null) return '';
  const band = instrument?.bands.find((b) => b.severity === severity);
  return band?.label ?? severity.replace(/_/g, ' ');
}

/** Plain words for an alert, as a clinician would say it at a handover. */
export const ALERT_KIND_TEXT: Readonly<Record<AlertKind, string>> = {
  suicidality_item_positive: 'PHQ-9 item 9 (thoughts of self-harm) answered above 0',
  cssrs_high_risk: 'C-SSRS screen: high risk (suicidal intent, a plan, or recent suicidal behaviour)',
  cssrs_moderate_risk: 'C-SSRS screen: moderate risk (thinking about a method)',
  vitals_out_of_range: "Vitals outside the prescriber's limits during a dosing session",
  serious_adverse_event: 'Serious adverse event during a dosing session',
  dosing_frequency_exceeded: 'More dosing sessions in a week than the dose plan allows',
  reliable_deterioration: 'Scores show a reliable deterioration',
  cssrs_low_risk: 'C-SSRS screen: low risk (wish to be dead or thoughts of killing oneself)',
  dose_outside_plan: "Dose or route outside the prescriber's dose plan",
  not_cleared_for_dosing: 'Dose given while the medical team has not marked the patient eligible',
  prescription_not_active: 'Dose given without an active prescription',
  doses_authorized_exceeded: 'More doses than the prescription authorizes',
  severe_adverse_event: 'Severe adverse event during a dosing session',
};

export function alertKindText(kind: string): string {
  return ALERT_KIND_TEXT[kind as AlertKind] ?? `Alert: ${kind.replace(/_/g, ' ')}`;
}

/** Where to look at the score behind an alert, when the kind names the instrument. */
export function alertInstrument(kind: string): InstrumentCode | null {
  if (kind === 'suicidality_item_positive') return 'PHQ9';
  if (kind === 'cssrs_high_risk' || kind === 'cssrs_moderate_risk' || kind === 'cssrs_low_risk')
    return 'CSSRS_SCREEN';
  return null;
}

export const ALERT_SEVERITY_LABELS: Readonly<Record<AlertSeverity, string>> = {
  urgent: 'Urgent',
  warning: 'Warning',
  info: 'Information',
};

/** An instant as a date in the organization's time zone: "25 Nov 2026" (the clinic calendar's style). */
export function formatDate(instant: string | number): string {
  return clinicCalendar.date(instant);
}

/**
 * A calendar day (`2026-11-25`, or the API's midnight UTC of one, as a course start's trend event)
 * as "25 Nov 2026", the same day in every zone.
 */
export function formatCalendarDate(day: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(day) ? clinicCalendar.calendarDate(day.slice(0, 10)) : day;
}

/** For chart ticks and table columns, where room is short: "25 Nov 26". */
export function formatShortDate(instant: string | number): string {
  return clinicCalendar.shortDate(instant);
}

/** An instant in the organization's time zone: "25 Nov 2026, 14:00". */
export function formatDateTime(instant: string): string {
  return clinicCalendar.dateTime(instant);
}

/** "+3", "−8", "0": a real minus sign, which screen readers say as "minus". */
export function signed(value: number): string {
  if (value > 0) return `+${value}`;
  if (value < 0) return `\u2212${Math.abs(value)}`;
  return '0';
}

/** A total as the instrument writes it: "14", or "6.0" for the PEG's one-decimal mean; "—" for none. */
export function formatTotal(
  instrument: Pick<InstrumentSummary, 'totalDecimals'> | null | undefined,
  total: number | null,
): string {
  if (total === null) return '—';
  const decimals = instrument?.totalDecimals ?? 0;
  return decimals > 0 ? total.toFixed(decimals) : String(total);
}

/**
 * What the instrument's threshold is called where it is named: the PCL-5's 10 points are a
 * "clinically meaningful change" in its source (the VA scoring guide), not a reliable-change index.
 */
export function thresholdName(code: InstrumentCode): string {
  return code === 'PCL5' ? 'Clinically meaningful change' : 'Reliable change';
}

export type BadgeTone = 'good' | 'warn' | 'neutral';

export interface TrendBadge {
  kind: string;
  label: string;
  tone: BadgeTone;
  /** A second line, e.g. where a threshold comes from. */
  detail?: string;
}

/**
 * The badges for the latest point of a trend: change from baseline, reliable change (with the
 * threshold and its source, so nobody has to take the word "reliable" on trust), response and
 * remission. Response and remission only exist where the instrument defines them.
 */
export function latestPointBadges(
  code: InstrumentCode,
  baseline: TrendPoint | null,
  latest: TrendPoint | null,
  threshold: number | null,
  thresholdSource: string | null,
): TrendBadge[] {
  if (!baseline || !latest) return [];
  const badges: TrendBadge[] = [];
  // The CGI-I rates the change from the start itself: a difference of two ratings means nothing.
  if (code !== 'CGI_I' && latest.changeFromBaseline !== null) {
    const change = latest.changeFromBaseline;
    badges.push({
      kind: 'Change from baseline',
      label: `${signed(change)} from baseline (${baseline.total})`,
      tone: change < 0 ? 'good' : change > 0 ? 'warn' : 'neutral',
    });
  }
  if (threshold !== null) {
    const meaningful = code === 'PCL5';
    const label =
      latest.reliableChange === 'improved'
        ? meaningful
          ? 'Clinically meaningful improvement'
          : 'Reliable improvement'
        : latest.reliableChange === 'deteriorated'
          ? meaningful
            ? 'Clinically meaningful worsening'
            : 'Reliable deterioration'
          : meaningful
            ? 'No clinically meaningful change'
            : 'No reliable change';
    badges.push({
      kind: thresholdName(code),
      label,
      tone:
        latest.reliableChange === 'improved'
          ? 'good'
          : latest.reliableChange === 'deteriorated'
            ? 'warn'
            : 'neutral',
      detail: `Threshold ${threshold} points${thresholdSource ? `: ${thresholdSource}` : ''}`,
    });
  }
  if (code === 'PHQ9' || code === 'GAD7' || code === 'PCL5') {
    badges.push({
      kind: 'Response',
      label: latest.response ? 'Response' : 'No response yet',
      tone: latest.response ? 'good' : 'neutral',
    });
    badges.push({
      kind: 'Remission',
      label: latest.remission ? 'Remission' : 'Not in remission',
      tone: latest.remission ? 'good' : 'neutral',
    });
  } else if (code === 'CGI_I' || code === 'PEG') {
    badges.push({
      kind: 'Response',
      label: latest.response ? 'Response' : 'No response yet',
      tone: latest.response ? 'good' : 'neutral',
    });
  }
  return badges;
}
