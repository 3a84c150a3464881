import type { InstrumentSummary, OutcomeTrend, TrendEvent } from '@kap/shared/contracts';
import type { ChartConfiguration, LegendItem, TooltipItem } from 'chart.js';
import type { AnnotationOptions } from 'chartjs-plugin-annotation';
import { clinicCalendar } from '@kap/web/core/calendar';
import { bandLabel, formatDate, formatDateTime, formatTotal } from '../display/outcome-labels';
import { chartedEvents } from './trend-view';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Band fills from the lowest band (green) to the highest (red). Every instrument charted here
 * scores worse upwards, CGI-I included (7 is "very much worse"). Light fills keep the line and
 * its points readable on top.
 */
const BAND_FILLS = [
  'rgba(67, 160, 71, 0.13)',
  'rgba(175, 180, 43, 0.15)',
  'rgba(251, 192, 45, 0.17)',
  'rgba(245, 124, 0, 0.15)',
  'rgba(211, 47, 47, 0.13)',
];
const LINE_COLOUR = '#0b57d0';
const BASELINE_COLOUR = '#37474f';
/** Dark enough for 4.5:1 against the white chart background (labels are text). */
export const EVENT_COLOURS: Readonly<Record<TrendEvent['kind'], string>> = {
  dosing: '#6a1b9a',
  medical_follow_up: '#00695c',
  course_start: '#37474f',
};

function bandFill(index: number, count: number): string {
  if (count <= 1) return BAND_FILLS[0];
  const position = Math.round((index / (count - 1)) * (BAND_FILLS.length - 1));
  return BAND_FILLS[position];
}

export type TrendChartConfig = ChartConfiguration<'line', { x: number; y: number }[]>;

/** A box in canvas pixels. */
export interface PixelBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface BaselineLabelSpot {
  position: 'start' | 'center' | 'end';
  /** Pixels from the line to the label's centre: negative above, positive below. */
  yAdjust: number;
}

/** Room a point takes around its centre (radius, hover radius and a little air). */
const POINT_ROOM = 7;
const LABEL_FONT_SIZE = 11;
const LABEL_PADDING = 6;
/** Narrower than this (a phone), events get their short names. */
const NARROW_CHART_PX = 480;
/** Room per x-axis tick: "25 Nov 26" at 12 px and a gap. */
const TICK_ROOM_PX = 72;

/**
 * Where the baseline's label goes: the first of end, start, centre, each above then below the
 * line, where it covers no point; null when every place would (the label is then left off — the
 * caption and the badges name the baseline). Measured in pixels once the chart is laid out, as
 * the room a label takes depends on the chart's width.
 */
export function baselineLabelSpot(
  points: readonly { x: number; y: number }[],
  area: PixelBox,
  lineY: number,
  label: { width: number; height: number },
  padding = LABEL_PADDING,
): BaselineLabelSpot | null {
  const gap = 2;
  const half = label.height / 2 + gap;
  // As the annotation plugin places a label: kept `padding` inside the plot's edges.
  const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);
  const centreY = clamp(
    lineY,
    area.top + padding + label.height / 2,
    area.bottom - padding - label.height / 2,
  );
  const spans: Record<BaselineLabelSpot['position'], [number, number]> = {
    end: [area.right - padding - label.width, area.right - padding],
    start: [area.left + padding, area.left + padding + label.width],
    center: [(area.left + area.right - label.width) / 2, (area.left + area.right + label.width) / 2],
  };
  for (const position of ['end', 'start', 'center'] as const) {
    for (const yAdjust of [-half, half]) {
      const box = {
        left: spans[position][0],
        right: spans[position][1],
        top: centreY + yAdjust - label.height / 2,
        bottom: centreY + yAdjust + label.height / 2,
      };
      // Kept inside the plot, or it would be drawn over the axis or clipped.
      if (box.top < area.top || box.bottom > area.bottom) continue;
      const covers = points.some(
        (p) =>
          p.x + POINT_ROOM > box.left &&
          p.x - POINT_ROOM < box.right &&
          p.y + POINT_ROOM > box.top &&
          p.y - POINT_ROOM < box.bottom,
      );
      if (!covers) return { position, yAdjust };
    }
  }
  return null;
}

