import { HttpErrorResponse } from '@angular/common/http';
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  ElementRef,
  inject,
  Injector,
  signal,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { InstrumentSummary, Outcome, OutcomeTrend, TrendPoint } from '@kap/shared/contracts';
import { INSTRUMENT_CODES, isInstrumentCode, type InstrumentCode } from '@kap/shared/domain';
import { AuthStore, errorMessage } from '@kap/web/core';
import { EmptyState, ErrorBanner, PageHeading } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { OutcomesApi } from '../data-access/outcomes-api';
import {
  bandLabel,
  formatDate,
  formatDateTime,
  INSTRUMENT_SHORT_NAMES,
  latestPointBadges,
  signed,
} from '../display/outcome-labels';
import { TrendChart } from './trend-chart';
import { buildTrendChart } from './trend-chart-config';
import { isCharted, itemRows, scoreColumnLabel, splitScores, trendSummary } from './trend-view';
import { VoidScoreDialog, type VoidScoreData } from './void-score-dialog';

export const PATIENT_NOT_FOUND_MESSAGE = 'This patient was not found, or is not shared with you.';
const ENTERING_ROLES = ['therapist', 'prescriber', 'care_coordinator'];

/**
 * One instrument for one patient: the chart of totals with bands, baseline and events; badges for
 * where the latest score stands; the scores as a table (the chart's text alternative, and where a
 * wrong score is voided); the item-level table; and voided scores, kept apart with their reasons.
 */
@Component({
  selector: 'kap-trend-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule, PageHeading, EmptyState, ErrorBanner, TrendChart],
  templateUrl: './trend-page.html',
  styleUrl: './trend-page.scss',
})
export class TrendPage {
  private readonly api = inject(OutcomesApi);
  private readonly auth = inject(AuthStore);
  private readonly dialog = inject(MatDialog);
  private readonly injector = inject(Injector);
  private readonly itemsScroll = viewChild<ElementRef<HTMLElement>>('itemsScroll');

  protected readonly codes = INSTRUMENT_CODES;
  protected readonly shortNames = INSTRUMENT_SHORT_NAMES;
  protected readonly formatDate = formatDate;
  protected readonly formatDateTime = formatDateTime;
  protected readonly signed = signed;
  protected readonly columnLabel = scoreColumnLabel;

  protected readonly patientId = signal('');
  protected readonly code = signal<InstrumentCode | null>(null);
  protected readonly patientName = signal<string | null>(null);
  protected readonly instrument = signal<InstrumentSummary | null>(null);
  protected readonly outcomes = signal<Outcome[]>([]);
  protected readonly trend = signal<OutcomeTrend | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly status = signal('');

  protected readonly shortName = computed(() => {
    const code = this.code();
    return code ? INSTRUMENT_SHORT_NAMES[code] : 'Score';
  });
  protected readonly charted = computed(() => {
    const code = this.code();
    return code ? isCharted(code) : false;
  });
  protected readonly heading = computed(() => (this.charted() ? `${this.shortName()} trend` : `${this.shortName()} history`));
  // Links and query objects built here, not as template literals (see the score entry page).
  protected readonly entryLink = computed(() => `/patients/${this.patientId()}/scores/new`);
  protected readonly entryQuery = computed(() => ({ instrument: this.code() }));
  protected readonly canEnter = computed(() => ENTERING_ROLES.includes(this.auth.user()?.role ?? ''));
  protected readonly scores = computed(() => splitScores(this.outcomes()));
  protected readonly activeOldestFirst = computed(() => [...this.scores().active].reverse());
  protected readonly rows = computed(() => {
    const instrument = this.instrument();
    return instrument ? itemRows(instrument, this.activeOldestFirst()) : [];
  });
  /** Trend points by score, for the change column of the scores table. */
  private readonly pointsById = computed(() => new Map<string, TrendPoint>((this.trend()?.points ?? []).map((p) => [p.outcomeId, p])));
  protected readonly chart = computed(() => {
    const instrument = this.instrument();
    const trend = this.trend();
    return instrument && trend && trend.points.length > 0 ? buildTrendChart(instrument, trend, this.shortName()) : null;
  });
  protected readonly summary = computed(() => {
    const instrument = this.instrument();
    const trend = this.trend();
    return instrument && trend ? trendSummary(instrument, this.shortName(), trend) : '';
  });
  protected readonly badges = computed(() => {
    const code = this.code();
    const trend = this.trend();
    if (!code || !trend) return [];
    return latestPointBadges(code, trend.baseline, trend.points.at(-1) ?? null, trend.reliableChangeThreshold, trend.reliableChangeSource);
  });

