import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { ApiKey, Webhook, WebhookDelivery } from '@kap/shared/contracts';
import { ConnectionsPage } from './connections-page';

const apiKey = (overrides: Partial<ApiKey> = {}): ApiKey => ({
  id: 'k-1',
  name: 'Clinic EHR',
  prefix: 'kapk_AbCd',
  createdAt: '2026-11-25T14:00:00.000Z',
  createdBy: { id: 'u-1', displayName: 'Casey Coordinator' },
  lastUsedAt: null,
  revokedAt: null,
  ...overrides,
});
const webhook: Webhook = {
  id: 'w-1',
  url: 'https://ehr.example.org/kap',
  description: 'EHR',
  createdAt: '2026-11-25T14:00:00.000Z',
  disabledAt: null,
};
const delivery = (overrides: Partial<WebhookDelivery> = {}): WebhookDelivery => ({
  id: 'd-1',
  webhookId: 'w-1',
  eventId: 'e-1',
  eventType: 'alert.raised',
  patientId: 'p-1',
  status: 'failed',
  createdAt: '2026-11-25T14:00:00.000Z',
  nextAttemptAt: null,
  deliveredAt: null,
  attempts: [{ at: '2026-11-25T14:00:01.000Z', statusCode: 500, error: 'answered 500', durationMs: 20 }],
  ...overrides,
});

describe('ConnectionsPage', () => {
  let http: HttpTestingController;
  let page: HTMLElement;
  let fixture: ReturnType<typeof TestBed.createComponent<ConnectionsPage>>;

  async function settle(): Promise<void> {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  async function open(keys: ApiKey[], webhooks: Webhook[]): Promise<void> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ConnectionsPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne('/api/api-keys?limit=200').flush({ items: keys, nextCursor: null });
    http.expectOne('/api/webhooks?limit=200').flush({ items: webhooks, nextCursor: null });
    await settle();
  }

  afterEach(() => http.verify());

  const findButton = (text: string) =>
    Array.from(page.querySelectorAll('button')).find((b) => b.textContent?.trim() === text);
  const buttonNamed = (text: string): HTMLButtonElement => {
    const button = findButton(text);
    if (!button) throw new Error(`no button "${text}"`);
    return button;
  };
  const type = (selector: string, value: string) => {
    const input = page.querySelector(selector) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };

  it('says what to do when nothing is connected yet', async () => {
    await open([], []);
    expect(page.textContent).toContain('No API keys yet');
    expect(page.textContent).toContain('No webhooks yet');
  });

  it('shows a new key once, with a copy button, and forgets it when dismissed', async () => {
    await open([], []);
    type('input[name="keyName"]', 'Clinic EHR');
    await settle();
    buttonNamed('Create key').click();
    await settle();
    const create = http.expectOne('/api/api-keys');
    expect(create.request.method).toBe('POST');
    expect(create.request.body).toEqual({ name: 'Clinic EHR' });
    create.flush({ ...apiKey(), key: 'kapk_the-whole-key' });
    await settle();
    http.expectOne('/api/api-keys?limit=200').flush({ items: [apiKey()], nextCursor: null });
    await settle();
    expect(page.querySelector('[data-testid="one-time-value"]')?.textContent).toBe('kapk_the-whole-key');
    expect(page.textContent).toContain('shown only this once');
    expect(findButton('Copy')).toBeDefined();
    buttonNamed('I have stored it').click();
    await settle();
    expect(page.querySelector('[data-testid="one-time-value"]')).toBeNull();
    expect(page.textContent).not.toContain('kapk_the-whole-key');
    expect(page.querySelector('tbody th')?.textContent?.trim()).toBe('Clinic EHR');
  });

  it('asks before revoking a key', async () => {
    await open([apiKey()], []);
    (page.querySelector('button[aria-label="Revoke Clinic EHR"]') as HTMLButtonElement).click();
    await settle();
    expect(page.textContent).toContain('Its system is refused from the next request on');
    http.expectNone('/api/api-keys/k-1/revoke');
    buttonNamed('Yes, revoke').click();
    await settle();
    http
      .expectOne({ method: 'POST', url: '/api/api-keys/k-1/revoke' })
      .flush(apiKey({ revokedAt: '2026-11-25T15:00:00.000Z' }));
    await settle();
    http
      .expectOne('/api/api-keys?limit=200')
      .flush({ items: [apiKey({ revokedAt: '2026-11-25T15:00:00.000Z' })], nextCursor: null });
    await settle();
    expect(page.textContent).toContain('Revoked');
    expect(page.querySelector('button[aria-label="Revoke Clinic EHR"]')).toBeNull();
  });

  it('registers a webhook (secret shown once), shows the API’s refusal, and reads and retries the delivery log', async () => {
    await open([], []);
    type('input[name="url"]', 'http://ehr.example.org/kap');
    await settle();
    buttonNamed('Register webhook').click();
    await settle();
    http.expectOne('/api/webhooks').flush(
      {
        error: 'validation_failed',
        message: 'Please correct url: must start with https://',
        requestId: 'r-1',
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(page.querySelector('kap-webhooks-section [role="alert"]')?.textContent).toContain(
      'must start with https://',
    );

    type('input[name="url"]', 'https://ehr.example.org/kap');
    await settle();
    buttonNamed('Register webhook').click();
    await settle();
    const register = http.expectOne('/api/webhooks');
    expect(register.request.body).toEqual({ url: 'https://ehr.example.org/kap' });
    register.flush({ ...webhook, secret: 'whsec_the-secret' });
    await settle();
    http.expectOne('/api/webhooks?limit=200').flush({ items: [webhook], nextCursor: null });
    await settle();
    expect(page.querySelector('[data-testid="one-time-value"]')?.textContent).toBe('whsec_the-secret');

    buttonNamed('Show deliveries').click();
    await settle();
    http.expectOne('/api/webhooks/w-1/deliveries?limit=50').flush({ items: [delivery()], nextCursor: null });
    await settle();
    const cells = Array.from(page.querySelectorAll('[aria-label="Delivery log"] tbody td')).map((c) =>
      c.textContent?.trim(),
    );
    expect(cells.slice(0, 3)).toEqual(['Failed', 'HTTP 500', '1']);
    (page.querySelector('button[aria-label="Send Alert e-1 again"]') as HTMLButtonElement).click();
    await settle();
    http
      .expectOne({ method: 'POST', url: '/api/webhook-deliveries/d-1/retry' })
      .flush(delivery({ status: 'pending', nextAttemptAt: '2026-11-25T15:00:00.000Z' }));
    await settle();
    expect(page.textContent).toContain('Waiting to send');
    expect(page.textContent).toContain('sent again within a few seconds');
  });
});
