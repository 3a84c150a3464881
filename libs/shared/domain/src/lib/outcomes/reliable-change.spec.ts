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
      reliableChangeThreshold({ kind: 'jacobson_truax', sd: 5, reliability: 0.84, reliabilityType: 'test-retest', source: 'x' }),
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
  ] as [number, number, number | null, string][])('baseline %i → %i with threshold %p is %s', (baseline, current, threshold, expected) => {
    expect(classifyReliableChange(baseline, current, threshold)).toBe(expected);
  });
});

describe('response and remission', () => {
  it.each([
    ['PHQ9', 20, 10, true, false],
    ['PHQ9', 20, 11, false, false],
    ['PHQ9', 20, 4, true, true],
    ['PHQ9', 0, 0, false, true],
    ['PHQ9', 8, 5, false, false],
    ['GAD7', 14, 7, true, false],
    ['GAD7', 14, 4, true, true],
    ['PCL5', 50, 40, true, false],
    ['PCL5', 50, 41, false, false],
    ['PCL5', 40, 32, false, true],
    ['PCL5', 30, 20, true, false],
    ['CGI_I', null, 2, true, false],
    ['CGI_I', null, 3, false, false],
    ['CGI_S', 5, 2, false, false],
  ] as const)('%s baseline %p current %i → response %p, remission %p', (code, baseline, current, response, remission) => {
    expect(isResponse(code, baseline, current)).toBe(response);
    expect(isRemission(code, baseline, current)).toBe(remission);
  });
});

describe('baseline', () => {
  const scores = [
    { id: 'a', administeredAt: '2026-01-05T10:00:00Z', total: 22, voided: false },
    { id: 'b', administeredAt: '2026-02-01T10:00:00Z', total: 18, voided: true },
    { id: 'c', administeredAt: '2026-02-10T10:00:00Z', total: 19, voided: false },
    { id: 'd', administeredAt: '2026-03-01T10:00:00Z', total: 12, voided: false },
  ];

  it('is the earliest non-voided score', () => {
    expect(baselineOf(scores, null)?.id).toBe('a');
  });

  it('counts from the start of the current course, skipping voided scores', () => {
    expect(baselineOf(scores, '2026-02-01')?.id).toBe('c');
  });

  it('is null when nothing qualifies', () => {
    expect(baselineOf(scores, '2026-04-01')).toBeNull();
  });
});
