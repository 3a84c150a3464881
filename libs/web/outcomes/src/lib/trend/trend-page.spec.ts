import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, input, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { InstrumentSummary, Outcome, OutcomeTrend, User } from '@kap/shared/contracts';
import { AuthStore } from '@kap/web/core';
import { adminUser, outcome, patientRecord, phq9Trend, point, therapistUser } from '../../testing/outcome-fixtures';
import { TREND_CHART_COMPONENT, TrendPage } from './trend-page';

/** jsdom has no canvas; the chart's configuration has tests of its own. Here, what the page hands it. */
@Component({ selector: 'kap-trend-chart', template: '<p class="chart-stub">{{ summary() }}</p>' })
class TrendChartStub {
  readonly instrument = input.required<InstrumentSummary>();
  readonly trend = input.required<OutcomeTrend>();
  readonly seriesName = input.required<string>();
  readonly summary = input.required<string>();
}

describe('TrendPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let page: HTMLElement;

  async function open(user: User, outcomes: Outcome[], trend: OutcomeTrend, loadChart = () => Promise.resolve(TrendChartStub)): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'patients/:id/scores/:instrument', component: TrendPage }]),
        { provide: AuthStore, useValue: { user: signal(user).asReadonly() } },
        { provide: TREND_CHART_COMPONENT, useValue: loadChart },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/patients/p-1/scores/PHQ9');
    page = harness.routeNativeElement as HTMLElement;
    http.expectOne('/api/patients/p-1').flush(patientRecord);
    http.expectOne('/api/patients/p-1/outcomes?instrument=PHQ9&limit=200').flush({ items: outcomes, nextCursor: null });
    http.expectOne('/api/patients/p-1/outcomes/trend?instrument=PHQ9').flush(trend);
    await harness.fixture.whenStable();
    // The chart is placed when its (stand-in) chunk is in; the page draws the scores table a
    // frame after the chart, and the item table a frame later.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await harness.fixture.whenStable();
  }

  afterEach(() => http.verify());

  const text = (selector: string) => page.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  it('offers to enter the first score when there is none', async () => {
    await open(therapistUser, [], phq9Trend([]));
    expect(text('h1')).toBe('PHQ-9 trend');
    expect(text('kap-empty-state')).toContain('No PHQ-9 scores yet — enter the first one.');
    expect(page.querySelector('kap-empty-state a')?.getAttribute('href')).toBe('/patients/p-1/scores/new?instrument=PHQ9');
  });

  it('does not offer entry to a practice admin', async () => {
    await open(adminUser, [], phq9Trend([]));
    expect(text('kap-empty-state')).toBe('No PHQ-9 scores yet.');
    expect(page.querySelector('kap-empty-state a')).toBeNull();
  });

  it('shows the badges, the chart summary, the scores, the item table and voided scores apart', async () => {
    const first = outcome('PHQ9', [3, 3, 2, 2, 2, 2, 2, 1, 1], '2026-01-05T10:00:00.000Z');
    const second = outcome('PHQ9', [1, 1, 1, 1, 1, 1, 1, 0, 0], '2026-03-05T10:00:00.000Z', {
      enteredBy: { id: 'someone-else', displayName: 'Dr. Morales' },
    });
    const voided = outcome('PHQ9', [0, 0, 0, 0, 0, 0, 0, 0, 0], '2026-02-05T10:00:00.000Z', {
      voidedAt: '2026-02-06T10:00:00.000Z',
      voidReason: 'Entered for the wrong patient',
    });
    const trend = phq9Trend([point(first.id, first.administeredAt, 18, 'moderately_severe', 18), point(second.id, second.administeredAt, 7, 'mild', 18)]);
    await open(therapistUser, [second, voided, first], trend);

    expect(text('.badges')).toContain('\u221211 from baseline (18)');
    expect(text('.badges')).toContain('Reliable improvement');
    expect(text('.badges')).toContain('Threshold 6 points: NHS Talking Therapies manual');
    // Placed in the frame that held its room while it loaded.
    expect(text('.chart-frame .chart-stub')).toContain('latest 7 (Mild)');

    const scoreRows = Array.from(page.querySelectorAll('table.scores tbody tr'));
    expect(scoreRows.map((row) => row.querySelectorAll('td')[1].textContent?.trim())).toEqual(['7', '18']);
    expect(scoreRows[1].textContent).toContain('Baseline');
    expect(scoreRows[0].textContent).toContain('\u221211');
    // Only the person who entered a score may void it.
    expect(scoreRows[0].querySelector('button')).toBeNull();
    expect(scoreRows[1].querySelector('button')?.textContent).toContain('Void');

    const itemRows = Array.from(page.querySelectorAll('table.items tbody tr'));
    expect(itemRows).toHaveLength(10); // nine items and the total
    expect(itemRows[0].querySelector('th')?.textContent).toContain('1. Little interest');
    expect(itemRows[0].querySelectorAll('td')[1].textContent).toContain('down from 3');
    expect(Array.from(itemRows[9].children, (cell) => cell.textContent?.trim())).toEqual(['Total', '18', '7']);

    expect(text('.voided')).toContain('Reason: Entered for the wrong patient');
  });

  it('says so in the chart frame when the chart cannot be loaded, and still shows the scores', async () => {
    const only = outcome('PHQ9', [1, 1, 1, 1, 1, 1, 1, 0, 0], '2026-03-05T10:00:00.000Z');
    await open(therapistUser, [only], phq9Trend([point(only.id, only.administeredAt, 7, 'mild', 7)]), () => Promise.reject(new Error('offline')));
    expect(text('.chart-frame')).toBe('The chart could not be loaded. The scores table below has the same totals.');
    expect(page.querySelectorAll('table.scores tbody tr')).toHaveLength(1);
  });
});
