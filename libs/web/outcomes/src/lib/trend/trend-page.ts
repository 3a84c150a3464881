import { HttpErrorResponse } from '@angular/common/http';
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  type ComponentRef,
  DestroyRef,
  effect,
  ElementRef,
  inject,
  InjectionToken,
  Injector,
  PendingTasks,
  signal,
  type Type,
  untracked,
  viewChild,
  ViewContainerRef,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { InstrumentSummary, Outcome, OutcomeTrend, TrendPoint } from '@kap/shared/contracts';
import {
  CSSRS_VERSION_1,
  INSTRUMENT_CODES,
  INSTRUMENTS,
  instrumentSummary,
  isInstrumentCode,
  type InstrumentCode,
} from '@kap/shared/domain';
import { AuthStore, errorMessage } from '@kap/web/core';
import { EmptyState, ErrorBanner, PageHeading } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { OutcomesApi } from '../data-access/outcomes-api';
import {
  bandLabel,
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatTotal,
  INSTRUMENT_SHORT_NAMES,
  latestPointBadges,
  signed,
} from '../display/outcome-labels';
import type { TrendChart } from './trend-chart';
import { takeTrendReads, type TrendReads } from './trend-reads';
import {
  chartedEvents,
  hasPatientReported,
  isCharted,
  itemRows,
  riskStrip,
  scoreColumnLabel,
  splitScores,
  trendSummary,
} from './trend-view';

/**
 * Loads the chart component, and Chart.js with it, in a chunk of its own. A dynamic import and
 * `ViewContainerRef.createComponent`, not `@defer` or `NgComponentOutlet`: both were measured to
 * add 3–9 kB to the initial bundle, and neither is needed to place one component. Tests provide a
 * stand-in (jsdom has no canvas).
 */
export const TREND_CHART_COMPONENT = new InjectionToken<() => Promise<Type<TrendChart>>>(
  'TREND_CHART_COMPONENT',
  {
    providedIn: 'root',
    factory: () => () => import('./trend-chart').then((m) => m.TrendChart),
  },
);

/** Resolves after the browser has had a frame to paint what is on the page now. */
function nextFrame(): Promise<void> {
  return new Promise((resolve) =>
    typeof requestAnimationFrame === 'function'
      ? requestAnimationFrame(() => setTimeout(resolve))
      : setTimeout(resolve),
  );
}

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
  imports: [RouterLink, MatButtonModule, PageHeading, EmptyState, ErrorBanner],
  templateUrl: './trend-page.html',
  styleUrl: './trend-page.scss',
})
export class TrendPage {
  private readonly api = inject(OutcomesApi);
  private readonly auth = inject(AuthStore);
  private readonly injector = inject(Injector);
  /** The page's drawing in turns is work Angular waits for (`whenStable`), from the reads to the chart. */
  private readonly pendingTasks = inject(PendingTasks);
  private readonly itemsScroll = viewChild<ElementRef<HTMLElement>>('itemsScroll');
  private readonly loadChartComponent = inject(TREND_CHART_COMPONENT);
  /** Where the chart goes: inside the frame that holds its room while Chart.js loads. */
  private readonly chartHost = viewChild('chartHost', { read: ViewContainerRef });
  /** The chart component, once its chunk is in. */
  private readonly chartComponent = signal<Type<TrendChart> | null>(null);
  private chartRequested = false;
  private chartRef: { host: ViewContainerRef; ref: ComponentRef<TrendChart> } | null = null;
  protected readonly chartFailed = signal(false);

  protected readonly codes = INSTRUMENT_CODES;
  protected readonly shortNames = INSTRUMENT_SHORT_NAMES;
  protected readonly formatDate = formatDate;
  protected readonly formatDateTime = formatDateTime;
  protected readonly signed = signed;
  protected readonly columnLabel = scoreColumnLabel;

  protected readonly patientId = signal('');
  protected readonly code = signal<InstrumentCode | null>(null);
  protected readonly patientName = signal<string | null>(null);
  protected readonly outcomes = signal<Outcome[]>([]);
  protected readonly trend = signal<OutcomeTrend | null>(null);
  /** Whether the scores list is in (and the trend before it, so the tables never push the chart down). */
  protected readonly listed = signal(false);
  /** The item table and the voided scores come a frame after the scores table (see `load`). */
  protected readonly itemsShown = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly status = signal('');
  /** Counts loads, so an answer that arrives after a newer load started is dropped. */
  private loads = 0;

