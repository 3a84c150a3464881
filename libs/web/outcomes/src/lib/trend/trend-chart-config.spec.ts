import type {
  AnnotationOptions,
  BoxAnnotationOptions,
  LineAnnotationOptions,
} from 'chartjs-plugin-annotation';
import { clinicCalendar, setClinicLocale, setClinicTimeZone } from '@kap/web/core/calendar';
import { instrument, phq9Trend, point } from '../../testing/outcome-fixtures';
import {
  baselineLabelSpot,
  buildTrendChart,
  calendarTicks,
  EVENT_COLOURS,
  labelRows,
  tickLabel,
} from './trend-chart-config';

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
  // Built once, after the calendar is set: a course start sits at the clinic's midnight, and a zone
  // an earlier spec file left behind (files share a worker) would move it.
  let config: ReturnType<typeof buildTrendChart>;
  let annotations: Record<string, AnnotationOptions>;
  beforeAll(() => {
    setClinicTimeZone('UTC');
    setClinicLocale('en-GB');
    config = buildTrendChart(instrument('PHQ9'), phq9Trend(points, events), 'PHQ-9');
    annotations = config.options?.plugins?.annotation?.annotations as Record<string, AnnotationOptions>;
  });

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
    const spans = boxes.map(([, box]) => [
      (box as BoxAnnotationOptions).yMin,
      (box as BoxAnnotationOptions).yMax,
    ]);
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

  /** What a scriptable option gives at a chart of this width (x and y scales linear over the options' ranges). */
  const chartOf = (width: number, height = 300) => {
    const x = config.options?.scales?.['x'];
    const y = config.options?.scales?.['y'];
    const area = { left: 40, right: width - 10, top: 10, bottom: height - 40 };
    const scale = (min: number, max: number, from: number, to: number) => ({
      getPixelForValue: (v: number) => from + ((v - min) / (max - min)) * (to - from),
    });
    return {
      width,
      chartArea: area,
      scales: {
        x: scale(Number(x?.min), Number(x?.max), area.left, area.right),
        y: scale(Number(y?.min), Number(y?.max), area.bottom, area.top),
      },
    };
  };
  const resolve = <T>(option: unknown, chart: ReturnType<typeof chartOf>): T =>
    (typeof option === 'function' ? option({ chart }) : option) as T;

  it('marks the baseline as a horizontal dashed line drawn under the points', () => {
    expect(annotations['baseline'].type).toBe('line');
    const baseline = annotations['baseline'] as LineAnnotationOptions;
    expect([baseline.yMin, baseline.yMax]).toEqual([18, 18]);
    expect(baseline.borderDash).toEqual([6, 4]);
    expect(baseline.label?.content).toBe('Baseline 18');
    expect(baseline.drawTime).toBe('beforeDatasetsDraw');
    // At 390 px the newest point (7) is far below the line: the label goes at the end, above it.
    const chart = chartOf(360);
    expect(resolve(baseline.label?.display, chart)).toBe(true);
    expect(resolve(baseline.label?.position, chart)).toBe('end');
    expect(resolve<number>(baseline.label?.yAdjust, chart)).toBeLessThan(0);
  });

  it('draws medical updates and course starts as labelled lines, dosing sessions as triangles, and leaves old events off', () => {
    const lines = Object.entries(annotations)
      .filter(([key]) => key.startsWith('event-'))
      .map(([, line]) => line as LineAnnotationOptions);
    const wide = chartOf(900);
    const narrow = chartOf(360);
    expect(lines.map((l) => resolve(l.label?.content, wide))).toEqual([
      'Course started',
      'Medical team update',
    ]);
    expect(lines.map((l) => resolve(l.label?.content, narrow))).toEqual(['Course', 'Medical']);
    expect(lines.map((l) => [l.xMin, l.xMax])).toEqual(
      [events[0], events[2]].map((e) => [Date.parse(e.at), Date.parse(e.at)]),
    );
    expect(
      lines.every((l) => l.drawTime === 'beforeDatasetsDraw' && l.label?.drawTime === 'beforeDatasetsDraw'),
    ).toBe(true);

    const doses = config.data.datasets[1];
    expect(doses.label).toBe('Dosing sessions');
    expect(doses.data).toEqual([{ x: Date.parse(events[1].at), y: 0 }]);
    expect(doses.pointStyle).toBe('triangle');
    expect(doses.backgroundColor).toBe(EVENT_COLOURS.dosing);
    expect((annotations['dose-0'] as LineAnnotationOptions).xMin).toBe(Date.parse(events[1].at));
    const tooltip = config.options?.plugins?.tooltip?.callbacks as { label: (item: object) => string };
    expect(tooltip.label({ datasetIndex: 1, dataIndex: 0, parsed: { x: 0, y: 0 } })).toBe('Dosing session');
    // The x axis reaches back to the course start so its line is visible.
    expect(Number(config.options?.scales?.['x']?.min)).toBeLessThan(Date.parse(events[0].at));
    expect(Number(config.options?.scales?.['x']?.max)).toBeGreaterThan(Date.parse(points[2].administeredAt));
  });

  it('leaves off a band name that an event label along the top would cover, and keeps the others', () => {
    // At 360 px the course start's label sits at the top left, where the "Severe" name would be.
    const chart = { ...chartOf(360, 300), chartArea: { left: 40, right: 350, top: 10, bottom: 260 } };
    chart.scales.x = { getPixelForValue: (v: number) => (v === Date.parse(events[0].at) ? 60 : 300) };
    chart.scales.y = { getPixelForValue: (v: number) => 260 - (v / 27) * 250 };
    const shown = Object.entries(annotations)
      .filter(([key]) => key.startsWith('band-'))
      .map(([, box]) => resolve<boolean>((box as BoxAnnotationOptions).label?.display, chart));
    expect(shown).toEqual([true, true, true, true, false]);
  });

  it('marks patient-reported scores as hollow diamonds and says so in the tooltip', () => {
    const own = { ...point('o-4', '2026-03-20T10:00:00.000Z', 6, 'mild', 18), source: 'patient' as const };
    const chart = buildTrendChart(instrument('PHQ9'), phq9Trend([...points, own]), 'PHQ-9');
    const line = chart.data.datasets[0];
    expect(line.pointStyle).toEqual(['circle', 'circle', 'circle', 'rectRot']);
    expect(line.pointBackgroundColor).toEqual(['#0b57d0', '#0b57d0', '#0b57d0', '#ffffff']);
    const tooltip = chart.options?.plugins?.tooltip?.callbacks as { label: (item: object) => string };
    expect(tooltip.label({ datasetIndex: 0, dataIndex: 3, parsed: { x: 0, y: 6 } })).toBe(
      'Total 6 (Mild), patient-reported',
    );
    expect(tooltip.label({ datasetIndex: 0, dataIndex: 0, parsed: { x: 0, y: 18 } })).toBe(
      'Total 18 (Moderately severe)',
    );
    // The legend names the diamonds; the line keeps its dot whatever its first point is.
    const generate = chart.options?.plugins?.legend?.labels?.generateLabels as unknown as (
      c: object,
    ) => { text: string; pointStyle: string }[];
    expect(generate({ isDatasetVisible: () => true }).map((item) => [item.text, item.pointStyle])).toEqual([
      ['PHQ-9 total', 'circle'],
      ['Patient-reported', 'rectRot'],
    ]);
  });

  it('gives a single score a week either side, and no baseline line without a baseline', () => {
    const one = buildTrendChart(
      instrument('GAD7'),
      {
        ...phq9Trend([]),
        instrument: 'GAD7',
        baseline: null,
        points: [point('o', '2026-01-05T10:00:00.000Z', 9, 'mild', 9)],
      },
      'GAD-7',
    );
    const x = one.options?.scales?.['x'];
    expect(Number(x?.max) - Number(x?.min)).toBe(14 * DAY);
    const keys = Object.keys(one.options?.plugins?.annotation?.annotations ?? {});
    expect(keys).toEqual(['band-0', 'band-1', 'band-2', 'band-3']);
    expect(one.data.datasets).toHaveLength(1);
  });

  it('keeps the baseline label off the only point, at 390 px as at 1280', () => {
    const only = point('o', '2026-01-05T10:00:00.000Z', 9, 'mild', 9);
    const one = buildTrendChart(instrument('PHQ9'), phq9Trend([only]), 'PHQ-9');
    const baseline = (one.options?.plugins?.annotation?.annotations as Record<string, AnnotationOptions>)[
      'baseline'
    ] as LineAnnotationOptions;
    for (const width of [360, 1200]) {
      const x = one.options?.scales?.['x'];
      const area = { left: 40, right: width - 10, top: 10, bottom: 260 };
      const px =
        area.left +
        ((Date.parse(only.administeredAt) - Number(x?.min)) / (Number(x?.max) - Number(x?.min))) *
          (area.right - area.left);
      const py = area.bottom - (9 / 27) * (area.bottom - area.top);
      const spot = baselineLabelSpot([{ x: px, y: py }], area, py, { width: 90, height: 26 });
      expect(spot).not.toBeNull();
      const chart = {
        width,
        chartArea: area,
        scales: {
          x: { getPixelForValue: () => px },
          y: { getPixelForValue: (v: number) => area.bottom - (v / 27) * (area.bottom - area.top) },
        },
      };
      const display = baseline.label?.display as unknown as (context: { chart: typeof chart }) => boolean;
      expect(display({ chart })).toBe(true);
    }
  });
});

