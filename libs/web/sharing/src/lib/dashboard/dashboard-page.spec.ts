import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { loadUnreadUpdates } from '@kap/web/core';
import { provideRouter } from '@angular/router';
import type { DashboardItem } from '@kap/shared/contracts';
import { dashboardItem, reason } from '../../testing/sharing-fixtures';
import { DashboardPage, unreadText } from './dashboard-page';

describe('DashboardPage', () => {
  let http: HttpTestingController;
  let page: HTMLElement;
  let fixture: ReturnType<typeof TestBed.createComponent<DashboardPage>>;

  async function open(items: DashboardItem[], unread = 0): Promise<void> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DashboardPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne('/api/dashboard').flush({ items });
    // The shell asks for the count on every navigation; the page shows what it holds.
    void TestBed.inject(await loadUnreadUpdates()).refresh();
    http.expectOne('/api/status-updates/unread').flush({ total: unread, byPatient: [] });
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  it('keeps the heading "Today" and lists patients most urgent first, with reasons in plain words', async () => {
    await open(
      [
        dashboardItem({
          patientId: 'p-2',
          patientName: 'Zoë Fischer',
          reasons: [reason({ code: 'measure_overdue', severity: 'info', since: '2026-10-01T00:00:00.000Z' })],
        }),
        dashboardItem({
          reasons: [
            reason({ code: 'documentation_incomplete', severity: 'info', since: '2026-11-20T10:00:00.000Z' }),
            reason({ code: 'integration_due', severity: 'warning', since: '2026-11-24T00:00:00.000Z' }),
          ],
        }),
      ],
      3,
    );
    expect(page.querySelector('h1')?.textContent).toBe('Today');
    const rows = Array.from(page.querySelectorAll<HTMLElement>('.attention > li'));
    expect(rows).toHaveLength(2);
    const link = rows[0].querySelector('a.patient');
    expect(link?.textContent).toBe('José García');
    expect(link?.getAttribute('href')).toBe('/patients/p-1');
    expect(rows[0].className).toContain('severity-warning');
    const reasons = Array.from(rows[0].querySelectorAll('.reason'));
    expect(reasons.map((r) => r.querySelector('.chip')?.textContent)).toEqual(['Warning', 'Information']);
    expect(reasons.map((r) => r.querySelector('.reason-text')?.textContent)).toEqual([
      'Integration session due since 24 Nov',
      'Dosing session not fully documented',
    ]);
    expect(rows[1].textContent).toContain('No PHQ-9 in 30 days');
    expect(page.querySelector('[data-testid="unread-updates"]')?.textContent).toBe(
      '3 unread updates from the care team',
    );
  });

  it('shows an escalated alert first, in words, linking to the alerts', async () => {
    await open([
      dashboardItem({
        patientId: 'p-2',
        patientName: 'Zoë Fischer',
        reasons: [reason({ code: 'open_alert', severity: 'urgent', since: '2026-11-01T09:00:00.000Z' })],
      }),
      dashboardItem({
        reasons: [
          reason({ code: 'open_alert', severity: 'urgent', since: '2026-11-25T08:00:00.000Z' }),
          reason({ code: 'alert_escalated', severity: 'urgent', since: '2026-11-25T08:00:00.000Z' }),
        ],
      }),
    ]);
    const rows = Array.from(page.querySelectorAll<HTMLElement>('.attention > li'));
    expect(rows[0].querySelector('a.patient')?.textContent).toBe('José García');
    const first = rows[0].querySelector('.reason');
    expect(first?.className).toContain('escalated');
    expect(first?.querySelector('.reason-text')?.textContent).toMatch(
      /^Urgent alert not acknowledged for hours/,
    );
    expect(first?.querySelector('a.reason-text')?.getAttribute('href')).toBe('/alerts');
  });

  it('says so when nothing needs attention, and shows no unread count of zero', async () => {
    await open([]);
    expect(page.querySelector('kap-empty-state')?.textContent).toContain(
      'Nothing needs your attention right now.',
    );
    expect(page.querySelector('[data-testid="unread-updates"]')).toBeNull();
  });

  it('words the unread count', () => {
    expect(unreadText(0)).toBe('');
    expect(unreadText(1)).toBe('1 unread update from the care team');
    expect(unreadText(4)).toBe('4 unread updates from the care team');
  });
});
