import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap, provideRouter } from '@angular/router';
import type { User } from '@kap/shared/contracts';
import { AuthStore } from '@kap/web/core';
import { of } from 'rxjs';
import { packet } from '../../testing/sharing-fixtures';
import { NO_RELEASE_MESSAGE, PacketPage } from './packet-page';

const person = (role: User['role'], organizationKind: User['organizationKind']): User => ({
  id: 'u-1',
  email: 'x@demo.test',
  displayName: 'Someone',
  role,
  organizationId: 'o-1',
  organizationKind,
});

describe('PacketPage', () => {
  let http: HttpTestingController;
  let page: HTMLElement;
  let fixture: ReturnType<typeof TestBed.createComponent<PacketPage>>;
  let writeText: ReturnType<typeof vi.fn>;

  async function settle(): Promise<void> {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  async function open(user: User = person('therapist', 'practice')): Promise<void> {
    writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: ActivatedRoute, useValue: { paramMap: of(convertToParamMap({ id: 'p-1' })) } },
        { provide: AuthStore, useValue: { user: signal(user).asReadonly() } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PacketPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http
      .expectOne((req) => req.url === '/api/patients/p-1/follow-up-packet' && req.responseType === 'json')
      .flush(packet());
    await settle();
  }

  const button = (text: string) =>
    Array.from(page.querySelectorAll<HTMLButtonElement>('button')).find(
      (b) => b.textContent?.trim() === text,
    ) as HTMLButtonElement;

  afterEach(() => http.verify());

  it('renders the packet as a document, with the out-of-range reading marked', async () => {
    await open();
    expect(page.querySelector('h2')?.textContent).toBe('Follow-up packet: José García');
    const cells = Array.from(page.querySelectorAll<HTMLTableCellElement>('table.vitals td.out-of-range'));
    expect(cells).toHaveLength(1);
    expect(cells[0].textContent).toBe('172 (above limit 160)');
    const rows = page.querySelectorAll('table.vitals tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0].querySelectorAll('td.out-of-range')).toHaveLength(0);
    expect(page.querySelector('table.scores')?.textContent).toContain('Reliable improvement');
    expect(page.textContent).toContain('Should the dose stay at 200 mg?');
  });

  it('copies the API text with the clipboard and says so politely', async () => {
    await open();
    button('Copy as text').click();
    await fixture.whenStable();
    const req = http.expectOne(
      (r) => r.url === '/api/patients/p-1/follow-up-packet' && r.responseType === 'text',
    );
    expect(req.request.headers.get('Accept')).toBe('text/plain');
    req.flush('FOLLOW-UP PACKET\nJosé García');
    await settle();
    expect(writeText).toHaveBeenCalledWith('FOLLOW-UP PACKET\nJosé García');
    const status = page.querySelector('[role="status"]');
    expect(status?.getAttribute('aria-live')).toBe('polite');
    expect(status?.textContent).toContain('Packet copied as text');
  });

  it('sends with the optional note, and shows the release message on 409', async () => {
    await open();
    button('Send to the medical team').click();
    await settle();
    const textarea = page.querySelector<HTMLTextAreaElement>('#packet-note') as HTMLTextAreaElement;
    textarea.value = 'Please review the peak reading.';
    textarea.dispatchEvent(new Event('input'));
    button('Send packet').click();
    await settle();
    const first = http.expectOne('/api/patients/p-1/follow-up-packet/send');
    expect(first.request.body).toEqual({ note: 'Please review the peak reading.' });
    expect(first.request.headers.get('Idempotency-Key')).toBeTruthy();
    first.flush(
      {
        error: 'release_of_information_required',
        message: 'Nothing can be shared with the medical team without a signed release.',
      },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    // The API's code, answered with what to do about it.
    expect(page.querySelector('.send-form kap-error-banner')?.textContent?.trim()).toBe(NO_RELEASE_MESSAGE);
    expect(NO_RELEASE_MESSAGE).toContain(
      'Record a signed, unexpired release of information in the care team panel',
    );

    button('Send packet').click();
    await settle();
    http.expectOne('/api/patients/p-1/follow-up-packet/send').flush({ id: 'u-9' });
    await settle();
    expect(page.querySelector('.send-form')).toBeNull();
    expect(page.querySelector('[role="status"]')?.textContent).toContain('Packet sent to the medical team');
  });

  it('offers printing and copying but not sending to the medical team and the practice admin', async () => {
    for (const user of [
      person('prescriber', 'medical_team'),
      person('care_coordinator', 'medical_team'),
      person('practice_admin', 'practice'),
    ]) {
      await open(user);
      expect(button('Print')).toBeTruthy();
      expect(button('Copy as text')).toBeTruthy();
      expect(button('Send to the medical team')).toBeUndefined();
      http.verify();
      TestBed.resetTestingModule();
    }
  });

  it('shows alert severities with the shared chip', async () => {
    await open();
    expect(page.querySelector('kap-severity-chip .chip')?.textContent).toBe('Warning');
  });
});
