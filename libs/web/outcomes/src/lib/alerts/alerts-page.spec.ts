import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';
import type { Alert } from '@kap/shared/contracts';
import { of } from 'rxjs';
import { alert } from '../../testing/outcome-fixtures';
import { AlertsPage } from './alerts-page';

describe('AlertsPage', () => {
  let http: HttpTestingController;
  let page: HTMLElement;
  let fixture: ReturnType<typeof TestBed.createComponent<AlertsPage>>;
  let dialogResult: Alert | undefined;

  async function open(items: Alert[]): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
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
    await open([alert(), alert({ id: 'a-2', kind: 'cssrs_moderate_risk', severity: 'warning', patientId: 'p-2', patientName: 'Zoë Fischer' })]);
    expect(rows()).toHaveLength(2);
    const [first, second] = rows();
    expect(first.querySelector('.chip')?.textContent).toBe('Urgent');
    expect(first.querySelector('.kind')?.textContent).toBe('PHQ-9 item 9 (thoughts of self-harm) answered above 0');
    expect(first.querySelector('a')?.getAttribute('href')).toBe('/patients/p-1');
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
    const done = alert({ acknowledgedAt: '2026-11-25T10:00:00.000Z', acknowledgedBy: { id: 'u', displayName: 'Dana Therapist' }, action: 'Called her.' });
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
    expect(page.textContent).toContain('by Dana Therapist');
  });
});