function overlaps(a: PixelBox, b: PixelBox): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** A label's box, estimated from its length (no canvas needed): generous, so a spot found is free. */
function labelSize(text: string): { width: number; height: number } {
  return {
    width: text.length * LABEL_FONT_SIZE * 0.62 + 2 * LABEL_PADDING,
    height: LABEL_FONT_SIZE * 1.2 + 2 * LABEL_PADDING,
  };
}

/** Steps the x axis may take, shortest first: days, weeks, then calendar months. */
const TICK_STEPS: readonly { days?: number; months?: number }[] = [
  { days: 1 },
  { days: 2 },
  { days: 7 },
  { days: 14 },
  { months: 1 },
  { months: 2 },
  { months: 3 },
  { months: 6 },
  { months: 12 },
];

/**
 * X-axis ticks at midnights of calendar days or months on the organization's calendar (the
 * clinic calendar's zone, like the dates beside them), at most `maxTicks`: the linear axis would
 * otherwise tick at round numbers of milliseconds, which fall at odd hours and repeat a date when
 * the span is short.
 */
export function calendarTicks(
  min: number,
  max: number,
  maxTicks: number,
): { values: number[]; months: boolean } {
  const limit = Math.max(2, maxTicks);
  const firstDay = clinicCalendar.dayOf(min);
  if (!firstDay) return { values: [min, max], months: false };
  for (const step of TICK_STEPS) {
    const values: number[] = [];
    // The days are counted on a UTC Date (no daylight saving there); each is then placed at its
    // midnight in the organization's zone.
    const day = new Date(`${firstDay}T00:00:00Z`);
    if (step.months) {
      day.setUTCDate(1);
      // Months on a grid from January, so "Jan, Apr, Jul" rather than wherever the data start.
      day.setUTCMonth(Math.ceil(day.getUTCMonth() / step.months) * step.months);
    }
    const midnight = () => clinicCalendar.startOfDay(day.toISOString().slice(0, 10));
    const next = () => {
      advance(day, step);
      return midnight();
    };
    let at = midnight();
    while (at < min) at = next();
    while (at <= max && values.length <= limit) {
      values.push(at);
      at = next();
    }
    if (values.length <= limit) return { values, months: !!step.months };
  }
  return { values: [min, max], months: false };
}

function advance(day: Date, step: { days?: number; months?: number }): void {
  if (step.months) day.setUTCMonth(day.getUTCMonth() + step.months);
  else day.setUTCDate(day.getUTCDate() + (step.days ?? 1));
}

/**
 * A tick's words, as short as a phone needs: "5 Jan" on day and week ticks, "Jan" on month
 * ticks; the year joins the first tick and the first of each new year ("5 Jan 27", "Jan 27").
 */
export function tickLabel(value: number, previous: number | null, months: boolean): string {
  const withYear = previous === null || clinicCalendar.year(previous) !== clinicCalendar.year(value);
  if (months) return withYear ? clinicCalendar.monthYear(value) : clinicCalendar.month(value);
  return withYear ? clinicCalendar.shortDate(value) : clinicCalendar.dayMonth(value);
}

/** Short names for a phone's width; the list under the chart has the full words. */
const SHORT_EVENT_LABELS: Readonly<Record<TrendEvent['kind'], string>> = {
  dosing: 'Dose',
  medical_follow_up: 'Medical',
  course_start: 'Course',
};

/**
 * Rows for labels along the top, so that none overlaps its neighbour: each label takes the
 * first row where the label before it in that row ends left of where it starts.
 */
export function labelRows(labels: readonly { x: number; width: number }[], gap = 4): number[] {
  const rowEnds: number[] = [];
  return labels.map(({ x, width }) => {
    const left = x - width / 2;
    let row = rowEnds.findIndex((end) => end + gap <= left);
    if (row === -1) row = rowEnds.length;
    rowEnds[row] = x + width / 2;
    return row;
  });
}

