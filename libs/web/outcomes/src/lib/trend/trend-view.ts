import type { InstrumentSummary, Outcome, OutcomeTrend } from '@kap/shared/contracts';
import { INSTRUMENTS, type InstrumentCode } from '@kap/shared/domain';
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
      if (value === undefined) return { text: answerText(value), movement: 'first', movementText: 'not asked in this version' };
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
  const newestFirst = [...outcomes].sort((a, b) => Date.parse(b.administeredAt) - Date.parse(a.administeredAt));
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
  if (points.length === 1) return `${name}: one score, ${describe(last)} on ${formatDate(last.administeredAt)}.`;
  const events = trend.events.length ? ` ${trend.events.length} events marked.` : '';
  // The CGI-I rates the change itself: no difference of ratings is read out for it.
  const change = last.changeFromBaseline === null || instrument.code === 'CGI_I' ? '' : `, change ${signed(last.changeFromBaseline)}`;
  return (
    `${name} totals, ${points.length} scores from ${formatDate(first.administeredAt)} to ${formatDate(last.administeredAt)}: ` +
    `baseline ${describe(trend.baseline ?? first)}, latest ${describe(last)}${change}.${events}`
  );
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
