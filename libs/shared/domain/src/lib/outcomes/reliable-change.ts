import { calendarDateIn, daysBetween } from '../calendar/calendar-date';
import { INSTRUMENTS, type InstrumentCode, type ReliableChangeSource } from './instruments';

/** Days before a course's start date in which a score counts as the intake score (docs/requirements.md "Instruments"). */
export const INTAKE_WINDOW_DAYS = 30;

export type ReliableChange = 'improved' | 'deteriorated' | 'none';

/** Jacobson–Truax reliable change index threshold: 1.96 × SD × √(2 × (1 − r)). */
export function jacobsonTruaxThreshold(sd: number, reliability: number): number {
  if (!(sd > 0) || !(reliability > 0 && reliability < 1)) {
    throw new RangeError('SD must be positive and reliability between 0 and 1');
  }
  return 1.96 * sd * Math.sqrt(2 * (1 - reliability));
}

/** The threshold in points for a configuration, or null where the instrument has none. */
export function reliableChangeThreshold(config: ReliableChangeSource | null): number | null {
  if (config === null) return null;
  return config.kind === 'published' ? config.points : jacobsonTruaxThreshold(config.sd, config.reliability);
}

/**
 * Improved when baseline − current ≥ threshold, deteriorated when current − baseline ≥ threshold.
 * Lower is better for every instrument with a threshold here.
 */
export function classifyReliableChange(
  baseline: number,
  current: number,
  threshold: number | null,
): ReliableChange {
  if (threshold === null) return 'none';
  if (baseline - current >= threshold) return 'improved';
  if (current - baseline >= threshold) return 'deteriorated';
  return 'none';
}

/** Treatment response, per instrument (docs/requirements.md "Instruments"); false where the instrument defines none. */
export function isResponse(code: InstrumentCode, baseline: number | null, current: number): boolean {
  switch (code) {
    case 'PHQ9':
    case 'GAD7':
      return baseline !== null && baseline > 0 && current <= baseline / 2;
    case 'PCL5':
      return baseline !== null && baseline - current >= 10;
    case 'PEG':
      // A 30 % reduction (IMMPACT "moderately important"): total ≤ 70 % of baseline, compared in
      // tenths so that one-decimal totals meet no floating-point error. A zero baseline cannot fall.
      return (
        baseline !== null && baseline > 0 && Math.round(current * 10) * 10 <= Math.round(baseline * 10) * 7
      );
    case 'CGI_I':
      return current <= 2;
    default:
      return false;
  }
}

/**
 * Remission, per instrument (docs/requirements.md "Instruments"); false where the instrument defines none. Only a
 * case-level baseline can remit (PHQ-9 ≥ 10, GAD-7 ≥ 8, PCL-5 ≥ 33): a low score after a mild
 * baseline is no remission.
 */
export function isRemission(code: InstrumentCode, baseline: number | null, current: number): boolean {
  switch (code) {
    case 'PHQ9':
      return baseline !== null && baseline >= 10 && current < 5;
    case 'GAD7':
      return baseline !== null && baseline >= 8 && current < 5;
    case 'PCL5':
      return baseline !== null && baseline >= 33 && current < 33;
    default:
      return false;
  }
}

export interface ScorePoint {
  id: string;
  administeredAt: string;
  total: number | null;
  voided: boolean;
}

/**
 * The baseline (docs/requirements.md "Baseline and change"). With a current course (`courseStartedOn`, its start
 * date): the intake score, i.e. the latest non-voided score administered in the 30 days before
 * the start date, else the earliest one on or after it. Without a course: the earliest non-voided
 * score ever. Score times are compared with the start as calendar dates in `timeZone` (the
 * organization's), so a score given the evening before the start is "before" wherever it is.
 * Scores without a total (C-SSRS) never are a baseline.
 */
export function baselineOf<T extends ScorePoint>(
  scores: readonly T[],
  courseStartedOn: string | null,
  timeZone = 'UTC',
): T | null {
  return baselineAmong(timedScores(scores), courseStartedOn, timeZone)?.score ?? null;
}

/** A score with its `administeredAt` as a time value, parsed once (sorting compares it often). */
export interface TimedScore<T extends ScorePoint> {
  score: T;
  at: number;
}

export function timedScores<T extends ScorePoint>(scores: readonly T[]): TimedScore<T>[] {
  return scores.map((score) => ({ score, at: Date.parse(score.administeredAt) }));
}

/** `baselineOf` for scores already timed. */
export function baselineAmong<T extends ScorePoint>(
  scores: readonly TimedScore<T>[],
  courseStartedOn: string | null,
  timeZone = 'UTC',
): TimedScore<T> | null {
  const countable = scores.filter((entry) => !entry.score.voided && entry.score.total !== null);
  const earliest = (candidates: readonly TimedScore<T>[]) =>
    candidates.reduce<TimedScore<T> | null>((best, e) => (best === null || before(e, best) ? e : best), null);
  if (courseStartedOn === null) return earliest(countable);
  // A timestamp given as the start counts by its calendar date in the zone too.
  const start = courseStartedOn.length === 10 ? courseStartedOn : calendarDateIn(courseStartedOn, timeZone);
  let intake: TimedScore<T> | null = null;
  const onOrAfter: TimedScore<T>[] = [];
  for (const entry of countable) {
    const daysBefore = daysBetween(calendarDateIn(new Date(entry.at), timeZone), start);
    if (daysBefore <= 0) onOrAfter.push(entry);
    else if (daysBefore <= INTAKE_WINDOW_DAYS && (intake === null || before(intake, entry))) intake = entry;
  }
  return intake ?? earliest(onOrAfter);
}

/** Time order, ties broken by id so that the answer never depends on the input order. */
function before<T extends ScorePoint>(a: TimedScore<T>, b: TimedScore<T>): boolean {
  return a.at < b.at || (a.at === b.at && a.score.id < b.score.id);
}

/** The configured default for an instrument, with its source for display. */
export function defaultReliableChange(code: InstrumentCode): ReliableChangeSource | null {
  return INSTRUMENTS[code].reliableChange;
}
