import { INSTRUMENTS, type InstrumentCode } from './instruments';
import {
  baselineAmong,
  classifyReliableChange,
  isRemission,
  isResponse,
  reliableChangeThreshold,
  timedScores,
  type ReliableChange,
} from './reliable-change';

export interface TrendScore {
  id: string;
  administeredAt: string;
  /** Null for the C-SSRS screener, which has no total. */
  total: number | null;
  /** The band or risk level; null where none is published (PEG). */
  severity: string | null;
  voided: boolean;
}

export interface TrendPointResult {
  outcomeId: string;
  administeredAt: string;
  total: number | null;
  severity: string | null;
  /** Null where there is no baseline arithmetic (the C-SSRS screener; CGI-I, a rating of change itself). */
  changeFromBaseline: number | null;
  reliableChange: ReliableChange;
  response: boolean;
  remission: boolean;
}

export interface TrendResult {
  baseline: TrendPointResult | null;
  points: TrendPointResult[];
  reliableChangeThreshold: number | null;
}

/**
 * Instruments whose rating is itself a change since the start (CGI-I: "much improved" = 2): a
 * difference between two such ratings means nothing, so no change from baseline is given.
 */
const RATES_CHANGE_ITSELF: readonly InstrumentCode[] = ['CGI_I'];

/** One decimal at most: the PEG's totals have one, and 6.7 − 5.3 must read 1.4. */
const tenths = (value: number) => Math.round(value * 10) / 10;

/**
 * The trend of one instrument: the baseline (`baselineOf`: the intake score of the current course,
 * shown even when it predates the course's start), then every non-voided score from the baseline
 * on, each with its change from baseline, reliable change, response and remission.
 *
 * An instrument without a total (the C-SSRS screener) has no baseline arithmetic: every non-voided
 * screen, oldest first, with its risk level as `severity`, no change, reliable change `none`, no
 * response or remission, so that the screens can be shown as a risk strip over time.
 */
export function buildTrend(
  code: InstrumentCode,
  scores: readonly TrendScore[],
  courseStartedOn: string | null,
  timeZone = 'UTC',
): TrendResult {
  const threshold = reliableChangeThreshold(INSTRUMENTS[code].reliableChange);
  const timed = timedScores(scores).sort((a, b) => a.at - b.at || (a.score.id < b.score.id ? -1 : 1));
  if (INSTRUMENTS[code].range === null) {
    const points = timed
      .filter(({ score }) => !score.voided)
      .map(({ score: s }) => ({
        outcomeId: s.id,
        administeredAt: s.administeredAt,
        total: null,
        severity: s.severity,
        changeFromBaseline: null,
        reliableChange: 'none' as const,
        response: false,
        remission: false,
      }));
    return { baseline: null, points, reliableChangeThreshold: threshold };
  }
  const first = baselineAmong(timed, courseStartedOn, timeZone);
  if (first === null || first.score.total === null)
    return { baseline: null, points: [], reliableChangeThreshold: threshold };
  const base = first.score.total;
  const points = timed
    .filter(({ score, at }) => !score.voided && score.total !== null && at >= first.at)
    .map(({ score: s }) => {
      const total = s.total as number;
      return {
        outcomeId: s.id,
        administeredAt: s.administeredAt,
        total,
        severity: s.severity,
        changeFromBaseline: RATES_CHANGE_ITSELF.includes(code) ? null : tenths(total - base),
        reliableChange: classifyReliableChange(base, total, threshold),
        response: isResponse(code, base, total),
        remission: isRemission(code, base, total),
      };
    });
  return {
    baseline: points.find((p) => p.outcomeId === first.score.id) ?? null,
    points,
    reliableChangeThreshold: threshold,
  };
}
