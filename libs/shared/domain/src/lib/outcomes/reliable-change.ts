import { INSTRUMENTS, type InstrumentCode, type ReliableChangeSource } from './instruments';

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
export function classifyReliableChange(baseline: number, current: number, threshold: number | null): ReliableChange {
  if (threshold === null) return 'none';
  if (baseline - current >= threshold) return 'improved';
  if (current - baseline >= threshold) return 'deteriorated';
  return 'none';
}

/** Treatment response, per instrument (instruments.md); false where the instrument defines none. */
export function isResponse(code: InstrumentCode, baseline: number | null, current: number): boolean {
  switch (code) {
    case 'PHQ9':
    case 'GAD7':
      return baseline !== null && baseline > 0 && current <= baseline / 2;
    case 'PCL5':
      return baseline !== null && baseline - current >= 10;
    case 'CGI_I':
      return current <= 2;
    default:
      return false;
  }
}

/** Remission, per instrument (instruments.md); false where the instrument defines none. */
export function isRemission(code: InstrumentCode, baseline: number | null, current: number): boolean {
  switch (code) {
    case 'PHQ9':
    case 'GAD7':
      return current < 5;
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
 * The baseline: the earliest non-voided score, counted from the start of the current course when
 * there is one (`courseStartedAt`, ISO timestamp or date).
 */
export function baselineOf<T extends ScorePoint>(scores: readonly T[], courseStartedAt: string | null): T | null {
  return baselineAmong(timedScores(scores), courseStartedAt)?.score ?? null;
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
export function baselineAmong<T extends ScorePoint>(scores: readonly TimedScore<T>[], courseStartedAt: string | null): TimedScore<T> | null {
  const from = courseStartedAt === null ? -Infinity : Date.parse(courseStartedAt);
  let baseline: TimedScore<T> | null = null;
  for (const entry of scores) {
    if (entry.score.voided || entry.score.total === null || entry.at < from) continue;
    if (baseline === null || entry.at < baseline.at) baseline = entry;
  }
  return baseline;
}

/** The configured default for an instrument, with its source for display. */
export function defaultReliableChange(code: InstrumentCode): ReliableChangeSource | null {
  return INSTRUMENTS[code].reliableChange;
}
