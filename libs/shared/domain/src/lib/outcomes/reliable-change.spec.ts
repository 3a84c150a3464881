import {
  baselineOf,
  classifyReliableChange,
  isRemission,
  isResponse,
  jacobsonTruaxThreshold,
  reliableChangeThreshold,
} from './reliable-change';
import { INSTRUMENTS } from './instruments';

describe('reliable change', () => {
  it('uses the published service thresholds by default, with their source', () => {
    expect(reliableChangeThreshold(INSTRUMENTS.PHQ9.reliableChange)).toBe(6);
    expect(reliableChangeThreshold(INSTRUMENTS.GAD7.reliableChange)).toBe(4);
    expect(reliableChangeThreshold(INSTRUMENTS.PCL5.reliableChange)).toBe(10);
    expect(reliableChangeThreshold(INSTRUMENTS.CGI_S.reliableChange)).toBeNull();
    expect(INSTRUMENTS.PHQ9.reliableChange?.source).toMatch(/NHS Talking Therapies/);
  });

  it('derives the Jacobson–Truax threshold 1.96 × SD × √(2(1 − r)) from a configured SD and reliability', () => {
    expect(jacobsonTruaxThreshold(5, 0.84)).toBeCloseTo(1.96 * 5 * Math.sqrt(0.32), 10);
    expect(
      reliableChangeThreshold({
        kind: 'jacobson_truax',
        sd: 5,
        reliability: 0.84,
        reliabilityType: 'test-retest',
        source: 'x',
      }),
    ).toBeCloseTo(5.5437, 3);
    expect(() => jacobsonTruaxThreshold(5, 1)).toThrow(RangeError);
  });

  it.each([
    [20, 14, 6, 'improved'],
    [20, 15, 6, 'none'],
    [10, 16, 6, 'deteriorated'],
    [10, 15, 6, 'none'],
    [12, 8, 4, 'improved'],
    [50, 40, 10, 'improved'],
    [50, 41, 10, 'none'],
    [10, 30, null, 'none'],
  ] as [number, number, number | null, string][])(
    'baseline %i → %i with threshold %p is %s',
    (baseline, current, threshold, expected) => {
      expect(classifyReliableChange(baseline, current, threshold)).toBe(expected);
    },
  );
});

describe('response and remission', () => {
  it.each([
    ['PHQ9', 20, 10, true, false],
    ['PHQ9', 20, 11, false, false],
    ['PHQ9', 20, 4, true, true],
    ['PHQ9', 0, 0, false, false],
    ['PHQ9', 8, 5, false, false],
    // Remission only from a case-level baseline: PHQ-9 ≥ 10.
    ['PHQ9', 10, 4, true, true],
    ['PHQ9', 9, 4, true, false],
    ['PHQ9', 10, 5, true, false],
    ['PHQ9', null, 3, false, false],
    ['GAD7', 14, 7, true, false],
    ['GAD7', 14, 4, true, true],
    // GAD-7 ≥ 8.
    ['GAD7', 8, 4, true, true],
    ['GAD7', 7, 3, true, false],
    ['GAD7', 8, 5, false, false],
    ['PCL5', 50, 40, true, false],
    ['PCL5', 50, 41, false, false],
    ['PCL5', 40, 32, false, true],
    // PCL-5 ≥ 33.
    ['PCL5', 33, 32, false, true],
    ['PCL5', 32, 20, true, false],
    ['PCL5', 33, 33, false, false],
    ['PCL5', 30, 20, true, false],
    // PEG: total ≤ 70 % of baseline; no remission.
    ['PEG', 10, 7, true, false],
    ['PEG', 10, 7.1, false, false],
    ['PEG', 6.7, 4.6, true, false],
    ['PEG', 6.7, 4.7, false, false],
    ['PEG', 3, 2.1, true, false],
    ['PEG', 3, 2.2, false, false],
    ['PEG', 0, 0, false, false],
    ['PEG', null, 1, false, false],
    ['CGI_I', null, 2, true, false],
    ['CGI_I', null, 3, false, false],
    ['CGI_S', 5, 2, false, false],
  ] as const)(
    '%s baseline %p current %p → response %p, remission %p',
    (code, baseline, current, response, remission) => {
      expect(isResponse(code, baseline, current)).toBe(response);
      expect(isRemission(code, baseline, current)).toBe(remission);
    },
  );
});

describe('baseline', () => {
  const scores = [
    { id: 'a', administeredAt: '2026-01-05T10:00:00Z', total: 22, voided: false },
    { id: 'b', administeredAt: '2026-02-01T10:00:00Z', total: 18, voided: true },
    { id: 'c', administeredAt: '2026-02-10T10:00:00Z', total: 19, voided: false },
    { id: 'd', administeredAt: '2026-03-01T10:00:00Z', total: 12, voided: false },
  ];

  it('is the earliest non-voided score without a course', () => {
    expect(baselineOf(scores, null)?.id).toBe('a');
  });

  it.each([
    // course start, expected baseline, why
    ['2026-02-01', 'a', 'a is 27 days before the start: the intake score (b is voided)'],
    ['2026-02-04', 'a', 'a is 30 days before the start, the last day of the intake window'],
    ['2026-02-05', 'c', 'a is 31 days before: outside the window, so the earliest on or after the start'],
    [
      '2026-02-10',
      'c',
      'c is on the start date: no intake score (a is 36 days before), so the earliest from the start',
    ],
    ['2026-02-11', 'c', 'c is the latest in the window (1 day before), a is too early'],
    ['2026-03-05', 'd', 'd is 4 days before the start and later than c (23 days before)'],
    ['2026-04-15', null, 'nothing in the window and nothing after the start'],
  ] as [string, string | null, string][])('course from %s → %p (%s)', (start, expected) => {
    expect(baselineOf(scores, start)?.id ?? null).toBe(expected);
  });

  it('compares the score with the start as calendar dates in the time zone', () => {
    // 2026-02-11T03:00Z is still 10 February in New York: the day before a course starting on the 11th.
    const late = [
      { id: 'x', administeredAt: '2026-02-11T03:00:00Z', total: 15, voided: false },
      { id: 'y', administeredAt: '2026-02-12T15:00:00Z', total: 12, voided: false },
    ];
    expect(baselineOf(late, '2026-02-11', 'America/New_York')?.id).toBe('x');
    // In UTC it is on the start date; with no intake score, the earliest from the start is still x.
    expect(baselineOf(late, '2026-02-11', 'UTC')?.id).toBe('x');
    // A start on the 12th: in New York x is 2 days before (intake), in UTC 1 day before: both intake.
    expect(baselineOf(late, '2026-02-12', 'America/New_York')?.id).toBe('x');
    // A course starting on the 10th: in New York x is on the start (earliest from it); in UTC, after it.
    expect(baselineOf([late[1], late[0]], '2026-02-10', 'America/New_York')?.id).toBe('x');
  });

  it('takes the latest of several intake scores, and never a score without a total', () => {
    const intake = [
      { id: 'early', administeredAt: '2026-01-20T10:00:00Z', total: 20, voided: false },
      { id: 'late', administeredAt: '2026-01-28T10:00:00Z', total: 16, voided: false },
      { id: 'nototal', administeredAt: '2026-01-30T10:00:00Z', total: null, voided: false },
      { id: 'after', administeredAt: '2026-02-03T10:00:00Z', total: 25, voided: false },
    ];
    expect(baselineOf(intake, '2026-02-01')?.id).toBe('late');
  });
});