/**
 * The Chart.js configuration of a trend: totals over real time (a linear axis of timestamps, so
 * two weeks and three months apart look different, without the date adapter a time scale needs),
 * the instrument's severity bands as boxes behind the line, the baseline as a dashed line,
 * dosing sessions as triangles along the foot of the chart (a dataset of their own, so they are
 * in the legend and have tooltips), and medical follow-ups and course starts as labelled
 * vertical lines. Patient-reported scores are hollow diamonds. Every annotation is drawn before
 * the line and its points, so no label ever hides a score.
 */
export function buildTrendChart(
  instrument: InstrumentSummary,
  trend: OutcomeTrend,
  seriesName: string,
): TrendChartConfig {
  // Only points with a total are drawn (the C-SSRS screener has none and is shown as a risk strip).
  const totals = trend.points.filter(
    (point): point is typeof point & { total: number } => point.total !== null,
  );
  const points = totals.map((point) => ({ x: Date.parse(point.administeredAt), y: point.total }));
  const patient = totals.map((point) => point.source === 'patient');
  const first = points.length ? Math.min(...points.map((p) => p.x)) : Date.now();
  const last = points.length ? Math.max(...points.map((p) => p.x)) : first;
  const events = chartedEvents(trend);
  const doses = events.filter((event) => event.kind === 'dosing');
  const marked = events.filter((event) => event.kind !== 'dosing');
  const xs = [first, last, ...events.map((e) => e.x)];
  let xMin = Math.min(...xs);
  let xMax = Math.max(...xs);
  // One score (or several on one day) still needs a span; otherwise pad so edge points show whole.
  const pad = xMax - xMin < DAY_MS ? 7 * DAY_MS : (xMax - xMin) * 0.04;
  xMin -= pad;
  xMax += pad;

  const range = instrument.range ?? { min: 0, max: 1 };
  const annotations: Record<string, AnnotationOptions> = {};
  instrument.bands.forEach((band, index) => {
    annotations[`band-${index}`] = {
      type: 'box',
      drawTime: 'beforeDatasetsDraw',
      // Totals are whole numbers: a band 5–9 covers 4.5 to 9.5, so neighbouring bands meet.
      yMin: Math.max(range.min, band.min - 0.5),
      yMax: Math.min(range.max, band.max + 0.5),
      backgroundColor: bandFill(index, instrument.bands.length),
      borderWidth: 0,
      label: {
        // Left off where an event's label along the top would cover it (the course start sits at
        // the left edge, where these are): the caption and the tables name the bands too.
        display: ({ chart }) => {
          const size = labelSize(band.label);
          const y = chart.scales['y'];
          if (!chart.chartArea || !y) return true;
          const centre = y.getPixelForValue(
            (Math.max(range.min, band.min - 0.5) + Math.min(range.max, band.max + 0.5)) / 2,
          );
          const box = {
            left: chart.chartArea.left + LABEL_PADDING,
            right: chart.chartArea.left + LABEL_PADDING + size.width,
            top: centre - size.height / 2,
            bottom: centre + size.height / 2,
          };
          return !eventLabelBoxes(chart).some((other) => overlaps(box, other));
        },
        content: band.label,
        position: { x: 'start', y: 'center' },
        color: '#3c4043',
        font: { size: LABEL_FONT_SIZE },
      },
    };
  });
  doses.forEach((event, index) => {
    // A faint line up from each triangle, to read which scores came after which dose.
    annotations[`dose-${index}`] = {
      type: 'line',
      drawTime: 'beforeDatasetsDraw',
      xMin: event.x,
      xMax: event.x,
      borderColor: 'rgba(106, 27, 154, 0.35)',
      borderWidth: 1,
    };
  });
  // Event labels along the top, in as many rows as they need not to overlap at this width.
  const eventLabel = (event: (typeof marked)[number], width: number) =>
    width < NARROW_CHART_PX ? SHORT_EVENT_LABELS[event.kind] : event.label;
  let rowsFor: { width: number; rows: number[] } | null = null;
  const eventRow = (
    chart: { width: number; scales: Record<string, { getPixelForValue(value: number): number }> },
    index: number,
  ): number => {
    if (rowsFor?.width !== chart.width) {
      const x = chart.scales['x'];
      rowsFor = {
        width: chart.width,
        rows: labelRows(
          marked.map((event) => ({
            x: x.getPixelForValue(event.x),
            width: labelSize(eventLabel(event, chart.width)).width,
          })),
        ),
      };
    }
    return rowsFor.rows[index] ?? 0;
  };
  /** Where the event labels sit, as the plugin places them: at the top, `row` rows down. */
  function eventLabelBoxes(chart: {
    width: number;
    chartArea: PixelBox;
    scales: Record<string, { getPixelForValue(value: number): number }>;
  }): PixelBox[] {
    const x = chart.scales['x'];
    if (!x) return [];
    return marked.map((event, index) => {
      const size = labelSize(eventLabel(event, chart.width));
      const centre = x.getPixelForValue(event.x);
      const top = chart.chartArea.top + LABEL_PADDING + eventRow(chart, index) * (size.height + 2);
      return {
        left: centre - size.width / 2,
        right: centre + size.width / 2,
        top,
        bottom: top + size.height,
      };
    });
  }
  marked.forEach((event, index) => {
    const colour = EVENT_COLOURS[event.kind] ?? BASELINE_COLOUR;
    annotations[`event-${index}`] = {
      type: 'line',
      drawTime: 'beforeDatasetsDraw',
      xMin: event.x,
      xMax: event.x,
      borderColor: colour,
      borderWidth: 1.5,
      borderDash: [3, 3],
      label: {
        display: true,
        drawTime: 'beforeDatasetsDraw',
        content: ({ chart }) => eventLabel(event, chart.width),
        // At the top of the line: the foot is where the dosing triangles sit.
        position: 'end',
        yAdjust: ({ chart }) => eventRow(chart, index) * (labelSize('').height + 2),
        backgroundColor: colour,
        color: '#ffffff',
        font: { size: LABEL_FONT_SIZE },
        padding: LABEL_PADDING,
      },
    };
  });
  if (trend.baseline && trend.baseline.total !== null) {
    const baselineTotal = trend.baseline.total;
    const text = `Baseline ${formatTotal(instrument, baselineTotal)}`;
    const spot = (chart: {
      chartArea: PixelBox;
      scales: Record<string, { getPixelForValue(value: number): number }>;
    }) => {
      const x = chart.scales['x'];
      const y = chart.scales['y'];
      // Before the first layout there is no area yet: keep the label off rather than guess.
      if (!chart.chartArea || !x || !y) return null;
      // The dosing triangles are in the way too when the baseline is low.
      const marks = [...points, ...doses.map((event) => ({ x: event.x, y: range.min }))];
      const pixels = marks.map((p) => ({ x: x.getPixelForValue(p.x), y: y.getPixelForValue(p.y) }));
      return baselineLabelSpot(pixels, chart.chartArea, y.getPixelForValue(baselineTotal), labelSize(text));
    };
    annotations['baseline'] = {
      type: 'line',
      drawTime: 'beforeDatasetsDraw',
      yMin: baselineTotal,
      yMax: baselineTotal,
      borderColor: BASELINE_COLOUR,
      borderWidth: 1.5,
      borderDash: [6, 4],
      label: {
        // Never over a point: placed where there is none, or left off (see baselineLabelSpot).
        display: ({ chart }) => spot(chart) !== null,
        drawTime: 'beforeDatasetsDraw',
        content: text,
        position: ({ chart }) => spot(chart)?.position ?? 'end',
        yAdjust: ({ chart }) => spot(chart)?.yAdjust ?? 0,
        backgroundColor: BASELINE_COLOUR,
        color: '#ffffff',
        font: { size: LABEL_FONT_SIZE },
        padding: LABEL_PADDING,
      },
    };
  }

  const datasets: TrendChartConfig['data']['datasets'] = [
    {
      label: `${seriesName} total`,
      data: points,
      borderColor: LINE_COLOUR,
      backgroundColor: LINE_COLOUR,
      borderWidth: 2,
      // Patient-reported scores as hollow diamonds, the others as filled dots.
      pointStyle: patient.map((own) => (own ? 'rectRot' : 'circle')),
      pointBackgroundColor: patient.map((own) => (own ? '#ffffff' : LINE_COLOUR)),
      pointBorderWidth: patient.map((own) => (own ? 2 : 1)),
      pointRadius: patient.map((own) => (own ? 6 : 4)),
      pointHoverRadius: 7,
      tension: 0,
      fill: false,
    },
  ];
  if (doses.length) {
    datasets.push({
      label: 'Dosing sessions',
      data: doses.map((event) => ({ x: event.x, y: range.min })),
      showLine: false,
      pointStyle: 'triangle',
      pointRadius: 7,
      pointHoverRadius: 9,
      borderColor: EVENT_COLOURS.dosing,
      backgroundColor: EVENT_COLOURS.dosing,
      // At the foot of the chart: drawn whole, over the axis line, not cut in half by the plot's edge.
      clip: false,
    });
  }

  return {
    type: 'line',
    data: { datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      // Drawn at once: motion helps nobody read a clinical chart, and screenshots stay stable.
      animation: false,
      scales: {
        x: {
          type: 'linear',
          min: xMin,
          max: xMax,
          afterBuildTicks: (axis) => {
            const { values, months } = calendarTicks(
              axis.min,
              axis.max,
              Math.floor(axis.width / TICK_ROOM_PX),
            );
            axis.ticks = values.map((value, index) => ({
              value,
              label: tickLabel(value, index ? values[index - 1] : null, months),
            }));
          },
          ticks: {
            // Level, never slanted: the ticks are already few enough to fit side by side.
            maxRotation: 0,
            autoSkip: true,
            callback: (value, index, ticks) => ticks[index]?.label ?? formatDate(Number(value)),
          },
          grid: { display: false },
        },
        y: {
          min: range.min,
          max: range.max,
          // Whole-number ticks; the PEG's one-decimal totals sit between them.
          ticks: { precision: 0 },
          title: { display: true, text: 'Total' },
        },
      },
      plugins: {
        legend: {
          display: true,
          position: 'bottom',
          // Written out rather than taken from the datasets: the line's own entry would take the
          // style of its first point (a diamond when the patient gave it), and "Patient-reported"
          // is a kind of point, not a dataset.
          labels: {
            usePointStyle: true,
            generateLabels: (chart) => {
              const items: LegendItem[] = datasets.map((dataset, index) => ({
                text: dataset.label ?? '',
                datasetIndex: index,
                hidden: !chart.isDatasetVisible(index),
                pointStyle: index === 0 ? 'circle' : 'triangle',
                fillStyle: index === 0 ? LINE_COLOUR : EVENT_COLOURS.dosing,
                strokeStyle: index === 0 ? LINE_COLOUR : EVENT_COLOURS.dosing,
                fontColor: '#3c4043',
                lineWidth: 1,
              }));
              if (patient.some(Boolean)) {
                items.splice(1, 0, {
                  text: 'Patient-reported',
                  pointStyle: 'rectRot',
                  fillStyle: '#ffffff',
                  strokeStyle: LINE_COLOUR,
                  fontColor: '#3c4043',
                  lineWidth: 2,
                });
              }
              return items;
            },
          },
          // Only a dataset's entry shows or hides something; "Patient-reported" only explains.
          onClick: (_event, item, legend) => {
            if (item.datasetIndex === undefined) return;
            legend.chart.setDatasetVisibility(
              item.datasetIndex,
              !legend.chart.isDatasetVisible(item.datasetIndex),
            );
            legend.chart.update();
          },
        },
        tooltip: {
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => {
              if (!items.length) return '';
              const item = items[0];
              return item.datasetIndex === 1
                ? formatDateTime(doses[item.dataIndex]?.at ?? '')
                : formatDate(item.parsed.x ?? 0);
            },
            label: (item: TooltipItem<'line'>) => {
              if (item.datasetIndex === 1) return doses[item.dataIndex]?.label ?? 'Dosing session';
              const point = totals[item.dataIndex];
              if (!point) return `Total ${item.parsed.y}`;
              const band = bandLabel(instrument, point.severity);
              const own = point.source === 'patient' ? ', patient-reported' : '';
              return `Total ${formatTotal(instrument, point.total)}${band ? ` (${band})` : ''}${own}`;
            },
          },
        },
        annotation: { annotations },
      },
    },
  };
}
