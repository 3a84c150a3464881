import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import type { OutcomeTrend } from '@kap/shared/contracts';
import { errorMessage } from '@kap/web/core';
import { firstValueFrom } from 'rxjs';
import { PatientsApi } from '../../data-access/patients-api';
import { instrumentsInUse, latestScoreRows, SPARKLINE_HEIGHT, SPARKLINE_WIDTH } from './latest-score-rows';

/**
 * The latest score of each instrument in use, with its change from the intake baseline and a
 * sparkline of its totals (from the same trend answers: no further request). The
 * API's trend computes the baseline (it depends on the course's start and the practice's time
 * zone), so the page asks it once per instrument in use rather than repeat the rule.
 */
@Component({
  selector: 'kap-latest-scores',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  templateUrl: './latest-scores.html',
  styleUrl: './latest-scores.scss',
})
export class LatestScores {
  private readonly api = inject(PatientsApi);

  readonly patientId = input.required<string>();

  private readonly trends = signal<OutcomeTrend[]>([]);
  protected readonly loading = signal(true);
  /** Loaded (or failed): the page shows what follows this section only then, so this section never pushes it down. */
  readonly settled = computed(() => !this.loading());
  protected readonly error = signal<string | null>(null);
  protected readonly rows = computed(() => latestScoreRows(this.patientId(), this.trends()));
  protected readonly sparklineWidth = SPARKLINE_WIDTH;
  protected readonly sparklineHeight = SPARKLINE_HEIGHT;

  constructor() {
    effect(() => {
      const id = this.patientId();
      untracked(() => void this.load(id));
    });
  }

  private async load(id: string): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    this.trends.set([]);
    try {
      const scores = await firstValueFrom(this.api.outcomes(id));
      const instruments = instrumentsInUse(
        scores.items.filter((score) => !score.voidedAt).map((score) => score.instrument),
      );
      const trends = await Promise.all(
        instruments.map((instrument) => firstValueFrom(this.api.trend(id, instrument))),
      );
      if (id !== this.patientId()) return;
      this.trends.set(trends);
    } catch (error) {
      if (id !== this.patientId()) return;
      this.error.set(`The latest scores could not be loaded (${errorMessage(error)}).`);
    } finally {
      if (id === this.patientId()) this.loading.set(false);
    }
  }
}
