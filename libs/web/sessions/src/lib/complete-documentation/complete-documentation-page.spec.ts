import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Session } from '@kap/shared/contracts';
import { CompleteDocumentationPage } from './complete-documentation-page';

const occurredAt = new Date(2026, 10, 20, 10, 0).toISOString();
const dose: Session = {
  id: 's-1',
  patientId: 'p-1',
  courseId: 'c-1',
  kind: 'dosing',
  occurredAt,
  durationMinutes: 120,
  setting: 'in_person',
  dosing: {
    route: 'sublingual',
    doseLabel: 'half_dissociative',
    doseMg: 200,
    vitals: [{ at: occurredAt, phase: 'pre', systolic: 130, diastolic: 82, heartRate: 72 }],
    adverseEvents: [],
  },
  warnings: [],
  documentationComplete: false,
  documentationMissing: ['post_vitals', 'signed_note'],
  integrationDueOn: null,
  recordedBy: { id: 'u-1', displayName: 'Therapist' },
  version: 3,
  createdAt: occurredAt,
  updatedAt: occurredAt,
};

describe('CompleteDocumentationPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let page: HTMLElement;

  async function settle(): Promise<void> {
    await harness.fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await harness.fixture.whenStable();
  }

  function set(path: string, value: string): void {
    const input = page.querySelector<HTMLInputElement>(`[data-path="${path}"]`);
    if (!input) throw new Error(`no control ${path}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  const errorAt = (path: string) =>
    page
      .querySelector(`[data-path="${path}"]`)
      ?.closest('mat-form-field')
      ?.querySelector('mat-error')
      ?.textContent?.trim() ?? '';
  const banner = () => page.querySelector('form kap-error-banner [role="alert"]')?.textContent?.trim() ?? '';

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'patients/:id/sessions/:sessionId/edit', component: CompleteDocumentationPage },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/patients/p-1/sessions/s-1/edit');
    http.expectOne('/api/sessions/s-1').flush(dose);
    await settle();
    page = harness.routeNativeElement as HTMLElement;
  });

  afterEach(() => http.verify());

  it('labels every input of the post-dose reading added later', () => {
    const inputs = Array.from(page.querySelectorAll<HTMLInputElement>('kap-vitals-reading-fields input'));
    expect(inputs.map((input) => input.id)).toEqual([
      'readings-0-at',
      'readings-0-systolic',
      'readings-0-diastolic',
      'readings-0-heartRate',
      'readings-0-spo2',
    ]);
    for (const input of inputs) expect(page.querySelectorAll(`label[for="${input.id}"]`)).toHaveLength(1);
  });

  it('names a blank and an impossible value at once, and drops the banner once both are fixed', async () => {
    set('readings.0.systolic', '400');
    set('readings.0.heartRate', '70');
    await settle();
    page.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await settle();
    expect(errorAt('readings.0.systolic')).toBe('Must be from 50 to 300; check the reading.');
    expect(errorAt('readings.0.diastolic')).toBe('Enter the reading.');
    expect(banner()).toBe('Some fields need attention; see the marked fields.');
    expect(document.activeElement?.getAttribute('data-path')).toBe('readings.0.systolic');

    set('readings.0.systolic', '130');
    await settle();
    expect(banner()).not.toBe('');
    set('readings.0.diastolic', '80');
    await settle();
    expect(banner()).toBe('');
    http.expectNone((r) => r.method === 'PATCH');
  });
});
