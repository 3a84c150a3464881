import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';
import { signal } from '@angular/core';
import type { Alert, User } from '@kap/shared/contracts';
import { AuthStore } from '@kap/web/core';
import { of } from 'rxjs';
import { alert } from '../../testing/outcome-fixtures';
import { AlertsPage } from './alerts-page';

describe('AlertsPage', () => {
  let http: HttpTestingController;
  let page: HTMLElement;
  let fixture: ReturnType<typeof TestBed.createComponent<AlertsPage>>;
  let dialogResult: Alert | undefined;

  async function open(items: Alert[], user: Partial<User> | null = null): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        ...(user ? [{ provide: AuthStore, useValue: { user: signal(user).asReadonly() } }] : []),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: MatDialog, useValue: { open: vi.fn(() => ({ afterClosed: () => of(dialogResult) })) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AlertsPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne('/api/alerts?status=open&limit=50').flush({ items, nextCursor: null });
    await settle();
  }

  async function settle(): Promise<void> {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  const rows = () => Array.from(page.querySelectorAll('li.alert'));

  it('lists open alerts in the API order, in plain words, with the patient link and a severity chip', async () => {
    await open([
      alert(),
      alert({
        id: 'a-2',
        kind: 'cssrs_moderate_risk',
        severity: 'warning',
        patientId: 'p-2',
        patientName: 'Zoë Fischer',
      }),
    ]);
    expect(rows()).toHaveLength(2);
    const [first, second] = rows();
    expect(first.querySelector('.chip')?.textContent).toBe('Urgent');
    expect(first.querySelector('.kind')?.textContent).toBe(
      'PHQ-9 item 9 (thoughts of self-harm) answered above 0',
    );
    expect(first.querySelector('.summary')?.textContent).toBe(
      'PHQ-9 item 9 (thoughts of self-harm) answered 2 on 25 Nov 2026',
    );
    expect(first.querySelector('a')?.getAttribute('href')).toBe('/patients/p-1');
    expect(first.querySelector('a[href="/patients/p-1/scores/PHQ9"]')?.textContent).toBe(
      'See the PHQ-9 scores',
    );
    expect(Array.from(first.querySelectorAll('.sides li')).map((li) => li.textContent?.trim())).toEqual([
      'Waiting for the practice',
      'Waiting for the medical team',
    ]);
    expect(first.querySelector('a')?.textContent).toBe('José García');
    expect(first.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-25T09:30:00.000Z');
    expect(second.querySelector('.chip')?.textContent).toBe('Warning');
    expect(second.textContent).toContain('Zoë Fischer');
    expect(page.textContent).toContain('not monitored around the clock');
  });

  it('says so when there is nothing open', async () => {
    await open([]);
    expect(page.querySelector('kap-empty-state')?.textContent).toContain('No open alerts.');
  });

  it('drops an alert from the open list once acknowledged, and shows acknowledged ones on request', async () => {
    await open([alert()]);
    const done = alert({
      acknowledgedAt: '2026-11-25T10:00:00.000Z',
      acknowledgedBy: { id: 'u', displayName: 'Dana Therapist' },
      action: 'Called her.',
    });
    dialogResult = done;
    page.querySelector<HTMLButtonElement>('li.alert button')?.click();
    await settle();
    expect(rows()).toHaveLength(0);
    expect(page.querySelector('[role="status"]')?.textContent).toContain('Acknowledged: PHQ-9 item 9');

    page.querySelector<HTMLButtonElement>('mat-slide-toggle button')?.click();
    await settle();
    http.expectOne('/api/alerts?status=acknowledged&limit=50').flush({ items: [done], nextCursor: null });
    await settle();
    expect(page.textContent).toContain('What was done: Called her.');
    expect(page.textContent).toMatch(
      /Acknowledged by the practice: Dana Therapist, 25 Nov 2026, \d\d:\d\d\. What was done: Called her\./,
    );
  });

  it('shows the summary, "Escalated", each side’s acknowledgement and the session it came from', async () => {
    const escalated = alert({
      id: 'a-3',
      kind: 'dose_outside_plan',
      severity: 'warning',
      sourceType: 'session',
      sourceId: 's-9',
      summary: 'Dose of 450 mg on 4 Dec 2026 is outside the plan of 100–300 mg',
      escalated: true,
      acknowledgements: [
        {
          side: 'medical_team',
          by: { id: 'u-p', displayName: 'Dr. Elena Morales, MD' },
          at: '2026-12-04T10:00:00.000Z',
          action: 'Called the therapist.',
        },
      ],
    });
    await open([escalated]);
    const [row] = rows();
    expect(row.textContent).toContain('Escalated: not acknowledged for hours');
    expect(row.querySelector('.summary')?.textContent).toBe(
      'Dose of 450 mg on 4 Dec 2026 is outside the plan of 100–300 mg',
    );
    const source = Array.from(row.querySelectorAll('a')).find((a) => a.textContent === 'See the session');
    expect(source?.getAttribute('href')).toBe('/patients/p-1/sessions/s-9');
    const sides = Array.from(row.querySelectorAll('.sides li')).map((li) => li.textContent?.trim());
    expect(sides[0]).toBe('Waiting for the practice');
    expect(sides[1]).toMatch(
      /^Acknowledged by the medical team: Dr\. Elena Morales, MD, 4 Dec 2026, \d\d:\d\d\. What was done: Called the therapist\.$/,
    );
    expect(row.querySelector('button')?.textContent).toContain('Acknowledge');
  });

  it('reloads the open list when the caller’s side had already acknowledged the alert', async () => {
    await open([alert()]);
    dialogResult = 'refresh' as unknown as Alert;
    page.querySelector<HTMLButtonElement>('li.alert button')?.click();
    await settle();
    http.expectOne('/api/alerts?status=open&limit=50').flush({ items: [], nextCursor: null });
    await settle();
    expect(rows()).toHaveLength(0);
    expect(page.querySelector('[role="status"]')?.textContent).toContain('already acknowledged by your side');
  });

  it('offers a practice admin no acknowledge button, and says who acknowledges', async () => {
    await open([alert()], { role: 'practice_admin', organizationKind: 'practice' });
    expect(rows()).toHaveLength(1);
    expect(rows()[0].querySelector('button')).toBeNull();
    expect(page.textContent).toContain(
      "Alerts are acknowledged by the patient's therapist and the medical team",
    );
  });

  it('shows a prescriber the team’s side first', async () => {
    await open([alert()], { role: 'prescriber', organizationKind: 'medical_team' });
    expect(Array.from(rows()[0].querySelectorAll('.sides li')).map((li) => li.textContent?.trim())).toEqual([
      'Waiting for the medical team',
      'Waiting for the practice',
    ]);
    expect(rows()[0].querySelector('button')?.textContent).toContain('Acknowledge');
  });
});
