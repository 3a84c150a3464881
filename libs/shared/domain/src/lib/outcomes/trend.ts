import { INSTRUMENTS, type InstrumentCode } from './instruments';
import { baselineAmong, classifyReliableChange, isRemission, isResponse, reliableChangeThreshold, timedScores, type ReliableChange } from './reliable-change';

export interface TrendScore {
  id: string;
  administeredAt: string;
  total: number;
  severity: string;
  voided: boolean;
}

export interface TrendPointResult {
  outcomeId: string;
  administeredAt: string;
  total: number;
  severity: string;
  changeFromBaseline: number;
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
 * The trend of one instrument: the baseline (earliest non-voided score from the current course's
 * start), then every non-voided score from the baseline on, each with its change from baseline,
 * reliable change, response and remission.
 */
export function buildTrend(code: InstrumentCode, scores: readonly TrendScore[], courseStartedAt: string | null): TrendResult {
  const threshold = reliableChangeThreshold(INSTRUMENTS[code].reliableChange);
  const timed = timedScores(scores);
  const first = baselineAmong(timed, courseStartedAt);
  if (first === null) return { baseline: null, points: [], reliableChangeThreshold: threshold };
  const baseline = first.score;
  const points = timed
    .filter(({ score, at }) => !score.voided && at >= first.at)
    .sort((a, b) => a.at - b.at || (a.score.id < b.score.id ? -1 : 1))
    .map(({ score: s }) => ({
      outcomeId: s.id,
      administeredAt: s.administeredAt,
      total: s.total,
      severity: s.severity,
      changeFromBaseline: s.total - baseline.total,
      reliableChange: classifyReliableChange(baseline.total, s.total, threshold),
      response: isResponse(code, baseline.total, s.total),
      remission: isRemission(code, baseline.total, s.total),
    }));
  return { baseline: points.find((p) => p.outcomeId === baseline.id) ?? null, points, reliableChangeThreshold: threshold };
}
