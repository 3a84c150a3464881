import { buildTrend, type TrendScore } from './trend';

const score = (id: string, day: string, total: number, voided = false): TrendScore => ({
  id,
  administeredAt: `2026-${day}T10:00:00.000Z`,
  total,
  severity: 'x',
  voided,
});

describe('buildTrend', () => {
  const phq = [score('s1', '01-05', 21), score('s2', '02-02', 18), score('v', '02-16', 2, true), score('s3', '03-02', 9), score('s4', '04-01', 4)];

  it('takes the earliest non-voided score as baseline and marks change, reliable change, response, remission', () => {
    const trend = buildTrend('PHQ9', phq, null);
    expect(trend.reliableChangeThreshold).toBe(6);
    expect(trend.baseline?.outcomeId).toBe('s1');
    expect(trend.points.map((p) => [p.outcomeId, p.changeFromBaseline, p.reliableChange, p.response, p.remission])).toEqual([
      ['s1', 0, 'none', false, false],
      ['s2', -3, 'none', false, false],
      ['s3', -12, 'improved', true, false],
      ['s4', -17, 'improved', true, true],
    ]);
  });

  it('leaves voided scores out of the points and of the baseline', () => {
    const trend = buildTrend('PHQ9', [score('v0', '01-01', 27, true), ...phq], null);
    expect(trend.baseline?.outcomeId).toBe('s1');
    expect(trend.points.map((p) => p.outcomeId)).not.toContain('v0');
    expect(trend.points.map((p) => p.outcomeId)).not.toContain('v');
  });

  it('starts from the current course when there is one', () => {
    const trend = buildTrend('PHQ9', phq, '2026-02-01');
    expect(trend.baseline?.outcomeId).toBe('s2');
    expect(trend.points.map((p) => p.outcomeId)).toEqual(['s2', 's3', 's4']);
  });

  it('marks reliable deterioration', () => {
    const trend = buildTrend('GAD7', [score('a', '01-01', 6), score('b', '02-01', 10)], null);
    expect(trend.points[1].reliableChange).toBe('deteriorated');
  });

  it('is empty without a baseline', () => {
    expect(buildTrend('PCL5', [], null)).toEqual({ baseline: null, points: [], reliableChangeThreshold: 10 });
  });
});
