import type { InstrumentSummary, Outcome, OutcomeTrend, TrendEvent } from '@kap/shared/contracts';
import { INSTRUMENTS, type InstrumentCode } from '@kap/shared/domain';
import { clinicCalendar } from '@kap/web/core/calendar';
import { bandLabel, formatDate, formatShortDate, formatTotal, signed } from '../display/outcome-labels';

export interface ItemCell {
  /** What the cell shows: the answer's number, or Yes / No. */
  text: string;
  /** Against the score before it (the column to the left). */
  movement: 'up' | 'down' | 'same' | 'first';
  /** Read out instead of the arrow: "up from 1". */
  movementText: string;
}

export interface ItemRow {
  number: number;
  text: string;
  cells: ItemCell[];
}

function answerText(value: number | boolean | undefined): string {
  if (value === undefined) return '—';
  return typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value);
}

/**
 * The item-level table: one row per item, one column per score (oldest on the left, like the
 * chart), each cell marked when its answer moved since the score before, so a clinician sees
 * which answers carried a change in the total.
 */
export function itemRows(instrument: InstrumentSummary, scoresOldestFirst: readonly Outcome[]): ItemRow[] {
  return instrument.items.map((item, index) => ({
    number: index + 1,
    text: item.text,
    cells: scoresOldestFirst.map((score, column) => {
      // A C-SSRS screen of version 1 has no answer 7: its cell says so rather than guessing one.
      const value = score.items[index];
      if (value === undefined)
        return { text: answerText(value), movement: 'first', movementText: 'not asked in this version' };
      const previous = column > 0 ? scoresOldestFirst[column - 1].items[index] : undefined;
      if (previous === undefined) return { text: answerText(value), movement: 'first', movementText: '' };
      const now = Number(value);
      const before = Number(previous);
      if (now === before) return { text: answerText(value), movement: 'same', movementText: '' };
      return {
        text: answerText(value),
        movement: now > before ? 'up' : 'down',
        movementText: `${now > before ? 'up' : 'down'} from ${answerText(previous)}`,
      };
    }),
  }));
}

/** Column headers for the item table: short dates, unique enough to tell scores apart. */
export function scoreColumnLabel(score: Outcome): string {
  return formatShortDate(score.administeredAt);
}

/** Newest first, and the voided ones apart (they are kept, with their reason, but not trended). */
export function splitScores(outcomes: readonly Outcome[]): { active: Outcome[]; voided: Outcome[] } {
  const newestFirst = [...outcomes].sort(
    (a, b) => Date.parse(b.administeredAt) - Date.parse(a.administeredAt),
  );
  return { active: newestFirst.filter((o) => !o.voidedAt), voided: newestFirst.filter((o) => !!o.voidedAt) };
}

/**
 * The chart in words, for screen readers (the canvas's accessible name): how many scores over
 * what time, where it started and where it stands.
 */
export function trendSummary(instrument: InstrumentSummary, name: string, trend: OutcomeTrend): string {
  const points = trend.points;
  if (points.length === 0) return `No ${name} scores to chart.`;
  const first = points[0];
  const last = points[points.length - 1];
  const describe = (p: { total: number | null; severity: string | null }) => {
    const band = bandLabel(instrument, p.severity);
    return band ? `${formatTotal(instrument, p.total)} (${band})` : formatTotal(instrument, p.total);
  };
  const events = markedInWords(trend);
  const own = points.filter((p) => p.source === 'patient').length;
  const reported =
    own === 0
      ? ''
      : points.length === 1
        ? ' Reported by the patient.'
        : ` ${own} of the ${points.length} reported by the patient.`;
  if (points.length === 1)
    return `${name}: one score, ${describe(last)} on ${formatDate(last.administeredAt)}.${reported}${events}`;
  // The CGI-I rates the change itself: no difference of ratings is read out for it.
  const change =
    last.changeFromBaseline === null || instrument.code === 'CGI_I'
      ? ''
      : `, change ${signed(last.changeFromBaseline)}`;
  return (
    `${name} totals, ${points.length} scores from ${formatDate(first.administeredAt)} to ${formatDate(last.administeredAt)}: ` +
    `baseline ${describe(trend.baseline ?? first)}, latest ${describe(last)}${change}.${reported}${events}`
  );
}