describe('baselineLabelSpot', () => {
  const area = { left: 0, right: 300, top: 0, bottom: 200 };
  const label = { width: 80, height: 26 };

  it('takes the end above the line when it is free', () => {
    expect(baselineLabelSpot([{ x: 10, y: 100 }], area, 100, label)).toEqual({
      position: 'end',
      yAdjust: -15,
    });
  });

  it('moves below, then to the start or the centre, away from the points', () => {
    expect(baselineLabelSpot([{ x: 290, y: 85 }], area, 100, label)).toEqual({
      position: 'end',
      yAdjust: 15,
    });
    expect(
      baselineLabelSpot(
        [
          { x: 290, y: 85 },
          { x: 290, y: 115 },
        ],
        area,
        100,
        label,
      ),
    ).toEqual({ position: 'start', yAdjust: -15 });
    expect(
      baselineLabelSpot(
        [
          { x: 290, y: 100 },
          { x: 10, y: 100 },
        ],
        area,
        100,
        label,
      ),
    ).toEqual({ position: 'center', yAdjust: -15 });
  });

  it('stays inside the plot, and gives up (no label) when every place covers a point', () => {
    expect(baselineLabelSpot([], area, 5, label)).toEqual({ position: 'end', yAdjust: 15 });
    const everywhere = [10, 150, 290].flatMap((x) => [
      { x, y: 85 },
      { x, y: 115 },
    ]);
    expect(baselineLabelSpot(everywhere, area, 100, label)).toBeNull();
  });
});

