import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { AuthStore } from '@kap/web/core';
import { fullPatient, settle, therapistUser } from '../../testing/patient-fixtures';
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
    Array.from(page.querySelectorAll('button')).find((b) => b.textContent?.includes('Save patient'))?.click();
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
});
