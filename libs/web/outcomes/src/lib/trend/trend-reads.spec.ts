import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, inject, input, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ActivatedRoute, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { InstrumentSummary, OutcomeTrend } from '@kap/shared/contracts';
import { INSTRUMENT_CODES } from '@kap/shared/domain';
import { AuthStore } from '@kap/web/core';
import { outcome, patientRecord, phq9Trend, point, therapistUser } from '../../testing/outcome-fixtures';
import { TREND_CHART_COMPONENT, TrendPage } from './trend-page';
import {
  CHARTED_CODES,
  TREND_READS,
  takeTrendReads,
  type TrendReads,
  trendReadsResolver,
} from './trend-reads';
import { isCharted } from './trend-view';

/** jsdom has no canvas: a stand-in with the chart's inputs. */
@Component({ selector: 'kap-trend-chart', template: '' })
class TrendChartStub {
  readonly instrument = input.required<InstrumentSummary>();
  readonly trend = input.required<OutcomeTrend>();
  readonly seriesName = input.required<string>();
  readonly summary = input.required<string>();
}

/** Shows what the resolver left in the route data. */
@Component({ template: '' })
class ReadsProbe {
  readonly route = inject(ActivatedRoute);
}

describe('CHARTED_CODES', () => {
  it('lists the charted instruments as the domain table does', () => {
    expect([...CHARTED_CODES]).toEqual(INSTRUMENT_CODES.filter(isCharted));
  });
});

describe('trendReadsResolver', () => {
  let http: HttpTestingController;

  function setUp(component: typeof TrendPage | typeof ReadsProbe) {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          {
            path: 'patients/:id/scores/:instrument',
            component,
            resolve: { [TREND_READS]: trendReadsResolver },
          },
        ]),
        { provide: AuthStore, useValue: { user: signal(therapistUser).asReadonly() } },
        { provide: TREND_CHART_COMPONENT, useValue: () => Promise.resolve(TrendChartStub) },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  }

  afterEach(() => http.verify());

  it('starts the three reads without holding the navigation up, and hands them out once', async () => {
    setUp(ReadsProbe);
    const harness = await RouterTestingHarness.create();
    // The navigation completes while the reads are still unanswered.
    const probe = await harness.navigateByUrl('/patients/p-1/scores/PHQ9', ReadsProbe);
    http.expectOne('/api/patients/p-1');
    http.expectOne('/api/patients/p-1/outcomes/trend?instrument=PHQ9');
    http.expectOne('/api/patients/p-1/outcomes?instrument=PHQ9&limit=200');

    const snapshot = probe.route.snapshot;
    expect(takeTrendReads(snapshot, 'p-2', 'PHQ9')).toBeNull();
    expect(takeTrendReads(snapshot, 'p-1', 'GAD7')).toBeNull();
    const reads = takeTrendReads(snapshot, 'p-1', 'PHQ9') as TrendReads;
    expect(reads.patientId).toBe('p-1');
    // A later load of the page (after a void) reads afresh.
    expect(takeTrendReads(snapshot, 'p-1', 'PHQ9')).toBeNull();
  });

  it('leaves an instrument without a chart to the page', async () => {
    setUp(ReadsProbe);
    const harness = await RouterTestingHarness.create();
    const probe = await harness.navigateByUrl('/patients/p-1/scores/CSSRS_SCREEN', ReadsProbe);
    expect(probe.route.snapshot.data[TREND_READS]).toBeNull();
  });

  it('lets the trend page draw from the reads it started, asking nothing twice', async () => {
    setUp(TrendPage);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/patients/p-1/scores/PHQ9');
    const only = outcome('PHQ9', [1, 1, 1, 1, 1, 1, 1, 0, 0], '2026-03-05T10:00:00.000Z');
    http.expectOne('/api/patients/p-1').flush(patientRecord);
    http
      .expectOne('/api/patients/p-1/outcomes/trend?instrument=PHQ9')
      .flush(phq9Trend([point(only.id, only.administeredAt, 7, 'mild', 7)]));
    http
      .expectOne('/api/patients/p-1/outcomes?instrument=PHQ9&limit=200')
      .flush({ items: [only], nextCursor: null });
    await harness.fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await harness.fixture.whenStable();

    const page = harness.routeNativeElement as HTMLElement;
    expect(page.textContent).toContain(
      `${patientRecord.preferredName ?? patientRecord.givenName} ${patientRecord.familyName}`,
    );
    expect(page.querySelector('.badges')?.textContent).toContain('from baseline');
    expect(page.querySelectorAll('table.scores tbody tr')).toHaveLength(1);
    // http.verify (afterEach): the page sent no reads of its own.
  });
});
