import type { OutcomeTrend, TrendPoint } from '@kap/shared/contracts';
import {
  instrumentsInUse,
  latestScoreRows,
  sparkline,
  SPARKLINE_HEIGHT,
  SPARKLINE_WIDTH,
} from './latest-score-rows';

const point = (
  outcomeId: string,
  total: number | null,
  severity: string | null,
  changeFromBaseline: number | null,
  reliableChange: TrendPoint['reliableChange'] = 'none',
): TrendPoint => ({
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

const trend = (
  instrument: OutcomeTrend['instrument'],
  points: TrendPoint[],
  baseline: TrendPoint | null = points[0] ?? null,
): OutcomeTrend => ({
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
    const [worse] = latestScoreRows('p-1', [
      trend('GAD7', [point('a', 5, 'mild', 0), point('b', 12, 'moderate', 7, 'deteriorated')]),
    ]);
    expect(worse).toMatchObject({
      name: 'GAD-7',
      total: '12',
      band: 'Moderate',
      change: '+7 from baseline 5, reliable deterioration',
      link: '/patients/p-1/scores/GAD7',
    });
    const [same] = latestScoreRows('p-1', [
      trend('PHQ9', [point('a', 8, 'mild', 0), point('b', 8, 'mild', 0)]),
    ]);
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

  it('draws the totals by their dates against the instrument’s range, higher totals higher', () => {
    const at = (outcomeId: string, administeredAt: string, total: number) => ({
      ...point(outcomeId, total, null, 0),
      administeredAt,
    });
    const line = sparkline(
      trend('PHQ9', [
        at('a', '2026-11-01T10:00:00.000Z', 27),
        at('b', '2026-11-04T10:00:00.000Z', 0),
        at('c', '2026-11-11T10:00:00.000Z', 9),
      ]),
      true,
    );
    // PHQ-9 runs 0–27 in a 96 × 28 box with 3 px of room at the edges: 27 at the top, 0 at the bottom;
    // the second score is 3 of the 10 days along.
    expect(line).toEqual({ points: '3,3 30,25 93,17.7', last: { x: 93, y: 17.7 }, label: null });
    expect(SPARKLINE_WIDTH).toBe(96);
    expect(SPARKLINE_HEIGHT).toBe(28);
  });

  it('spaces totals of one moment evenly, and draws nothing for one total or the C-SSRS screen', () => {
    expect(
      sparkline(
        trend('GAD7', [point('a', 21, null, 0), point('b', 0, null, -21), point('c', 21, null, 0)]),
        true,
      )?.points,
    ).toBe('3,3 48,25 93,3');
    expect(sparkline(trend('GAD7', [point('a', 5, 'mild', 0)]), true)).toBeNull();
    expect(
      sparkline(
        trend('CSSRS_SCREEN', [point('a', null, 'low', null), point('b', null, 'high', null)], null),
        false,
      ),
    ).toBeNull();
  });

  it('gives the line words where the row says no change from a baseline (the CGI-I), and hides it where it does', () => {
    const rows = latestScoreRows('p-1', [
      trend('PHQ9', [point('a', 20, 'severe', 0), point('b', 14, 'moderate', -6, 'improved')]),
      trend('CGI_I', [point('c', 4, null, 0), point('d', 3, null, -1), point('e', 2, null, -2)]),
    ]);
    expect(rows[0].sparkline?.label).toBeNull();
    expect(rows[1].change).toBeNull();
    expect(rows[1].sparkline?.label).toBe('Scores, oldest first: 4, 3, 2');

    const many = Array.from({ length: 12 }, (_, index) => point(`p${index}`, (index % 7) + 1, null, 0));
    expect(sparkline(trend('CGI_I', many), false)?.label).toBe(
      'Last 10 scores, oldest first: 3, 4, 5, 6, 7, 1, 2, 3, 4, 5',
    );
  });
});
