import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import annotationPlugin from 'chartjs-plugin-annotation';
import { BaseChartDirective, provideCharts } from 'ng2-charts';
import type { TrendChartConfig } from './trend-chart-config';

/**
 * The trend chart. Only the Chart.js parts a line chart with annotations needs are registered
 * (stack-notes §8.4; both axes are linear, so neither a category nor a time scale), and this
 * component is reached only through the lazy trend page, so the ~200 kB of Chart.js never touch
 * the initial bundle. The canvas is an image for assistive technology, named by a short summary;
 * the page's tables carry the numbers.
 */
@Component({
  selector: 'kap-trend-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BaseChartDirective],
  providers: [
    provideCharts({
      registerables: [LineController, LineElement, PointElement, LinearScale, Tooltip, Legend, Filler, annotationPlugin],
    }),
  ],
  template: `
    <div class="frame">
      <canvas
        baseChart
        role="img"
        [attr.aria-label]="summary()"
        [type]="'line'"
        [data]="config().data"
        [options]="config().options"
      ></canvas>
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .frame {
      position: relative;
      height: 340px;
      max-width: 64rem;
      padding: 0.5rem;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      background: #ffffff;
    }
  `,
})
export class TrendChart {
  readonly config = input.required<TrendChartConfig>();
  /** What the chart shows, in one or two sentences, for screen readers. */
  readonly summary = input.required<string>();
}
