import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { AuthStore } from '@kap/web/core';
import { fullPatient, settle, therapistUser } from '../../testing/patient-fixtures';
import { TODAY } from '../display/patient-labels';
import { NewPatientPage } from './new-patient-page';

describe('NewPatientPage', () => {
  let fixture: ComponentFixture<NewPatientPage>;
  let page: HTMLElement;
  let http: HttpTestingController;
  let navigate: { mock: { calls: unknown[][] } };

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [NewPatientPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: AuthStore, useValue: { user: signal(therapistUser).asReadonly() } },
        { provide: TODAY, useValue: () => '2026-11-20' },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(NewPatientPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function type(name: string, value: string): void {
    const input = page.querySelector<HTMLInputElement>(`input[formcontrolname="${name}"]`);
    if (!input) throw new Error(`no ${name} input`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  function check(label: string): void {
    const box = Array.from(page.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')).find(
      (input) => input.closest('mat-checkbox')?.textContent?.trim() === label,
    );
    if (!box) throw new Error(`no checkbox ${label}`);
    box.click();
  }

  function save(): void {
    Array.from(page.querySelectorAll('button'))
      .find((b) => b.textContent?.includes('Save patient'))
      ?.click();
  }

  it('names the missing required fields and focuses the first, without calling the server', async () => {
    type('familyName', 'Bell');
    save();
    await settle(fixture);
    expect(page.textContent).toContain('Enter the given name.');
    expect(page.textContent).toContain('Enter the date of birth.');
    expect(document.activeElement?.getAttribute('formcontrolname')).toBe('givenName');
    http.expectNone({ method: 'POST', url: '/api/patients' });
  });

  it('sends only what was filled in, with the chosen conditions and an Idempotency-Key, then opens the patient', async () => {
    type('givenName', ' Imani ');
    type('familyName', 'Okafor');
    type('dateOfBirth', '1988-03-14');
    type('email', 'imani@example.test');
    check('PTSD');
    check('Chronic pain');
    save();
    await settle(fixture);

    const post = http.expectOne({ method: 'POST', url: '/api/patients' });
    expect(post.request.body).toEqual({
      givenName: 'Imani',
      familyName: 'Okafor',
      dateOfBirth: '1988-03-14',
      email: 'imani@example.test',
      conditions: ['ptsd', 'chronic_pain'],
    });
    expect(post.request.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    post.flush(fullPatient({ id: 'p-new' }), { status: 201, statusText: 'Created' });
    await settle(fixture);
    expect(navigate.mock.calls[0][0]).toEqual(['/patients', 'p-new']);
  });

  it('puts the API’s field problems under the fields and focuses the first one', async () => {
    type('givenName', 'Imani');
    type('familyName', 'Okafor');
    type('dateOfBirth', '1988-03-14');
    type('phone', '555 0100');
    save();
    await settle(fixture);
    http.expectOne({ method: 'POST', url: '/api/patients' }).flush(
      {
        error: 'validation_failed',
        message: 'Please correct phone.',
        requestId: 'r',
        details: [{ field: 'phone', problem: 'must be a phone number (digits, spaces, +, -, parentheses)' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle(fixture);
    expect(page.textContent).toContain('Must be a phone number (digits, spaces, +, -, parentheses)');
    expect(document.activeElement?.getAttribute('formcontrolname')).toBe('phone');
  });

  it('asks to confirm a date of birth that makes the patient younger than 18, and sends it once confirmed', async () => {
    type('givenName', 'Ada');
    type('familyName', 'Reyes');
    type('dateOfBirth', '2010-05-01');
    await settle(fixture);
    expect(page.querySelector('#minor-note')?.textContent).toContain(
      'makes the patient 16 years old, under 18',
    );

    save();
    await settle(fixture);
    http.expectNone({ method: 'POST', url: '/api/patients' });
    expect(page.querySelector('#minor-error')?.textContent).toContain(
      'Confirm that the patient is under 18, or correct the date of birth.',
    );
    const confirm = page.querySelector<HTMLInputElement>('.minor input[type="checkbox"]');
    expect(document.activeElement).toBe(confirm);
    expect(confirm?.getAttribute('aria-describedby')).toBe('minor-note minor-error');

    confirm?.click();
    save();
    await settle(fixture);
    const post = http.expectOne({ method: 'POST', url: '/api/patients' });
    expect(post.request.body).toEqual({
      givenName: 'Ada',
      familyName: 'Reyes',
      dateOfBirth: '2010-05-01',
      conditions: [],
    });
    post.flush(fullPatient({ id: 'p-minor' }), { status: 201, statusText: 'Created' });
    await settle(fixture);
    expect(navigate.mock.calls[0][0]).toEqual(['/patients', 'p-minor']);
  });

  it('asks nothing on the 18th birthday, and asks again when the date changes to another minor age', async () => {
    type('dateOfBirth', '2008-11-20');
    await settle(fixture);
    expect(page.querySelector('.minor')).toBeNull();

    type('dateOfBirth', '2012-01-01');
    await settle(fixture);
    page.querySelector<HTMLInputElement>('.minor input[type="checkbox"]')?.click();
    await settle(fixture);
    expect(page.querySelector<HTMLInputElement>('.minor input[type="checkbox"]')?.checked).toBe(true);
    type('dateOfBirth', '2015-01-01');
    await settle(fixture);
    expect(page.querySelector('#minor-note')?.textContent).toContain('11 years old');
    expect(page.querySelector<HTMLInputElement>('.minor input[type="checkbox"]')?.checked).toBe(false);
  });

  it('says a typed date that does not exist does not exist, instead of asking for a date', async () => {
    type('givenName', 'Imani');
    type('familyName', 'Okafor');
    // Chromium's answer to "02/30/2031": an empty value, `badInput`, and no input event.
    const dateOfBirth = page.querySelector('input[formcontrolname="dateOfBirth"]') as HTMLInputElement;
    Object.defineProperty(dateOfBirth, 'validity', { configurable: true, get: () => ({ badInput: true }) });
    dateOfBirth.dispatchEvent(new Event('blur'));
    save();
    await settle(fixture);
    expect(page.textContent).toContain('This date does not exist.');
    expect(page.textContent).not.toContain('Enter the date of birth.');
    expect(document.activeElement).toBe(dateOfBirth);
    http.expectNone({ method: 'POST', url: '/api/patients' });
  });

  it('refuses a date of birth in the future, which the date picker’s max does not stop when typed', async () => {
    type('givenName', 'Imani');
    type('familyName', 'Okafor');
    type('dateOfBirth', '2031-02-28');
    save();
    await settle(fixture);
    expect(page.textContent).toContain('A date of birth cannot be in the future.');
    http.expectNone({ method: 'POST', url: '/api/patients' });
  });
});
