import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap } from '@angular/router';
import type { CreatedQuestionnaireRequest, QuestionnaireRequest } from '@kap/shared/contracts';
import { of } from 'rxjs';
import { QuestionnairesSection } from './questionnaires-section';

const LIST_URL = '/api/patients/p-1/questionnaire-requests';

function request(overrides: Partial<QuestionnaireRequest> = {}): QuestionnaireRequest {
  return {
    id: 'qr-1',
    patientId: 'p-1',
    courseId: null,
    instruments: ['PHQ9'],
    status: 'open',
    createdAt: '2026-11-20T09:00:00.000Z',
    expiresAt: '2026-11-23T09:00:00.000Z',
    completedAt: null,
    cancelledAt: null,
    origin: 'therapist',
    mailed: false,
    ...overrides,
  };
}

describe('QuestionnairesSection', () => {
  let http: HttpTestingController;
  let page: HTMLElement;
  let fixture: ReturnType<typeof TestBed.createComponent<QuestionnairesSection>>;

  async function settle(): Promise<void> {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  async function open(items: QuestionnaireRequest[]): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: ActivatedRoute, useValue: { paramMap: of(convertToParamMap({ id: 'p-1' })) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(QuestionnairesSection);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne(LIST_URL).flush(items);
    await settle();
  }

  afterEach(() => http.verify());

  const text = (selector: string) =>
    page.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  const button = (label: string) =>
    Array.from(page.querySelectorAll('button')).find((b) =>
      b.textContent?.replace(/\s+/g, ' ').trim().startsWith(label),
    ) as HTMLButtonElement;
  /** Each request as read: its lines (and buttons) one after the other. */
  const rows = () =>
    Array.from(page.querySelectorAll('.requests li')).map((li) =>
      Array.from(li.children)
        .map((line) => line.textContent?.replace(/\s+/g, ' ').trim())
        .join(' '),
    );

  async function tick(name: string): Promise<void> {
    const label = Array.from(page.querySelectorAll('label.check')).find((l) => l.textContent?.includes(name));
    label?.querySelector('input')?.click();
    await settle();
  }

  it('lists the requests newest first with their state and dates; only an open one can be cancelled', async () => {
    await open([
      request({
        id: 'qr-old',
        status: 'completed',
        instruments: ['PHQ9', 'GAD7'],
        createdAt: '2026-11-01T09:00:00.000Z',
        completedAt: '2026-11-01T18:30:00.000Z',
      }),
      request({ id: 'qr-new', origin: 'plan' }),
      request({
        id: 'qr-x',
        status: 'cancelled',
        createdAt: '2026-11-10T09:00:00.000Z',
        cancelledAt: '2026-11-11T10:00:00.000Z',
      }),
      request({
        id: 'qr-e',
        status: 'expired',
        createdAt: '2026-11-05T09:00:00.000Z',
        expiresAt: '2026-11-08T09:00:00.000Z',
      }),
    ]);
    expect(text('h2')).toBe('Questionnaires');
    expect(page.querySelector('h2')?.id).toBe('questionnaires-heading');
    expect(rows()).toEqual([
      'PHQ-9 Open Sent 20 Nov 2026, 09:00 (by the measurement plan). Open until 23 Nov 2026, 09:00. Cancel the link for PHQ-9, sent 20 Nov 2026, 09:00',
      'PHQ-9 Cancelled Sent 10 Nov 2026, 09:00 (by hand). Cancelled 11 Nov 2026, 10:00.',
      'PHQ-9 Expired Sent 5 Nov 2026, 09:00 (by hand). Expired 8 Nov 2026, 09:00.',
      'PHQ-9, GAD-7 Answered Sent 1 Nov 2026, 09:00 (by hand). Answered 1 Nov 2026, 18:30.',
    ]);
  });

  it('says what to do when nothing was sent yet, and offers every questionnaire a patient answers (no CGI)', async () => {
    await open([]);
    expect(text('kap-empty-state')).toContain('No questionnaires have been sent to this patient yet.');
    const names = Array.from(page.querySelectorAll('label.check')).map((l) => l.textContent?.trim());
    expect(names).toHaveLength(5);
    expect(names.join(' ')).not.toContain('Clinical Global');
    expect(text('legend')).toBe('Questionnaires to send (up to 4)');
  });

  it('creates a link, shows it once with Copy, and lists it', async () => {
    await open([]);
    await tick('PHQ-9');
    await tick('GAD-7');
    const expiry = page.querySelector('#questionnaire-expiry') as HTMLSelectElement;
    expiry.value = '168';
    expiry.dispatchEvent(new Event('change'));
    button('Create link').click();
    await settle();

    const create = http.expectOne(LIST_URL);
    expect(create.request.method).toBe('POST');
    expect(create.request.body).toEqual({ instruments: ['PHQ9', 'GAD7'], expiresInHours: 168 });
    const created: CreatedQuestionnaireRequest = {
      ...request({
        id: 'qr-9',
        instruments: ['PHQ9', 'GAD7'],
        createdAt: '2026-11-24T10:00:00.000Z',
        expiresAt: '2026-12-01T10:00:00.000Z',
      }),
      url: 'https://kap.example/q/abc123',
    };
    create.flush(created, { status: 201, statusText: 'Created' });
    await settle();

    const link = page.querySelector('#questionnaire-link') as HTMLInputElement;
    expect(link.value).toBe('https://kap.example/q/abc123');
    expect(link.readOnly).toBe(true);
    expect(document.activeElement).toBe(link);
    expect(text('#new-link-note')).toContain('This link will not be shown again');
    expect(text('#new-link-note')).toContain('until 1 Dec 2026, 10:00');
    expect(rows()[0]).toContain('PHQ-9, GAD-7 Open');
    // The boxes are cleared for the next link.
    expect(
      Array.from(page.querySelectorAll<HTMLInputElement>('label.check input')).some((box) => box.checked),
    ).toBe(false);

    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    button('Copy link').click();
    await settle();
    expect(writeText).toHaveBeenCalledWith('https://kap.example/q/abc123');
    expect(text('.copy-status')).toBe('The link was copied. Paste it into your message to the patient.');

    // Without the clipboard (plain http, no permission) the link is selected to copy by hand.
    vi.stubGlobal('navigator', { clipboard: { writeText: () => Promise.reject(new Error('denied')) } });
    link.blur();
    button('Copy link').click();
    await settle();
    expect(document.activeElement).toBe(link);
    expect([link.selectionStart, link.selectionEnd]).toEqual([0, link.value.length]);
    expect(text('.copy-status')).toContain('It is selected: press Ctrl+C');
    vi.unstubAllGlobals();

    button('Done').click();
    await settle();
    expect(page.querySelector('#questionnaire-link')).toBeNull();
  });

  it('a retry after a lost answer sends the same Idempotency-Key, so the server reuses the request', async () => {
    await open([]);
    await tick('PHQ-9');
    button('Create link').click();
    await settle();
    const first = http.expectOne(LIST_URL);
    const key = first.request.headers.get('Idempotency-Key');
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    first.error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    await settle();

    button('Create link').click();
    await settle();
    const retry = http.expectOne(LIST_URL);
    expect(retry.request.headers.get('Idempotency-Key')).toBe(key);
    retry.flush(
      { ...request({ id: 'qr-9', instruments: ['PHQ9'] }), url: 'https://kap.example/q/def456' },
      { status: 201, statusText: 'Created' },
    );
    await settle();
    expect((page.querySelector('#questionnaire-link') as HTMLInputElement).value).toBe(
      'https://kap.example/q/def456',
    );

    // The next link is a new intention with a new key.
    button('Done').click();
    await settle();
    await tick('PHQ-9');
    button('Create link').click();
    await settle();
    const next = http.expectOne(LIST_URL);
    expect(next.request.headers.get('Idempotency-Key')).not.toBe(key);
    next.flush({ ...request({ id: 'qr-10', instruments: ['PHQ9'] }), url: 'https://kap.example/q/ghi789' });
    await settle();
  });

  it('asks for one to four questionnaires before anything is sent', async () => {
    await open([]);
    button('Create link').click();
    await settle();
    expect(text('kap-error-banner')).toBe('Choose at least one questionnaire to send.');
    for (const name of ['PHQ-9', 'GAD-7', 'PCL-5', 'C-SSRS', 'PEG']) await tick(name);
    button('Create link').click();
    await settle();
    expect(text('kap-error-banner')).toBe('Choose at most 4 questionnaires for one link.');
    http.expectNone(LIST_URL);
  });

  it('cancels an open link after a confirmation', async () => {
    await open([request()]);
    button('Cancel').click();
    await settle();
    expect(text('.confirm')).toBe('Cancel this link? The patient will no longer be able to answer it.');
    button('Cancel the link').click();
    await settle();
    const cancel = http.expectOne('/api/questionnaire-requests/qr-1/cancel');
    expect(cancel.request.method).toBe('POST');
    cancel.flush(request({ status: 'cancelled', cancelledAt: '2026-11-21T08:00:00.000Z' }));
    await settle();
    expect(rows()).toEqual([
      'PHQ-9 Cancelled Sent 20 Nov 2026, 09:00 (by hand). Cancelled 21 Nov 2026, 08:00.',
    ]);
    expect(text('.status-line')).toBe('The link was cancelled: it can no longer be answered.');
  });

  it('a link that closed meanwhile: says why and shows how it ended', async () => {
    await open([request()]);
    button('Cancel').click();
    await settle();
    button('Cancel the link').click();
    await settle();
    http
      .expectOne('/api/questionnaire-requests/qr-1/cancel')
      .flush(
        { error: 'link_closed', message: 'This questionnaire link has closed.', requestId: 'r' },
        { status: 410, statusText: 'Gone' },
      );
    await settle();
    http
      .expectOne(LIST_URL)
      .flush([request({ status: 'completed', completedAt: '2026-11-20T20:00:00.000Z' })]);
    await settle();
    expect(
      Array.from(page.querySelectorAll('kap-error-banner')).map((banner) => banner.textContent?.trim()),
    ).toEqual(['', 'This questionnaire link has closed.']);
    expect(rows()[0]).toContain('Answered');
  });
});