  /** From the shared domain table: no read to wait for (see `instrumentSummary`). */
  protected readonly instrument = computed<InstrumentSummary | null>(() => {
    const code = this.code();
    return code ? instrumentSummary(code) : null;
  });
  protected readonly shortName = computed(() => {
    const code = this.code();
    return code ? INSTRUMENT_SHORT_NAMES[code] : 'Score';
  });
  protected readonly charted = computed(() => {
    const code = this.code();
    return code ? isCharted(code) : false;
  });
  /**
   * "Siobhán O'Connor · Patient Health Questionnaire (PHQ-9)". The questionnaire's name is known at
   * once, so the line is drawn with the heading and the patient's name joins it when it arrives.
   */
  protected readonly lead = computed(() => {
    const code = this.code();
    if (!code) return undefined;
    const name = this.patientName();
    return name ? `${name} · ${INSTRUMENTS[code].name}` : INSTRUMENTS[code].name;
  });
  protected readonly heading = computed(() =>
    this.charted() ? `${this.shortName()} trend` : `${this.shortName()} history`,
  );
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
  private readonly pointsById = computed(
    () => new Map<string, TrendPoint>((this.trend()?.points ?? []).map((p) => [p.outcomeId, p])),
  );
  /** What the chart draws, once the trend is in and has at least one score (totals only). */
  protected readonly chart = computed(() => {
    const instrument = this.instrument();
    const trend = this.trend();
    return instrument && trend && this.charted() && trend.points.length > 0 ? { instrument, trend } : null;
  });
  /** What the chart marks besides the scores, in a list under it: the chart's text alternative for them. */
  protected readonly events = computed(() => {
    const chart = this.chart();
    return chart ? chartedEvents(chart.trend) : [];
  });
  protected readonly hasDoses = computed(() => this.events().some((event) => event.kind === 'dosing'));
  protected readonly hasOtherEvents = computed(() => this.events().some((event) => event.kind !== 'dosing'));
  /** Whether the chart has hollow diamonds to explain. */
  protected readonly patientReported = computed(() => this.charted() && hasPatientReported(this.trend()));
  /** The C-SSRS screens' risk levels over time, oldest first (empty for charted instruments). */
  protected readonly strip = computed(() => {
    const instrument = this.instrument();
    return instrument && !this.charted() ? riskStrip(instrument, this.trend()) : [];
  });
  /** The CGI-I rates the change from the start itself: no "change from baseline" for it. */
  protected readonly showChange = computed(() => this.charted() && this.code() !== 'CGI_I');
  /** Whether the chart has severity bands to explain (the PEG has none). */
  protected readonly hasBands = computed(() => (this.instrument()?.bands.length ?? 0) > 0);
  /** Screens entered before version 2 asked question 6 about the past 3 months and had no question 7. */
  protected readonly hasVersion1 = computed(() =>
    this.scores().active.some((score) => score.instrumentVersion === CSSRS_VERSION_1),
  );
  protected readonly summary = computed(() => {
    const instrument = this.instrument();
    const trend = this.trend();
    return instrument && trend ? trendSummary(instrument, this.shortName(), trend) : '';
  });
  protected readonly badges = computed(() => {
    const code = this.code();
    const trend = this.trend();
    if (!code || !trend) return [];
    return latestPointBadges(
      code,
      trend.baseline,
      trend.points.at(-1) ?? null,
      trend.reliableChangeThreshold,
      trend.reliableChangeSource,
    );
  });

