import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { AuditEventItem } from '@kap/shared/contracts';
import { AuditLogPage } from './audit-log-page';

const event = (id: string, overrides: Partial<AuditEventItem> = {}): AuditEventItem => ({
  id,
  at: '2026-11-25T14:03:07.000Z',
  actorId: 'u-1',
  action: 'patient.read',
  entityType: 'patient',
  entityId: 'p-1',
  patientId: 'p-1',
  outcome: 'success',
  requestId: `r-${id}`,
  ip: '10.0.0.1',
  ...overrides,
});

describe('AuditLogPage', () => {
  let http: HttpTestingController;
  let page: HTMLElement;
  let fixture: ReturnType<typeof TestBed.createComponent<AuditLogPage>>;

  async function settle(): Promise<void> {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  const auditRequest = (): TestRequest => http.expectOne((request) => request.url === '/api/audit');

  async function open(items: AuditEventItem[], nextCursor: string | null = null): Promise<void> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AuditLogPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http
      .expectOne('/api/users?limit=100')
      .flush({ items: [{ id: 'u-1', displayName: 'Dana Whitfield' }], nextCursor: null });
    http.expectOne('/api/patients?limit=200').flush({
      items: [{ id: 'p-1', givenName: 'Ada', familyName: 'Lovelace', preferredName: null }],
      nextCursor: null,
    });
    const first = auditRequest();
    expect(first.request.params.keys().sort()).toEqual(['limit']);
    first.flush({ items, nextCursor });
    await settle();
  }

  afterEach(() => http.verify());

  const cells = (row: Element) =>
    Array.from(row.querySelectorAll('th, td')).map((c) => c.textContent?.trim());
  const buttonNamed = (text: string) =>
    Array.from(page.querySelectorAll('button')).find((b) =>
      b.textContent?.includes(text),
    ) as HTMLButtonElement;

  it('lists who did what with which record, with names for the practice’s people and patients', async () => {
    await open([
      event('e-2', { outcome: 'denied', actorId: 'u-9', patientId: null, action: 'patient.update' }),
      event('e-1'),
    ]);
    const rows = page.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(2);
    expect(cells(rows[0]).slice(1)).toEqual([
      'Outside the practice (u-9)',
      'patient.update',
      '—',
      'Refused',
      'r-e-2',
      '10.0.0.1',
    ]);
    expect(cells(rows[1]).slice(1)).toEqual([
      'Dana Whitfield',
      'patient.read',
      'Ada Lovelace',
      'Done',
      'r-e-1',
      '10.0.0.1',
    ]);
    expect(rows[1].querySelector('time')?.getAttribute('datetime')).toBe('2026-11-25T14:03:07.000Z');
  });

  it('applies the filters (days in the reader’s time zone) and pages on with the cursor', async () => {
    await open([event('e-1')], 'c-1');
    buttonNamed('Show older events').click();
    await settle();
    const older = auditRequest();
    expect(older.request.params.get('cursor')).toBe('c-1');
    older.flush({ items: [event('e-0')], nextCursor: null });
    await settle();
    expect(page.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(buttonNamed('Show older events')).toBeUndefined();

    const select = page.querySelector('select[name="patientId"]') as HTMLSelectElement;
    select.value = 'p-1';
    select.dispatchEvent(new Event('change'));
    const from = page.querySelector('input[name="from"]') as HTMLInputElement;
    from.value = '2026-11-01';
    from.dispatchEvent(new Event('input'));
    await settle();
    buttonNamed('Show events').click();
    await settle();
    const filtered = auditRequest();
    expect(filtered.request.params.get('patientId')).toBe('p-1');
    // The organization's midnight (the web test setup keeps the calendar on UTC).
    expect(filtered.request.params.get('from')).toBe('2026-11-01T00:00:00.000Z');
    expect(filtered.request.params.has('cursor')).toBe(false);
    expect(filtered.request.params.has('actorId')).toBe(false);
    filtered.flush({ items: [], nextCursor: null });
    await settle();
    expect(page.querySelector('tbody')).toBeNull();
    expect(page.querySelector('kap-empty-state')?.textContent).toContain(
      'No audit events match these filters.',
    );
  });

  it('refuses a period that ends before it starts without asking the API', async () => {
    await open([event('e-1')]);
    const set = (name: string, value: string) => {
      const input = page.querySelector(`input[name="${name}"]`) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    set('from', '2026-11-10');
    set('to', '2026-11-01');
    await settle();
    buttonNamed('Show events').click();
    await settle();
    expect(page.querySelector('kap-error-banner')?.textContent).toContain('must not be before');
  });

  it('shows the API’s message when the list cannot be read', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AuditLogPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne('/api/users?limit=100').flush({ items: [], nextCursor: null });
    http.expectOne('/api/patients?limit=200').flush({ items: [], nextCursor: null });
    auditRequest().flush(
      { error: 'forbidden', message: 'Only the practice admin reads the audit log.', requestId: 'r' },
      { status: 403, statusText: 'Forbidden' },
    );
    await settle();
    expect(page.querySelector('kap-error-banner')?.textContent).toContain(
      'Only the practice admin reads the audit log.',
    );
    expect(page.querySelector('kap-empty-state')).toBeNull();
  });
});
