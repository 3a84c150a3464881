import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { OrganizationSettings } from '@kap/shared/contracts';
import { clinicTimeZone } from './clinic-calendar-settings';
import { OrganizationSettingsForm, timeZoneChoices } from './organization-settings-form';

const settings: OrganizationSettings = {
  id: 'org-1',
  name: 'Riverbend Therapy Collective',
  kind: 'practice',
  escalateAfterHours: 4,
  timeZone: 'UTC',
};

describe('OrganizationSettingsForm', () => {
  let fixture: ComponentFixture<OrganizationSettingsForm>;
  let page: HTMLElement;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [OrganizationSettingsForm],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(OrganizationSettingsForm);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function settle(): Promise<void> {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  function input(name: string): HTMLInputElement {
    const found = page.querySelector<HTMLInputElement>(`input[formcontrolname="${name}"]`);
    if (!found) throw new Error(`no ${name} input`);
    return found;
  }

  function type(name: string, value: string): void {
    input(name).value = value;
    input(name).dispatchEvent(new Event('input'));
  }

  async function loaded(answer: OrganizationSettings = settings): Promise<void> {
    http.expectOne({ method: 'GET', url: '/api/organization' }).flush(answer);
    await settle();
  }

  function submit(): void {
    page.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
  }

  it('shows the current time zone and escalation hours, with labels and a list of zones to pick from', async () => {
    await loaded({ ...settings, timeZone: 'America/New_York', escalateAfterHours: 6 });
    expect(input('timeZone').value).toBe('America/New_York');
    expect(input('escalateAfterHours').value).toBe('6');
    const labels = Array.from(page.querySelectorAll('mat-label'), (l) => l.textContent?.trim());
    expect(labels).toEqual(['Time zone', 'Escalate urgent alerts after (hours)']);
    expect(input('timeZone').getAttribute('list')).toBe('organization-time-zones');
    const options = Array.from(
      page.querySelectorAll('#organization-time-zones option'),
      (o) => (o as HTMLOptionElement).value,
    );
    expect(options[0]).toBe('UTC');
    expect(options).toContain('America/New_York');
  });

  it('saves both settings with PATCH and says what changed', async () => {
    await loaded();
    type('timeZone', ' Pacific/Auckland ');
    type('escalateAfterHours', '8');
    submit();
    const patch = http.expectOne({ method: 'PATCH', url: '/api/organization' });
    expect(patch.request.body).toEqual({ timeZone: 'Pacific/Auckland', escalateAfterHours: 8 });
    patch.flush({ ...settings, timeZone: 'Pacific/Auckland', escalateAfterHours: 8 });
    await settle();
    expect(page.querySelector('[role="status"]')?.textContent).toContain(
      'Saved: dates follow Pacific/Auckland',
    );
    // The admin's own dates follow the new zone at once, without signing in again.
    expect(clinicTimeZone()).toBe('Pacific/Auckland');
  });

  it("shows the server's refusal of an unknown zone at the field and focuses it", async () => {
    await loaded();
    type('timeZone', 'Mars/Olympus');
    submit();
    http.expectOne({ method: 'PATCH', url: '/api/organization' }).flush(
      {
        error: 'validation_failed',
        message: 'Some fields are not valid.',
        requestId: 'r-1',
        details: [{ field: 'timeZone', problem: 'must be an IANA time zone name such as America/New_York' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(page.querySelector('mat-error')?.textContent).toContain(
      'Must be an IANA time zone name such as America/New_York',
    );
    expect(document.activeElement).toBe(input('timeZone'));
    expect(input('timeZone').getAttribute('aria-invalid')).toBe('true');
  });

  it('refuses hours outside 1–168 before asking the server', async () => {
    await loaded();
    type('escalateAfterHours', '200');
    submit();
    await settle();
    http.expectNone({ method: 'PATCH', url: '/api/organization' });
    expect(page.querySelector('mat-error')?.textContent).toContain(
      'Use a whole number of hours from 1 to 168.',
    );
  });

  it('offers UTC first even where the browser leaves it out', async () => {
    await loaded();
    expect(timeZoneChoices()[0]).toBe('UTC');
    expect(timeZoneChoices().filter((zone) => zone === 'UTC')).toHaveLength(1);
  });
});
