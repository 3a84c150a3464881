import type { AnnotationOptions, BoxAnnotationOptions, LineAnnotationOptions } from 'chartjs-plugin-annotation';
import { instrument, phq9Trend, point } from '../../testing/outcome-fixtures';
import { buildTrendChart, EVENT_COLOURS } from './trend-chart-config';

const DAY = 86_400_000;

describe('buildTrendChart', () => {
  const points = [
    point('o-1', '2026-01-05T10:00:00.000Z', 18, 'moderately_severe', 18),
    point('o-2', '2026-02-02T10:00:00.000Z', 12, 'moderate', 18),
    point('o-3', '2026-03-02T10:00:00.000Z', 7, 'mild', 18),
  ];
  const events = [
    { at: '2025-12-20T00:00:00.000Z', kind: 'course_start' as const, label: 'Course started' },
    { at: '2026-01-20T15:00:00.000Z', kind: 'dosing' as const, label: 'Dosing session' },
    { at: '2026-02-10T09:00:00.000Z', kind: 'medical_follow_up' as const, label: 'Medical team update' },
    // Long before the first score: off the chart.
    { at: '2024-06-01T00:00:00.000Z', kind: 'course_start' as const, label: 'Old course' },
  ];
  const config = buildTrendChart(instrument('PHQ9'), phq9Trend(points, events), 'PHQ-9');
  const annotations = config.options?.plugins?.annotation?.annotations as Record<string, AnnotationOptions>;

  it('plots the totals over time', () => {
    const dataset = config.data.datasets[0];
    expect(dataset.label).toBe('PHQ-9 total');
    expect(dataset.data).toEqual(points.map((p) => ({ x: Date.parse(p.administeredAt), y: p.total })));
    expect(config.options?.scales?.['y']?.min).toBe(0);
    expect(config.options?.scales?.['y']?.max).toBe(27);
  });

  it('draws one box per severity band, neighbouring bands meeting halfway between whole totals', () => {
    const boxes = Object.entries(annotations).filter(([key]) => key.startsWith('band-'));
    expect(boxes).toHaveLength(5);
    const spans = boxes.map(([, box]) => [(box as BoxAnnotationOptions).yMin, (box as BoxAnnotationOptions).yMax]);
    expect(spans).toEqual([
      [0, 4.5],
      [4.5, 9.5],
      [9.5, 14.5],
      [14.5, 19.5],
      [19.5, 27],
    ]);
    const labels = boxes.map(([, box]) => (box as BoxAnnotationOptions).label?.content);
    expect(labels).toEqual(['Minimal', 'Mild', 'Moderate', 'Moderately severe', 'Severe']);
    expect(boxes.every(([, box]) => box.type === 'box' && box.drawTime === 'beforeDatasetsDraw')).toBe(true);
  });

  it('marks the baseline as a horizontal dashed line', () => {
    expect(annotations['baseline'].type).toBe('line');
    const baseline = annotations['baseline'] as LineAnnotationOptions;
    expect([baseline.yMin, baseline.yMax]).toEqual([18, 18]);
    expect(baseline.borderDash).toEqual([6, 4]);
    expect(baseline.label?.content).toBe('Baseline 18');
  });

  it('draws events near the scores as labelled vertical lines, and leaves old ones off', () => {
    const lines = Object.entries(annotations)
      .filter(([key]) => key.startsWith('event-'))
      .map(([, line]) => line as LineAnnotationOptions);
    expect(lines.map((l) => l.label?.content)).toEqual(['Course started', 'Dosing session', 'Medical team update']);
    expect(lines.map((l) => [l.xMin, l.xMax])).toEqual(events.slice(0, 3).map((e) => [Date.parse(e.at), Date.parse(e.at)]));
    expect(lines[1].borderColor).toBe(EVENT_COLOURS.dosing);
    // The x axis reaches back to the course start so its line is visible.
    expect(Number(config.options?.scales?.['x']?.min)).toBeLessThan(Date.parse(events[0].at));
    expect(Number(config.options?.scales?.['x']?.max)).toBeGreaterThan(Date.parse(points[2].administeredAt));
  });

  it('gives a single score a week either side, and no baseline line without a baseline', () => {
    const one = buildTrendChart(instrument('GAD7'), { ...phq9Trend([]), instrument: 'GAD7', baseline: null, points: [point('o', '2026-01-05T10:00:00.000Z', 9, 'mild', 9)] }, 'GAD-7');
    const x = one.options?.scales?.['x'];
    expect(Number(x?.max) - Number(x?.min)).toBe(14 * DAY);
    const keys = Object.keys(one.options?.plugins?.annotation?.annotations ?? {});
    expect(keys).toEqual(['band-0', 'band-1', 'band-2', 'band-3']);
  });
});
