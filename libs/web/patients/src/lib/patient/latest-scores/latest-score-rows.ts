import type { OutcomeTrend, TrendPoint } from '@kap/shared/contracts';
import {
  INSTRUMENT_CODES,
  INSTRUMENT_SHORT_NAMES,
  INSTRUMENTS,
  type InstrumentCode,
} from '@kap/shared/domain';
import { formatDateTime } from '../../display/patient-labels';

/** One instrument's line in "Outcome measures": where it stands and how far it has come. */
export interface LatestScoreRow {
  instrument: InstrumentCode;
  name: string;
  /** The trend page. */
  link: string;
  /** "14" (the PEG's mean keeps its decimal); empty for the C-SSRS screen, which has no total. */
  total: string;
  /** "Moderate", "High risk"; empty where no band is published (PEG). */
  band: string;
  administeredAt: string;
  /** "−6 from baseline 20, reliable improvement"; null where there is no arithmetic to show. */
  change: string | null;
  /** The totals over time, small; null with fewer than two totals (or none, as the C-SSRS screen). */
  sparkline: Sparkline | null;
}

/** A line of an instrument's totals, oldest first, in a box of SPARKLINE_WIDTH × SPARKLINE_HEIGHT. */
export interface Sparkline {
  /** The polyline's `points` ("x,y x,y …"). */
  points: string;
  /** The newest total, drawn as a dot. */
  last: { x: number; y: number };
  /**
   * The line in words, for a row that does not already say the change from the baseline; null
   * when it does, and the line is only decoration for a screen reader.
   */
  label: string | null;
}

export const SPARKLINE_WIDTH = 96;
export const SPARKLINE_HEIGHT = 28;
/** Room for the newest point's dot at the edges. */
const SPARKLINE_INSET = 3;
/** The most totals a text alternative reads out. */
const SPOKEN_TOTALS = 10;

const RELIABLE: Readonly<Record<string, string>> = {
  improved: 'reliable improvement',
  deteriorated: 'reliable deterioration',
};

/** The instruments that have scores, in the instruments' usual order. */
export function instrumentsInUse(instruments: Iterable<InstrumentCode>): InstrumentCode[] {
  const used = new Set(instruments);
  return INSTRUMENT_CODES.filter((code) => used.has(code));
}

export function latestScoreRows(patientId: string, trends: readonly OutcomeTrend[]): LatestScoreRow[] {
  return trends.flatMap((trend) => {
    const latest = trend.points.at(-1);
    if (!latest) return [];
    const definition = INSTRUMENTS[trend.instrument];
    const change = changeText(trend, latest.outcomeId, latest.changeFromBaseline, latest.reliableChange);
    const band =
      latest.severity === null
        ? ''
        : (definition.bands.find((b) => b.severity === latest.severity)?.label ??
          latest.severity.replace(/_/g, ' '));
    return [
      {
        instrument: trend.instrument,
        name: INSTRUMENT_SHORT_NAMES[trend.instrument],
        link: `/patients/${patientId}/scores/${trend.instrument}`,
        total: latest.total === null ? '' : String(latest.total),
        band,
        administeredAt: formatDateTime(latest.administeredAt),
        change,
        sparkline: sparkline(trend, change !== null),
      },
    ];
  });
}

/**
 * The totals placed by their dates (evenly, if all share one moment) against the instrument's
 * whole range, so a line's height means the same on every visit; higher totals are drawn higher.
 */
export function sparkline(trend: OutcomeTrend, changeInWords: boolean): Sparkline | null {
  const range = INSTRUMENTS[trend.instrument].range;
  const scored = trend.points.filter(
    (point): point is TrendPoint & { total: number } => point.total !== null,
  );
  if (!range || scored.length < 2) return null;
  const times = scored.map((point) => Date.parse(point.administeredAt));
  const first = times[0];
  const span = (times.at(-1) ?? first) - first;
  const width = SPARKLINE_WIDTH - 2 * SPARKLINE_INSET;
  const height = SPARKLINE_HEIGHT - 2 * SPARKLINE_INSET;
  const coordinates = scored.map((point, index) => {
    const along = span > 0 ? (times[index] - first) / span : index / (scored.length - 1);
    const total = Math.min(range.max, Math.max(range.min, point.total));
    return {
      x: round(SPARKLINE_INSET + along * width),
      y: round(SPARKLINE_INSET + ((range.max - total) / (range.max - range.min)) * height),
    };
  });
  const spoken = scored.slice(-SPOKEN_TOTALS).map((point) => String(point.total));
  const words =
    scored.length > SPOKEN_TOTALS ? `Last ${SPOKEN_TOTALS} scores, oldest first` : 'Scores, oldest first';
  return {
    points: coordinates.map(({ x, y }) => `${x},${y}`).join(' '),
    last: coordinates[coordinates.length - 1],
    label: changeInWords ? null : `${words}: ${spoken.join(', ')}`,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function changeText(
  trend: OutcomeTrend,
  latestId: string,
  change: number | null,
  reliable: string,
): string | null {
  // The CGI-I rates the change itself, and the C-SSRS screen has no total: no difference to show.
  if (trend.instrument === 'CGI_I' || change === null || !trend.baseline || trend.baseline.total === null)
    return null;
  if (trend.baseline.outcomeId === latestId) return 'This is the baseline';
  const amount = change === 0 ? 'No change' : `${change > 0 ? '+' : '−'}${Math.abs(change)}`;
  const words = RELIABLE[reliable];
  return `${amount} from baseline ${trend.baseline.total}${words ? `, ${words}` : ''}`;
}