describe('x-axis ticks', () => {
  const at = (text: string) => Date.parse(text);

  it('ticks on midnights of the organization’s calendar, never more than fit, and never the same date twice', () => {
    setClinicTimeZone('America/New_York');
    const { values, months } = calendarTicks(at('2026-01-01T14:00:00Z'), at('2026-01-15T14:00:00Z'), 4);
    expect(months).toBe(false);
    expect(values.length).toBeLessThanOrEqual(4);
    // New York's midnight is 05:00 UTC in January.
    expect(values.map((v) => new Date(v).toISOString())).toEqual([
      '2026-01-08T05:00:00.000Z',
      '2026-01-15T05:00:00.000Z',
    ]);
    const days = calendarTicks(at('2026-01-01T14:00:00Z'), at('2027-01-03T02:00:00Z'), 8).values;
    expect(new Set(days.map((v) => clinicCalendar.dayOf(v))).size).toBe(days.length);
    const short = calendarTicks(at('2026-01-01T14:00:00Z'), at('2026-01-03T02:00:00Z'), 8).values;
    expect(short.map((v) => clinicCalendar.dayOf(v))).toEqual(['2026-01-02']);
  });

  it('steps by months over a long span, and writes short labels with the year where it changes', () => {
    const { values, months } = calendarTicks(at('2026-10-20T09:00:00Z'), at('2027-06-20T09:00:00Z'), 4);
    expect(months).toBe(true);
    expect(values.map((v, i) => tickLabel(v, i ? values[i - 1] : null, months))).toEqual([
      'Nov 26',
      'Jan 27',
      'Mar',
      'May',
    ]);
    expect(tickLabel(at('2026-01-05T00:00:00Z'), null, false)).toBe('5 Jan 26');
    expect(tickLabel(at('2026-01-12T00:00:00Z'), at('2026-01-05T00:00:00Z'), false)).toBe('12 Jan');
  });

  it('writes the ticks in the browser’s language, years on the organization’s calendar', () => {
    setClinicTimeZone('America/New_York');
    setClinicLocale('en-US');
    // 03:00 UTC on 1 Jan 2027 is still New Year's Eve in New York.
    expect(tickLabel(at('2027-01-01T03:00:00Z'), null, false)).toBe('Dec 31, 26');
    expect(tickLabel(at('2027-01-01T05:00:00Z'), at('2027-01-01T03:00:00Z'), false)).toBe('Jan 1, 27');
    expect(tickLabel(at('2027-01-02T05:00:00Z'), at('2027-01-01T05:00:00Z'), false)).toBe('Jan 2');
  });
});

describe('labelRows', () => {
  it('puts a label in a second row only when it would overlap the one before', () => {
    expect(
      labelRows([
        { x: 50, width: 60 },
        { x: 80, width: 60 },
        { x: 200, width: 60 },
        { x: 210, width: 60 },
      ]),
    ).toEqual([0, 1, 0, 1]);
  });
});
