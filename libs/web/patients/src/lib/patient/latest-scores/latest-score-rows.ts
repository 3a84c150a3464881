import type { OutcomeTrend } from '@kap/shared/contracts';
import { INSTRUMENT_CODES, INSTRUMENT_SHORT_NAMES, INSTRUMENTS, type InstrumentCode } from '@kap/shared/domain';
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
}

const RELIABLE: Readonly<Record<string, string>> = { improved: 'reliable improvement', deteriorated: 'reliable deterioration' };

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
    const band = latest.severity === null ? '' : (definition.bands.find((b) => b.severity === latest.severity)?.label ?? latest.severity.replace(/_/g, ' '));
    return [
      {
        instrument: trend.instrument,
        name: INSTRUMENT_SHORT_NAMES[trend.instrument],
        link: `/patients/${patientId}/scores/${trend.instrument}`,
        total: latest.total === null ? '' : String(latest.total),
        band,
        administeredAt: formatDateTime(latest.administeredAt),
        change: changeText(trend, latest.outcomeId, latest.changeFromBaseline, latest.reliableChange),
      },
    ];
  });
}

function changeText(trend: OutcomeTrend, latestId: string, change: number | null, reliable: string): string | null {
  // The CGI-I rates the change itself, and the C-SSRS screen has no total: no difference to show.
  if (trend.instrument === 'CGI_I' || change === null || !trend.baseline || trend.baseline.total === null) return null;
  if (trend.baseline.outcomeId === latestId) return 'This is the baseline';
  const amount = change === 0 ? 'No change' : `${change > 0 ? '+' : '−'}${Math.abs(change)}`;
  const words = RELIABLE[reliable];
  return `${amount} from baseline ${trend.baseline.total}${words ? `, ${words}` : ''}`;
}
