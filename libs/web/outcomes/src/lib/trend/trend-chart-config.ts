import type { InstrumentSummary, OutcomeTrend, TrendEvent } from '@kap/shared/contracts';
import type { ChartConfiguration, TooltipItem } from 'chart.js';
import type { AnnotationOptions } from 'chartjs-plugin-annotation';
import { bandLabel, formatDate, formatShortDate, formatTotal } from '../display/outcome-labels';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How far before the first score an event (a course start, say) still belongs on the chart. */
const EVENT_LEAD_MS = 31 * DAY_MS;

/**
 * Band fills from the lowest band (green) to the highest (red). Every instrument charted here
 * scores worse upwards, CGI-I included (7 is "very much worse"). Light fills keep the line and
 * its points readable on top.
 */
const BAND_FILLS = ['rgba(67, 160, 71, 0.13)', 'rgba(175, 180, 43, 0.15)', 'rgba(251, 192, 45, 0.17)', 'rgba(245, 124, 0, 0.15)', 'rgba(211, 47, 47, 0.13)'];
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

/**
 * The Chart.js configuration of a trend: totals over real time (a linear axis of timestamps, so
 * two weeks and three months apart look different, without the date adapter a time scale needs),
 * the instrument's severity bands as boxes behind the line, the baseline as a dashed line, and
 * dosing sessions, medical follow-ups and course starts as labelled vertical lines.
 */
export function buildTrendChart(instrument: InstrumentSummary, trend: OutcomeTrend, seriesName: string): TrendChartConfig {
  // Only points with a total are drawn (the C-SSRS screener has none and is shown as a risk strip).
  const totals = trend.points.filter((point): point is typeof point & { total: number } => point.total !== null);
  const points = totals.map((point) => ({ x: Date.parse(point.administeredAt), y: point.total }));
  const first = points.length ? Math.min(...points.map((p) => p.x)) : Date.now();
  const last = points.length ? Math.max(...points.map((p) => p.x)) : first;
  const events = trend.events
    .map((event) => ({ ...event, x: Date.parse(event.at) }))
    .filter((event) => event.x >= first - EVENT_LEAD_MS && event.x <= last + DAY_MS);
  const xs = [...points.map((p) => p.x), ...events.map((e) => e.x)];
  let xMin = xs.length ? Math.min(...xs) : first;
  let xMax = xs.length ? Math.max(...xs) : last;
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
        display: true,
        content: band.label,
        position: { x: 'start', y: 'center' },
        color: '#3c4043',
        font: { size: 11 },
      },
    };
  });
  if (trend.baseline && trend.baseline.total !== null) {
    annotations['baseline'] = {
      type: 'line',
      yMin: trend.baseline.total,
      yMax: trend.baseline.total,
      borderColor: BASELINE_COLOUR,
      borderWidth: 1.5,
      borderDash: [6, 4],
      label: {
        display: true,
        content: `Baseline ${formatTotal(instrument, trend.baseline.total)}`,
        position: 'end',
        backgroundColor: BASELINE_COLOUR,
        color: '#ffffff',
        font: { size: 11 },
      },
    };
  }
  events.forEach((event, index) => {
    annotations[`event-${index}`] = {
      type: 'line',
      xMin: event.x,
      xMax: event.x,
      borderColor: EVENT_COLOURS[event.kind] ?? BASELINE_COLOUR,
      borderWidth: 1.5,
      borderDash: event.kind === 'dosing' ? undefined : [3, 3],
      label: {
        display: true,
        content: event.label,
        position: 'start',
        // At the foot of the line (early scores sit high, so the lower left is usually free),
        // staggered upwards so labels of events a few days apart do not cover each other.
        yAdjust: -(index % 3) * 22,
        backgroundColor: EVENT_COLOURS[event.kind] ?? BASELINE_COLOUR,
        color: '#ffffff',
        font: { size: 11 },
      },
    };
  });

  return {
    type: 'line',
    data: {
      datasets: [
        {
          label: `${seriesName} total`,
          data: points,
          borderColor: LINE_COLOUR,
          backgroundColor: LINE_COLOUR,
          borderWidth: 2,
          pointRadius: 4,
          pointHoverRadius: 6,
          tension: 0,
          fill: false,
        },
      ],
    },
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
          ticks: { maxTicksLimit: 8, callback: (value) => formatShortDate(Number(value)) },
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
        legend: { display: true, position: 'bottom' },
        tooltip: {
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => (items.length ? formatDate(items[0].parsed.x ?? 0) : ''),
            label: (item: TooltipItem<'line'>) => {
              const point = totals[item.dataIndex];
              if (!point) return `Total ${item.parsed.y}`;
              const band = bandLabel(instrument, point.severity);
              return `Total ${formatTotal(instrument, point.total)}${band ? ` (${band})` : ''}`;
            },
          },
        },
        annotation: { annotations },
      },
    },
  };
}
