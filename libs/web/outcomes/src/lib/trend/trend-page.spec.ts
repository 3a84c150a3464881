import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, input, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { InstrumentSummary, Outcome, OutcomeTrend, TrendPoint, User } from '@kap/shared/contracts';
import { CSSRS_VERSION_1 } from '@kap/shared/domain';
import { AuthStore, setClinicTimeZone } from '@kap/web/core';
import {
  adminUser,
  outcome,
  patientRecord,
  phq9Trend,
  point,
  therapistUser,
} from '../../testing/outcome-fixtures';
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

  async function open(
    user: User,
    outcomes: Outcome[],
    trend: OutcomeTrend,
    loadChart = () => Promise.resolve(TrendChartStub),
    code = 'PHQ9',
  ): Promise<void> {
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
    await harness.navigateByUrl(`/patients/p-1/scores/${code}`);
    page = harness.routeNativeElement as HTMLElement;
    http.expectOne('/api/patients/p-1').flush(patientRecord);
    http
      .expectOne(`/api/patients/p-1/outcomes?instrument=${code}&limit=200`)
      .flush({ items: outcomes, nextCursor: null });
    http.expectOne(`/api/patients/p-1/outcomes/trend?instrument=${code}`).flush(trend);
    // The page draws the scores table a frame after the chart's frame, the item table a frame
    // later, then places the chart when its (stand-in) chunk is in; it tells Angular it is busy
    // until then, so stable means all of it is on the page.
    await harness.fixture.whenStable();
    expect(settled()).toBe(true);
  }

  /** Whether the page has drawn everything it will: the tables (or the empty state) and the chart (or why not). */
  function settled(): boolean {
    const frame = page.querySelector('.chart-frame');
    // The stand-in chart counts once it shows its summary: an element bound but not yet rendered
    // is empty, and ending the test then leaves its pending render to a destroyed injector (NG0205).
    const chartDone =
      !frame ||
      !!frame.querySelector('.chart-missing') ||
      !!frame.querySelector('.chart-stub')?.textContent?.trim();
    return chartDone && !!page.querySelector('#items-heading, kap-empty-state');
  }

  afterEach(() => http.verify());

  const text = (selector: string) =>
    page.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  it('offers to enter the first score when there is none', async () => {
    await open(therapistUser, [], phq9Trend([]));
    expect(text('h1')).toBe('PHQ-9 trend');
    expect(text('kap-empty-state')).toContain('No PHQ-9 scores yet — enter the first one.');
    expect(page.querySelector('kap-empty-state a')?.getAttribute('href')).toBe(
      '/patients/p-1/scores/new?instrument=PHQ9',
    );
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
    const trend = phq9Trend([
      point(first.id, first.administeredAt, 18, 'moderately_severe', 18),
      point(second.id, second.administeredAt, 7, 'mild', 18),
    ]);
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
    expect(Array.from(itemRows[9].children, (cell) => cell.textContent?.trim())).toEqual([
      'Total',
      '18',
      '7',
    ]);

    expect(text('.voided')).toContain('Reason: Entered for the wrong patient');
  });

  const stubChart = () => Promise.resolve(TrendChartStub);
  const trendOf = (
    instrument: OutcomeTrend['instrument'],
    points: TrendPoint[],
    threshold: number | null = null,
  ): OutcomeTrend => ({
    ...phq9Trend(points),
    instrument,
    baseline: instrument === 'CSSRS_SCREEN' ? null : (points[0] ?? null),
    reliableChangeThreshold: threshold,
    reliableChangeSource: null,
  });

  it('shows the C-SSRS screens as a risk strip over time, version 1 screens as they were, and no chart', async () => {
    const v1 = outcome(
      'CSSRS_SCREEN',
      [false, false, false, false, false, false, false],
      '2026-01-05T12:00:00.000Z',
      {
        instrumentVersion: CSSRS_VERSION_1,
        items: [false, false, false, false, false, true],
        severity: 'high',
        flags: ['cssrs_high_risk'],
      },
    );
    const v2 = outcome(
      'CSSRS_SCREEN',
      [true, false, false, false, false, false, false],
      '2026-03-05T12:00:00.000Z',
    );
    const screen = (o: Outcome): TrendPoint => ({
      outcomeId: o.id,
      administeredAt: o.administeredAt,
      total: null,
      severity: o.severity,
      changeFromBaseline: null,
      reliableChange: 'none',
      response: false,
      remission: false,
      source: o.source,
    });
    await open(
      therapistUser,
      [v2, v1],
      trendOf('CSSRS_SCREEN', [screen(v1), screen(v2)]),
      stubChart,
      'CSSRS_SCREEN',
    );
    expect(text('h1')).toBe('C-SSRS screen history');
    expect(
      Array.from(page.querySelectorAll('.risk-strip li'), (li) =>
        li.textContent?.replace(/\s+/g, ' ').trim(),
      ),
    ).toEqual(['5 Jan 2026: High risk', '5 Mar 2026: Low risk']);
    expect(page.querySelector('.risk-strip li')?.className).toContain('risk-high');
    expect(page.querySelector('.chart-frame')).toBeNull();
    expect(page.querySelector('.badges')).toBeNull();
    const items = Array.from(page.querySelectorAll('table.items tbody tr'));
    expect(items).toHaveLength(7);
    expect(
      Array.from(items[6].querySelectorAll('td'), (td) => td.textContent?.replace(/\s+/g, ' ').trim()),
    ).toEqual(['— , not asked in this version', 'No']);
    expect(text('section:has(#items-heading)')).toContain(
      'Screens entered before version 2 asked question 6 about the past 3 months',
    );
  });

  it('shows no change from baseline for the CGI-I, which rates the change itself', async () => {
    const first = outcome('CGI_I', [3], '2026-01-05T12:00:00.000Z');
    const later = outcome('CGI_I', [2], '2026-03-05T12:00:00.000Z');
    const cgi = (o: Outcome, total: number): TrendPoint => ({
      ...point(o.id, o.administeredAt, total, o.severity ?? '', 3),
      response: total <= 2,
    });
    await open(
      therapistUser,
      [later, first],
      trendOf('CGI_I', [cgi(first, 3), cgi(later, 2)]),
      stubChart,
      'CGI_I',
    );
    expect(text('table.scores thead')).not.toContain('Change from baseline');
    expect(text('.badges')).not.toContain('from baseline');
    expect(text('.badges')).toContain('Response');
    expect(text('.chart-frame .chart-stub')).not.toContain('change');
  });

  it('writes PEG totals with one decimal and no severity bands', async () => {
    const first = outcome('PEG', [7, 6, 7], '2026-01-05T12:00:00.000Z');
    const later = outcome('PEG', [6, 6, 6], '2026-03-05T12:00:00.000Z');
    const peg = (o: Outcome, total: number, change: number): TrendPoint => ({
      ...point(o.id, o.administeredAt, total, '', 6.7),
      severity: null,
      changeFromBaseline: change,
      reliableChange: 'none',
      response: false,
      remission: false,
    });
    await open(
      therapistUser,
      [later, first],
      trendOf('PEG', [peg(first, 6.7, 0), peg(later, 6, -0.7)]),
      stubChart,
      'PEG',
    );
    const rows = Array.from(page.querySelectorAll('table.scores tbody tr'), (row) =>
      Array.from(row.querySelectorAll('td'), (td) => td.textContent?.trim()),
    );
    expect(rows.map((cells) => cells.slice(1, 4))).toEqual([
      ['6.0', '—', '\u22120.7'],
      ['6.7', '—', 'Baseline'],
    ]);
    expect(text('.legend-note')).not.toContain('Shaded bands');
    expect(text('.badges')).toContain('\u22120.7 from baseline (6.7)');
    expect(text('.badges')).toContain('No response yet');
    expect(text('.badges')).not.toContain('Remission');
  });

  it('lists what the chart marks, dosing sessions with their time, and marks patient-reported scores', async () => {
    const first = outcome('PHQ9', [3, 3, 2, 2, 2, 2, 2, 1, 1], '2026-01-05T10:00:00.000Z');
    // The patient's own answer through a questionnaire link has no entering user.
    const own = outcome('PHQ9', [1, 1, 1, 1, 1, 1, 1, 0, 0], '2026-03-05T10:00:00.000Z', {
      source: 'patient',
      enteredBy: null,
    });
    const events = [
      { at: '2026-01-02T00:00:00.000Z', kind: 'course_start' as const, label: 'Course started' },
      { at: '2026-01-20T15:00:00.000Z', kind: 'dosing' as const, label: 'Dose 150 mg' },
    ];
    const trend = phq9Trend(
      [
        point(first.id, first.administeredAt, 18, 'moderately_severe', 18),
        { ...point(own.id, own.administeredAt, 7, 'mild', 18), source: 'patient' },
      ],
      events,
    );
    // On New York's calendar the course start's midnight UTC is the evening before: still 2 Jan.
    setClinicTimeZone('America/New_York');
    await open(therapistUser, [own, first], trend);
    const rows = Array.from(page.querySelectorAll('table.events tbody tr'), (row) =>
      Array.from(row.querySelectorAll('td'), (td) => td.textContent?.trim()),
    );
    expect(rows).toEqual([
      ['2 Jan 2026', 'Course started'],
      ['20 Jan 2026, 10:00', 'Dose 150 mg'],
    ]);
    expect(text('.legend-note')).toContain('Purple triangles along the foot: dosing sessions.');
    expect(text('.legend-note')).toContain('Hollow diamonds: patient-reported scores.');
    expect(text('.chart-frame .chart-stub')).toContain('Marked: 1 dosing session, 1 course start.');
    const scoreRows = Array.from(page.querySelectorAll('table.scores tbody tr'));
    expect(scoreRows[0].textContent?.replace(/\s+/g, ' ')).toContain('The patient · patient-reported');
    expect(scoreRows[0].querySelector('button')).toBeNull();
    expect(scoreRows[1].textContent).not.toContain('patient-reported');
  });

  it('says so in the chart frame when the chart cannot be loaded, and still shows the scores', async () => {
    const only = outcome('PHQ9', [1, 1, 1, 1, 1, 1, 1, 0, 0], '2026-03-05T10:00:00.000Z');
    await open(therapistUser, [only], phq9Trend([point(only.id, only.administeredAt, 7, 'mild', 7)]), () =>
      Promise.reject(new Error('offline')),
    );
    expect(text('.chart-frame')).toBe(
      'The chart could not be loaded. The scores table below has the same totals.',
    );
    expect(page.querySelectorAll('table.scores tbody tr')).toHaveLength(1);
  });
});