const EVENT_NOUNS: Readonly<Record<TrendEvent['kind'], [string, string]>> = {
  dosing: ['dosing session', 'dosing sessions'],
  course_start: ['course start', 'course starts'],
  medical_follow_up: ['medical-team update', 'medical-team updates'],
};

/** " Marked: 3 dosing sessions, 1 course start." — the chart's events, counted by kind. */
function markedInWords(trend: OutcomeTrend): string {
  const events = chartedEvents(trend);
  if (events.length === 0) return '';
  const counts = (Object.keys(EVENT_NOUNS) as TrendEvent['kind'][])
    .map((kind) => [kind, events.filter((event) => event.kind === kind).length] as const)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${EVENT_NOUNS[kind][count === 1 ? 0 : 1]}`);
  return ` Marked: ${counts.join(', ')}.`;
}

/** Whether this instrument is drawn as a line of totals (the C-SSRS screen is categorical). */
export function isCharted(code: InstrumentCode): boolean {
  return INSTRUMENTS[code].range !== null;
}

export interface RiskStripEntry {
  outcomeId: string;
  administeredAt: string;
  /** Words for the date, "25 Nov 2026". */
  date: string;
  /** `none` … `high`, for the colour. */
  level: string;
  /** "High risk". */
  label: string;
}

/**
 * The C-SSRS screens as a risk strip over time, oldest first: each screen's date and risk level
 * (version 1 screens as they were scored), from the trend's points.
 */
export function riskStrip(instrument: InstrumentSummary, trend: OutcomeTrend | null): RiskStripEntry[] {
  return (trend?.points ?? []).map((point) => ({
    outcomeId: point.outcomeId,
    administeredAt: point.administeredAt,
    date: formatDate(point.administeredAt),
    level: point.severity ?? 'none',
    label: bandLabel(instrument, point.severity),
  }));
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** How far before the first score an event (a course start, say) still belongs on the chart. */
const EVENT_LEAD_MS = 31 * DAY_MS;

export interface ChartedEvent extends TrendEvent {
  /** `at` as a timestamp, the chart's x. */
  x: number;
}

/**
 * Where an event sits on the time axis. A course start is a calendar day (the API sends its
 * midnight UTC): it is drawn at that day's midnight on the organization's calendar, where the
 * axis puts the day's tick.
 */
function eventTime(event: TrendEvent): number {
  if (event.kind === 'course_start' && /^\d{4}-\d{2}-\d{2}/.test(event.at))
    return clinicCalendar.startOfDay(event.at.slice(0, 10));
  return Date.parse(event.at);
}

/**
 * The events the chart marks, oldest first: those from a month before the first total to a day
 * after the last. The chart and the list under it (its text alternative) both take them from
 * here, so they always name the same marks.
 */
export function chartedEvents(trend: OutcomeTrend): ChartedEvent[] {
  const times = trend.points
    .filter((point) => point.total !== null)
    .map((point) => Date.parse(point.administeredAt));
  if (times.length === 0) return [];
  const first = Math.min(...times);
  const last = Math.max(...times);
  return trend.events
    .map((event) => ({ ...event, x: eventTime(event) }))
    .filter((event) => event.x >= first - EVENT_LEAD_MS && event.x <= last + DAY_MS)
    .sort((a, b) => a.x - b.x);
}

/** Whether any charted score was reported by the patient (the chart marks those apart). */
export function hasPatientReported(trend: OutcomeTrend | null): boolean {
  return (trend?.points ?? []).some((point) => point.total !== null && point.source === 'patient');
}
