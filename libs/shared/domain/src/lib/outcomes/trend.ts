import { INSTRUMENTS, type InstrumentCode } from './instruments';
import { baselineOf, classifyReliableChange, isRemission, isResponse, reliableChangeThreshold, type ReliableChange } from './reliable-change';

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
  const baseline = baselineOf(scores, courseStartedAt);
  if (baseline === null) return { baseline: null, points: [], reliableChangeThreshold: threshold };
  const from = Date.parse(baseline.administeredAt);
  const points = scores
    .filter((s) => !s.voided && Date.parse(s.administeredAt) >= from)
    .sort((a, b) => Date.parse(a.administeredAt) - Date.parse(b.administeredAt) || (a.id < b.id ? -1 : 1))
    .map((s) => ({
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
