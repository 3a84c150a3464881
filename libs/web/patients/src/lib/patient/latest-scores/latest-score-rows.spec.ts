import type { OutcomeTrend, TrendPoint } from '@kap/shared/contracts';
import { instrumentsInUse, latestScoreRows } from './latest-score-rows';

const point = (outcomeId: string, total: number | null, severity: string | null, changeFromBaseline: number | null, reliableChange: TrendPoint['reliableChange'] = 'none'): TrendPoint => ({
  outcomeId,
  administeredAt: '2026-11-20T10:00:00.000Z',
  total,
  severity,
  changeFromBaseline,
  reliableChange,
  response: false,
  remission: false,
  source: 'clinician',
});

const trend = (instrument: OutcomeTrend['instrument'], points: TrendPoint[], baseline: TrendPoint | null = points[0] ?? null): OutcomeTrend => ({
  instrument,
  baseline,
  points,
  reliableChangeThreshold: null,
  reliableChangeSource: null,
  events: [],
});

describe('latestScoreRows', () => {
  it('lists the instruments in use in their usual order', () => {
    expect(instrumentsInUse(['PEG', 'PHQ9', 'PEG', 'CSSRS_SCREEN'])).toEqual(['PHQ9', 'CSSRS_SCREEN', 'PEG']);
  });

  it('says the change from the baseline with its sign and whether it is reliable', () => {
    const [worse] = latestScoreRows('p-1', [trend('GAD7', [point('a', 5, 'mild', 0), point('b', 12, 'moderate', 7, 'deteriorated')])]);
    expect(worse).toMatchObject({ name: 'GAD-7', total: '12', band: 'Moderate', change: '+7 from baseline 5, reliable deterioration', link: '/patients/p-1/scores/GAD7' });
    const [same] = latestScoreRows('p-1', [trend('PHQ9', [point('a', 8, 'mild', 0), point('b', 8, 'mild', 0)])]);
    expect(same.change).toBe('No change from baseline 8');
  });

  it('shows the C-SSRS screen by its risk level and the CGI-I without a difference of ratings', () => {
    const rows = latestScoreRows('p-1', [
      trend('CSSRS_SCREEN', [point('c', null, 'high', null)], null),
      trend('CGI_I', [point('d', 2, null, 0), point('e', 3, null, 1)]),
      trend('PEG', []),
    ]);
    expect(rows.map((row) => [row.name, row.total, row.band, row.change])).toEqual([
      ['C-SSRS screen', '', 'High risk', null],
      ['CGI-I', '3', '', null],
    ]);
  });
});
