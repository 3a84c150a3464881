import { buildTrend, type TrendScore } from './trend';

const score = (id: string, day: string, total: number, voided = false): TrendScore => ({
  id,
  administeredAt: `2026-${day}T10:00:00.000Z`,
  total,
  severity: 'x',
  voided,
});

describe('buildTrend', () => {
  const phq = [
    score('s1', '01-05', 21),
    score('s2', '02-02', 18),
    score('v', '02-16', 2, true),
    score('s3', '03-02', 9),
    score('s4', '04-01', 4),
  ];

  it('takes the earliest non-voided score as baseline and marks change, reliable change, response, remission', () => {
    const trend = buildTrend('PHQ9', phq, null);
    expect(trend.reliableChangeThreshold).toBe(6);
    expect(trend.baseline?.outcomeId).toBe('s1');
    expect(
      trend.points.map((p) => [p.outcomeId, p.changeFromBaseline, p.reliableChange, p.response, p.remission]),
    ).toEqual([
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

  it.each([
    // course start, baseline, points: the intake score (30 days before the start) is shown even though it predates the course
    ['2026-01-05', 's1', ['s1', 's2', 's3', 's4']],
    ['2026-02-01', 's1', ['s1', 's2', 's3', 's4']],
    ['2026-02-03', 's2', ['s2', 's3', 's4']],
    ['2026-03-02', 's2', ['s2', 's3', 's4']],
    ['2026-03-04', 's3', ['s3', 's4']],
    ['2026-05-01', 's4', ['s4']],
    ['2026-05-02', null, []],
  ] as [string, string | null, string[]][])(
    'with a course from %s the baseline is %p and the points %p',
    (start, baseline, points) => {
      const trend = buildTrend('PHQ9', phq, start);
      expect(trend.baseline?.outcomeId ?? null).toBe(baseline);
      expect(trend.points.map((p) => p.outcomeId)).toEqual(points);
    },
  );

  it('measures a score that worsens after the start against the intake score, not against itself', () => {
    const trend = buildTrend(
      'PHQ9',
      [score('intake', '01-22', 12), score('first', '02-03', 19)],
      '2026-02-01',
    );
    expect(trend.baseline?.outcomeId).toBe('intake');
    expect(trend.points[1]).toMatchObject({ changeFromBaseline: 7, reliableChange: 'deteriorated' });
  });

  it('gives the remission only from a case-level baseline', () => {
    expect(
      buildTrend('PHQ9', [score('a', '01-01', 9), score('b', '02-01', 3)], null).points[1].remission,
    ).toBe(false);
    expect(
      buildTrend('PHQ9', [score('a', '01-01', 10), score('b', '02-01', 3)], null).points[1].remission,
    ).toBe(true);
  });

  it('trends the PEG with one decimal, response at 70 % of baseline, no reliable change or remission', () => {
    const peg = [score('a', '01-01', 6.7), score('b', '02-01', 5.3), score('c', '03-01', 4.6)];
    const trend = buildTrend(
      'PEG',
      peg.map((s) => ({ ...s, severity: null })),
      null,
    );
    expect(trend.reliableChangeThreshold).toBeNull();
    expect(
      trend.points.map((p) => [
        p.total,
        p.severity,
        p.changeFromBaseline,
        p.reliableChange,
        p.response,
        p.remission,
      ]),
    ).toEqual([
      [6.7, null, 0, 'none', false, false],
      [5.3, null, -1.4, 'none', false, false],
      [4.6, null, -2.1, 'none', true, false],
    ]);
  });

  it('lists every non-voided C-SSRS screen with its risk level and no baseline arithmetic', () => {
    const screens: TrendScore[] = [
      { id: 'b', administeredAt: '2026-02-01T10:00:00.000Z', total: null, severity: 'high', voided: false },
      { id: 'a', administeredAt: '2026-01-01T10:00:00.000Z', total: null, severity: 'low', voided: false },
      {
        id: 'v',
        administeredAt: '2026-01-15T10:00:00.000Z',
        total: null,
        severity: 'moderate',
        voided: true,
      },
    ];
    expect(buildTrend('CSSRS_SCREEN', screens, '2026-01-20')).toEqual({
      baseline: null,
      reliableChangeThreshold: null,
      points: [
        {
          outcomeId: 'a',
          administeredAt: '2026-01-01T10:00:00.000Z',
          total: null,
          severity: 'low',
          changeFromBaseline: null,
          reliableChange: 'none',
          response: false,
          remission: false,
        },
        {
          outcomeId: 'b',
          administeredAt: '2026-02-01T10:00:00.000Z',
          total: null,
          severity: 'high',
          changeFromBaseline: null,
          reliableChange: 'none',
          response: false,
          remission: false,
        },
      ],
    });
  });

  it('gives no change from baseline for the CGI-I, whose rating is itself a change, but keeps its response', () => {
    const trend = buildTrend('CGI_I', [score('c1', '01-05', 4), score('c2', '02-02', 2)], null);
    expect(
      trend.points.map((p) => [p.outcomeId, p.changeFromBaseline, p.reliableChange, p.response]),
    ).toEqual([
      ['c1', null, 'none', false],
      ['c2', null, 'none', true],
    ]);
  });

  it('marks reliable deterioration', () => {
    const trend = buildTrend('GAD7', [score('a', '01-01', 6), score('b', '02-01', 10)], null);
    expect(trend.points[1].reliableChange).toBe('deteriorated');
  });

  it('is empty without a baseline', () => {
    expect(buildTrend('PCL5', [], null)).toEqual({ baseline: null, points: [], reliableChangeThreshold: 10 });
  });
});
