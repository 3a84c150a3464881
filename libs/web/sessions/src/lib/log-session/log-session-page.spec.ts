import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Course, MedicalStatus } from '@kap/shared/contracts';
import { clinicCalendar, setClinicTimeZone } from '@kap/web/core/calendar';
import { clinicDateTimeValue } from '../display/session-labels';
import { LogSessionPage } from './log-session-page';

const course: Course = {
  id: 'c-1',
  patientId: 'p-1',
  indication: 'treatment_resistant_depression',
  phase: 'dosing',
  startedOn: '2026-10-01',
  plannedDosingSessions: 6,
  dosePlan: { route: 'sublingual', doseMgMin: 100, doseMgMax: 300, maxDosingSessionsPerWeek: 2 },
  vitalsLimits: { systolicMax: 150, diastolicMax: 95, heartRateMax: 110 },
  version: 1,
  createdAt: '2026-10-01T09:00:00.000Z',
  updatedAt: '2026-10-01T09:00:00.000Z',
};

const clearanceRequired: MedicalStatus = {
  id: 'ms-1',
  patientId: 'p-1',
  asOf: '2026-10-02T09:00:00.000Z',
  eligibility: 'medical_clearance_required',
  prescription: { status: 'active', dosesAuthorized: 6 },
  nextFollowUpDue: null,
  monitoring: null,
  note: null,
  source: 'medical_team',
  enteredBy: { id: 'u-1', displayName: 'Dr. Elena Morales, MD' },
  createdAt: '2026-10-02T09:00:00.000Z',
};