  constructor() {
    const subscription = inject(ActivatedRoute).paramMap.subscribe((params) => {
      const id = params.get('id') ?? '';
      const instrument = params.get('instrument');
      void this.load(id, isInstrumentCode(instrument) ? instrument : null);
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  protected severityText(score: Outcome): string {
    return bandLabel(this.instrument(), score.severity);
  }

  protected changeText(score: Outcome): string {
    const point = this.pointsById().get(score.id);
    if (!point) return '—';
    return point.outcomeId === this.trend()?.baseline?.outcomeId ? 'Baseline' : signed(point.changeFromBaseline);
  }

  /** "· total 23 · entered by Dana · voided 6 Feb 2026, 10:00" */
  protected voidedText(score: Outcome): string {
    const result = score.total === null ? this.severityText(score) : `total ${score.total}`;
    const voided = score.voidedAt ? ` · voided ${formatDateTime(score.voidedAt)}` : '';
    return `· ${result} · entered by ${score.enteredBy.displayName}${voided}`;
  }

  protected canVoid(score: Outcome): boolean {
    return !score.voidedAt && score.enteredBy.id === this.auth.user()?.id;
  }

  protected describe(score: Outcome): string {
    const result = score.total === null ? this.severityText(score) : `total ${score.total}`;
    return `${this.shortName()} of ${formatDateTime(score.administeredAt)}, ${result}`;
  }

  protected openVoid(score: Outcome): void {
    const data: VoidScoreData = { outcome: score, description: this.describe(score) };
    const ref = this.dialog.open<VoidScoreDialog, VoidScoreData, Outcome>(VoidScoreDialog, {
      data,
      width: '32rem',
      autoFocus: '#void-reason',
    });
    ref.afterClosed().subscribe((voided) => {
      if (!voided) return;
      this.status.set(`The score of ${formatDateTime(voided.administeredAt)} was voided.`);
      const code = this.code();
      void this.load(this.patientId(), code, { keepStatus: true });
    });
  }

  private async load(patientId: string, code: InstrumentCode | null, options: { keepStatus?: boolean } = {}): Promise<void> {
    this.patientId.set(patientId);
    this.code.set(code);
    this.loading.set(true);
    this.error.set(null);
    if (!options.keepStatus) this.status.set('');
    if (!code) {
      this.error.set('There is no questionnaire with that name.');
      this.loading.set(false);
      return;
    }
    try {
      const [patient, instruments, page, trend] = await Promise.all([
        firstValueFrom(this.api.patient(patientId)),
        this.api.instruments(),
        firstValueFrom(this.api.list(patientId, code)),
        isCharted(code) ? firstValueFrom(this.api.trend(patientId, code)) : Promise.resolve(null),
      ]);
      // A newer navigation (another instrument) may have started meanwhile: keep only the latest.
      if (this.code() !== code || this.patientId() !== patientId) return;
      this.patientName.set(`${patient.preferredName ?? patient.givenName} ${patient.familyName}`);
      this.instrument.set(instruments.find((i) => i.code === code) ?? null);
      this.outcomes.set(page.items);
      this.trend.set(trend);
      // A year of scores is wider than the page: open the item table at its newest columns.
      afterNextRender(
        () => {
          const scroller = this.itemsScroll()?.nativeElement;
          if (scroller) scroller.scrollLeft = scroller.scrollWidth;
        },
        { injector: this.injector },
      );
    } catch (error) {
      this.outcomes.set([]);
      this.trend.set(null);
      this.error.set(error instanceof HttpErrorResponse && error.status === 404 ? PATIENT_NOT_FOUND_MESSAGE : errorMessage(error));
    } finally {
      this.loading.set(false);
    }
  }
}
