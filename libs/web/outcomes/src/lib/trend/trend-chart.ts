import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { InstrumentSummary, OutcomeTrend } from '@kap/shared/contracts';
import { Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import annotationPlugin from 'chartjs-plugin-annotation';
import { BaseChartDirective, provideCharts } from 'ng2-charts';
import { buildTrendChart } from './trend-chart-config';

/**
 * The trend chart. Only the Chart.js parts a line chart with annotations needs are registered
 * (tree-shaken registration; both axes are linear, so neither a category nor a time scale). The trend
 * page imports this component (and with it Chart.js, ~200 kB) dynamically, in a chunk of its own
 * asked for once the page's text is drawn, so the page's own code, its heading, its badges and its
 * tables never wait for the chart library (nor share the bandwidth with it). It fills the frame
 * the page reserves for it. The canvas is an image for assistive technology, named by a short
 * summary; the page's tables carry the numbers.
 */
@Component({
  selector: 'kap-trend-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BaseChartDirective],
  providers: [
    provideCharts({
      registerables: [
        LineController,
        LineElement,
        PointElement,
        LinearScale,
        Tooltip,
        Legend,
        Filler,
        annotationPlugin,
      ],
    }),
  ],
  template: `
    <canvas
      baseChart
      role="img"
      [attr.aria-label]="summary()"
      [type]="'line'"
      [data]="config().data"
      [options]="config().options"
    ></canvas>
  `,
  styles: `
    :host {
      /* Chart.js sizes the canvas to this box (responsive, no fixed aspect ratio). */
      display: block;
      position: relative;
      height: 100%;
    }
  `,
})
export class TrendChart {
  readonly instrument = input.required<InstrumentSummary>();
  readonly trend = input.required<OutcomeTrend>();
  /** The line's name in the legend: "PHQ-9" gives "PHQ-9 total". */
  readonly seriesName = input.required<string>();
  /** What the chart shows, in one or two sentences, for screen readers. */
  readonly summary = input.required<string>();

  protected readonly config = computed(() =>
    buildTrendChart(this.instrument(), this.trend(), this.seriesName()),
  );
}