describe('LogSessionPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let page: HTMLElement;

  async function settle(): Promise<void> {
    await harness.fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await harness.fixture.whenStable();
  }

  async function open(statusFails = false): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'patients/:id/sessions/new', component: LogSessionPage }]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/patients/p-1/sessions/new');
    page = harness.routeNativeElement as HTMLElement;
    await settle();
    http
      .expectOne('/api/patients/p-1')
      .flush({ id: 'p-1', givenName: 'Rowan', familyName: 'Lee', preferredName: null });
    http.expectOne('/api/patients/p-1/courses').flush({ items: [course], nextCursor: null });
    await settle();
    const status = http.expectOne('/api/patients/p-1/medical-status');
    if (statusFails)
      status.flush(
        { error: 'internal', message: 'Something went wrong.', requestId: 'r' },
        { status: 500, statusText: 'Error' },
      );
    else status.flush({ current: clearanceRequired, history: [clearanceRequired] });
    const preparation = {
      id: 's-0',
      kind: 'preparation',
      occurredAt: '2026-10-03T09:00:00.000Z',
      courseId: 'c-1',
    };
    http
      .match((r) => r.url === '/api/patients/p-1/sessions')
      .forEach((r) => r.flush({ items: [preparation], nextCursor: null }));
    await settle();
  }

  function set(selector: string, value: string, event = 'input'): void {
    const control = page.querySelector<HTMLInputElement | HTMLSelectElement>(selector);
    if (!control) throw new Error(`no control ${selector}`);
    control.value = value;
    control.dispatchEvent(new Event(event));
  }

  const checks = () => page.querySelector('#dose-checks')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

  afterEach(() => http.verify());

  it('names the dose checks in a polite live region before saving, without blocking the save', async () => {
    await open();
    expect(page.querySelector('#dose-checks')?.getAttribute('aria-live')).toBe('polite');
    set('#session-kind', 'dosing', 'change');
    await settle();
    set('[data-path="doseMg"]', '450');
    await settle();
    expect(checks()).toContain(
      'Before you save: this dose (450 mg) is outside the plan of 100–300 mg; the medical team has not marked the patient eligible (medical clearance required); a pre-dose or post-dose reading is not entered.',
    );
    expect(checks()).toContain('You can still save');
    const save = Array.from(page.querySelectorAll('button')).find(
      (b) => b.textContent?.trim() === 'Save session',
    );
    expect(save?.disabled).toBe(false);
    expect(save?.getAttribute('aria-describedby')).toBe('dose-checks');

    set('[data-path="doseMg"]', '200');
    await settle();
    expect(checks()).not.toContain('outside the plan');
  });

  it('lists the course by its start day in words', async () => {
    await open();
    const options = Array.from(page.querySelectorAll('[data-path="courseId"] option')).map((o) =>
      o.textContent?.trim(),
    );
    expect(options).toEqual(['No course', 'Course started 1 Oct 2026 (dosing)']);
  });

  it('says the server will check the dose when the status cannot be loaded', async () => {
    await open(true);
    set('#session-kind', 'dosing', 'change');
    await settle();
    set('[data-path="doseMg"]', '450');
    await settle();
    expect(checks()).toBe('The dose could not be checked here; the server checks it when you save.');
  });
  const fieldOf = (path: string) =>
    page.querySelector(`[data-path="${path}"]`)?.closest('mat-form-field') ?? null;
  const errorAt = (path: string) => fieldOf(path)?.querySelector('mat-error')?.textContent?.trim() ?? '';
  const valueOf = (path: string) =>
    page.querySelector<HTMLInputElement>(`[data-path="${path}"]`)?.value ?? '';
  const banner = () => page.querySelector('form kap-error-banner [role="alert"]')?.textContent?.trim() ?? '';
  const saveButton = () =>
    Array.from(page.querySelectorAll('button')).find((b) => b.textContent?.trim() === 'Save session');

  async function asDosing(): Promise<void> {
    await open();
    set('#session-kind', 'dosing', 'change');
    await settle();
  }

  it('takes "Occurred at" on the clinic’s clock and says so when the browser is in another zone', async () => {
    // The test setup's clinic is in UTC, the zone the tests run in; this clinic is in Chicago.
    const zone =
      new Intl.DateTimeFormat().resolvedOptions().timeZone === 'America/Chicago'
        ? 'Asia/Tokyo'
        : 'America/Chicago';
    setClinicTimeZone(zone);
    await asDosing();
    // The zone is a hint, not part of the label (a phone-wide field cuts a long label off), and a
    // screen reader reads it with the field.
    expect(fieldOf('occurredAt')?.querySelector('mat-label')?.textContent?.trim()).toBe('Occurred at');
    const hint = fieldOf('occurredAt')?.querySelector('mat-hint');
    expect(hint?.textContent?.trim()).toBe(`Clinic time, ${zone.replace('_', ' ')}`);
    expect(page.querySelector('[data-path="occurredAt"]')?.getAttribute('aria-describedby')).toContain(
      hint?.id,
    );
    // The default is now on the clinic's clock: read back in the clinic's zone, it is now.
    expect(Math.abs(clinicCalendar.instantOfInput(valueOf('occurredAt')) - Date.now())).toBeLessThan(120_000);

    set('[data-path="occurredAt"]', '2026-11-20T09:30');
    set('[data-path="doseMg"]', '200');
    set('[data-path="doseLabel"]', 'half_dissociative', 'change');
    set('[data-path="vitals.0.systolic"]', '120');
    set('[data-path="vitals.0.diastolic"]', '80');
    set('[data-path="vitals.0.heartRate"]', '70');
    await settle();
    expect(valueOf('vitals.1.at')).toBe('11:30');
    saveButton()?.click();
    await settle();
    const save = http.expectOne((r) => r.method === 'POST' && r.url === '/api/patients/p-1/sessions');
    const start = zone === 'Asia/Tokyo' ? '2026-11-20T00:30:00.000Z' : '2026-11-20T15:30:00.000Z';
    expect(save.request.body.occurredAt).toBe(start);
    expect(save.request.body.dosing.vitals[0].at).toBe(start);
    save.flush(
      { error: 'unavailable', message: 'Try again.', requestId: 'r' },
      { status: 503, statusText: 'Unavailable' },
    );
    await settle();
  });

  it('moves the vitals times with "Occurred at" and its duration, until a time is typed by hand', async () => {
    await asDosing();
    set('[data-path="occurredAt"]', '2026-11-20T09:30');
    await settle();
    expect(valueOf('vitals.0.at')).toBe('09:30');
    expect(valueOf('vitals.1.at')).toBe('11:30');
    set('[data-path="durationMinutes"]', '90');
    await settle();
    expect(valueOf('vitals.1.at')).toBe('11:00');

    set('[data-path="vitals.1.at"]', '11:45');
    await settle();
    set('[data-path="occurredAt"]', '2026-11-20T10:00');
    await settle();
    expect(valueOf('vitals.0.at')).toBe('10:00');
    expect(valueOf('vitals.1.at')).toBe('11:45');
  });

  it('names every problem at its field in one round, and focuses the first', async () => {
    await asDosing();
    const ahead = new Date(Date.now() + 3 * 24 * 60 * 60 * 1000);
    set('[data-path="occurredAt"]', clinicDateTimeValue(ahead));
    set('[data-path="durationMinutes"]', '0');
    set('[data-path="doseMg"]', '1500');
    set('[data-path="vitals.0.systolic"]', '400');
    set('[data-path="vitals.0.diastolic"]', '80');
    set('[data-path="vitals.0.heartRate"]', '10');
    await settle();
    saveButton()?.click();
    await settle();

    expect(errorAt('occurredAt')).toBe('Cannot be more than a day in the future.');
    expect(errorAt('durationMinutes')).toBe('Must be from 1 to 720 minutes.');
    expect(errorAt('doseLabel')).toBe('Choose the dose label.');
    expect(errorAt('doseMg')).toBe('Must be more than 0 and at most 1000 mg.');
    expect(errorAt('vitals.0.systolic')).toBe('Must be from 50 to 300; check the reading.');
    expect(errorAt('vitals.0.heartRate')).toBe('Must be from 20 to 250; check the reading.');
    expect(errorAt('vitals.0.diastolic')).toBe('');
    expect(banner()).toBe('Some fields need attention; see the marked fields.');
    expect(document.activeElement?.getAttribute('data-path')).toBe('occurredAt');
    // Each message grows its own field, so a two-line one never runs over the row below.
    const fields = page.querySelectorAll('form mat-form-field');
    expect(
      page.querySelectorAll('form mat-form-field .mat-mdc-form-field-subscript-dynamic-size'),
    ).toHaveLength(fields.length);
    // Nothing was sent: the form named it all before asking the server.
    http.expectNone((r) => r.method === 'POST');
  });

  it('takes the banner away once every marked field is fixed', async () => {
    await asDosing();
    set('[data-path="doseMg"]', '1500');
    set('[data-path="doseLabel"]', 'half_dissociative', 'change');
    await settle();
    saveButton()?.click();
    await settle();
    expect(banner()).toBe('Some fields need attention; see the marked fields.');
    expect(errorAt('adverseAnswer')).toBe('');

    set('[data-path="doseMg"]', '150');
    await settle();
    expect(errorAt('doseMg')).toBe('');
    expect(banner()).toBe('');
  });

  it('keeps every vitals input labelled when a reading is added above the post-dose one', async () => {
    await asDosing();
    const add = Array.from(page.querySelectorAll('button')).find(
      (b) => b.textContent?.trim() === 'Add a reading during the session',
    );
    add?.click();
    await settle();
    const inputs = Array.from(page.querySelectorAll<HTMLInputElement>('kap-vitals-reading-fields input'));
    expect(inputs).toHaveLength(15);
    for (const input of inputs) {
      expect(input.id).not.toBe('');
      expect(page.querySelectorAll(`label[for="${input.id}"]`)).toHaveLength(1);
    }
    expect(page.querySelector('#vitals-2-systolic')?.getAttribute('data-path')).toBe('vitals.2.systolic');
    expect(document.activeElement?.id).toBe('vitals-1-systolic');
  });
});