  constructor() {
    const route = inject(ActivatedRoute);
    const subscription = route.paramMap.subscribe((params) => {
      const id = params.get('id') ?? '';
      const instrument = params.get('instrument');
      const code = isInstrumentCode(instrument) ? instrument : null;
      // The route's resolver started this page's reads while its chunks loaded (see trend-reads).
      void this.load(id, code, { early: code ? takeTrendReads(route.snapshot, id, code) : null });
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
    // The chart is placed once its frame is on the page and its chunk is in, whichever comes
    // last, and given the page's current trend whenever that changes (a void reloads it).
    effect(() => {
      const host = this.chartHost();
      const component = this.chartComponent();
      const chart = this.chart();
      this.summary();
      this.shortName();
      if (!host || !component || !chart) return;
      untracked(() => {
        const placed = this.chartRef;
        // The frame is drawn anew when the chart section comes back (another questionnaire); the
        // chart placed in the old one went with it.
        if (placed?.host === host && !placed.ref.hostView.destroyed) {
          this.giveChartInputs(placed.ref);
          return;
        }
        // A frame later: the badges and the chart's empty frame are painted first, and Chart.js's
        // first drawing is a task of its own rather than part of theirs.
        const placing = this.pendingTasks.add();
        void nextFrame()
          .then(() => {
            if (this.chartHost() !== host || !this.chart() || this.chartRef?.host === host) return;
            this.chartRef = { host, ref: host.createComponent(component) };
            this.giveChartInputs(this.chartRef.ref);
          })
          .finally(placing);
      });
    });
  }

  private giveChartInputs(ref: ComponentRef<TrendChart>): void {
    const chart = this.chart();
    if (!chart) return;
    ref.setInput('instrument', chart.instrument);
    ref.setInput('trend', chart.trend);
    ref.setInput('seriesName', this.shortName());
    ref.setInput('summary', this.summary());
  }

  /** Starts loading the chart's chunk (once), after the page's text is drawn (see `load`). */
  private requestChart(): Promise<void> {
    if (this.chartRequested) return Promise.resolve();
    this.chartRequested = true;
    return this.loadChartComponent().then(
      (component) => {
        this.chartFailed.set(false);
        this.chartComponent.set(component);
      },
      () => {
        // Offline, or a new release replaced the chunk: say so in the frame; the next load retries.
        this.chartRequested = false;
        this.chartFailed.set(true);
      },
    );
  }

  protected severityText(score: Outcome): string {
    return bandLabel(this.instrument(), score.severity) || '—';
  }

  protected totalText(score: Outcome): string {
    return formatTotal(this.instrument(), score.total);
  }

  protected changeText(score: Outcome): string {
    const point = this.pointsById().get(score.id);
    if (!point || point.changeFromBaseline === null) return '—';
    return point.outcomeId === this.trend()?.baseline?.outcomeId
      ? 'Baseline'
      : signed(point.changeFromBaseline);
  }

  /** "· total 23 · entered by Dana · voided 6 Feb 2026, 10:00" */
  protected voidedText(score: Outcome): string {
    const result = score.total === null ? this.severityText(score) : `total ${this.totalText(score)}`;
    const voided = score.voidedAt ? ` · voided ${formatDateTime(score.voidedAt)}` : '';
    return `· ${result} · entered by ${score.enteredBy?.displayName ?? 'the patient'}${voided}`;
  }

  /** Who entered a score: a person of the care team, or the patient through a questionnaire link. */
  protected enteredByText(score: Outcome): string {
    return score.enteredBy?.displayName ?? 'The patient';
  }

  /**
   * A dose's time matters (which scores came after it); an update is a date. A course start is a
   * calendar day (sent as its midnight UTC): the same day in every zone.
   */
  protected eventWhen(event: { kind: string; at: string }): string {
    if (event.kind === 'course_start') return formatCalendarDate(event.at);
    return event.kind === 'dosing' ? formatDateTime(event.at) : formatDate(event.at);
  }

  protected canVoid(score: Outcome): boolean {
    // A patient's own answer has no entering user here: nobody voids it from this page.
    return !score.voidedAt && !!score.enteredBy && score.enteredBy.id === this.auth.user()?.id;
  }

  protected describe(score: Outcome): string {
    const result = score.total === null ? this.severityText(score) : `total ${this.totalText(score)}`;
    return `${this.shortName()} of ${formatDateTime(score.administeredAt)}, ${result}`;
  }

  protected async openVoid(score: Outcome): Promise<void> {
    // The dialog, and the forms, form field and overlay code it brings, load on first use: most
    // visits to a trend only read it, and these would otherwise delay the chart on every visit.
    const { openVoidScoreDialog } = await import('./void-score-dialog');
    const ref = openVoidScoreDialog(this.injector, { outcome: score, description: this.describe(score) });
    ref.afterClosed().subscribe((voided) => {
      if (!voided) return;
      this.status.set(`The score of ${formatDateTime(voided.administeredAt)} was voided.`);
      const code = this.code();
      void this.load(this.patientId(), code, { keepStatus: true });
    });
  }

  /**
   * The three reads go out together (on arrival, the route's resolver has already sent them:
   * `early`), and the page is drawn top down as they come in: the patient's name in the lead; the
   * badges and the chart's frame with the trend; the tables with the scores list; then the chart.
   * Each part waits for the parts above it, so nothing already drawn moves, and each is drawn in
   * a task (a frame) of its own. A newer navigation
   * (another instrument) may start meanwhile: only the latest load writes to the page.
   */
  private async load(
    patientId: string,
    code: InstrumentCode | null,
    options: { keepStatus?: boolean; early?: TrendReads | null } = {},
  ): Promise<void> {
    const done = this.pendingTasks.add();
    try {
      await this.loadInTurns(patientId, code, options);
    } finally {
      done();
    }
  }

  private async loadInTurns(
    patientId: string,
    code: InstrumentCode | null,
    options: { keepStatus?: boolean; early?: TrendReads | null },
  ): Promise<void> {
    const load = ++this.loads;
    const latest = () => load === this.loads;
    if (patientId !== this.patientId()) this.patientName.set(null);
    if (patientId !== this.patientId() || code !== this.code()) {
      // Another patient or questionnaire: show nothing of the last one while this one loads.
      this.trend.set(null);
      this.outcomes.set([]);
      this.listed.set(false);
      this.itemsShown.set(false);
    }
    this.patientId.set(patientId);
    this.code.set(code);
    this.error.set(null);
    if (!options.keepStatus) this.status.set('');
    if (!code) {
      this.error.set('There is no questionnaire with that name.');
      return;
    }
    const early = options.early;
    const patient = (early?.patient ?? firstValueFrom(this.api.patient(patientId))).then((found) => {
      if (latest()) this.patientName.set(`${found.preferredName ?? found.givenName} ${found.familyName}`);
    });
    // The badges and chart wait for the name too: it may wrap the lead onto a second line, which
    // would push them down if they were already drawn.
    // Every instrument has a trend: the C-SSRS's is its risk levels over time.
    const trend = Promise.all([
      early?.trend ?? firstValueFrom(this.api.trend(patientId, code)),
      patient,
    ]).then(([found]) => {
      if (latest()) this.trend.set(found);
    });
    const list = Promise.all([early?.list ?? firstValueFrom(this.api.list(patientId, code)), trend]).then(
      async ([page]) => {
        // Let the browser paint the badges and chart first: the tables are the larger part of the
        // page's work, and drawing both in one task would hold the first paint (and input) back.
        if (this.chart()) await nextFrame();
        if (!latest()) return;
        this.outcomes.set(page.items);
        this.listed.set(true);
        // The item table is below the fold and a good part of the page's work: drawing it in a task
        // of its own keeps each task shorter, so the page answers input sooner.
        if (!this.itemsShown()) await nextFrame();
        if (!latest()) return;
        this.itemsShown.set(true);
        // The chart's chunk (Chart.js, ~65 kB compressed, the page's largest download) is asked for
        // once the page's text is drawn, not alongside the reads: on a slow connection it would share
        // the bandwidth with the reads and the page's own chunks and hold back the name, the badges
        // and the tables (measured: Lighthouse's LCP on the trend page ended with the chart chunk).
        // The frame holds the chart's room meanwhile. A trend without scores needs no chart at all.
        // A year of scores is wider than the page: open the item table at its newest columns.
        afterNextRender(
          () => {
            const scroller = this.itemsScroll()?.nativeElement;
            if (!scroller) return;
            const toNewest = () => {
              scroller.scrollLeft = scroller.scrollWidth;
            };
            if (typeof ResizeObserver === 'undefined') {
              toNewest();
              return;
            }
            // Measured when the browser has laid the table out anyway (a ResizeObserver reports
            // then): reading the width here would force that layout inside this task.
            const observer = new ResizeObserver(() => {
              observer.disconnect();
              toNewest();
            });
            observer.observe(scroller);
          },
          { injector: this.injector },
        );
        if (this.chart()) await nextFrame().then(() => this.requestChart());
      },
    );
    try {
      await Promise.all([patient, trend, list]);
    } catch (error) {
      if (!latest()) return;
      // Whatever is still on its way belongs to a failed load: it must not fill the page.
      this.loads++;
      this.outcomes.set([]);
      this.trend.set(null);
      this.listed.set(true);
      this.itemsShown.set(true);
      this.error.set(
        error instanceof HttpErrorResponse && error.status === 404
          ? PATIENT_NOT_FOUND_MESSAGE
          : errorMessage(error),
      );
    }
  }
}

/** For the route loader (`outcomePages`): a default export needs no `.then` in the initial bundle. */
export default TrendPage;
