import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { User } from '@kap/shared/contracts';
import { AuthStore } from '@kap/web/core';
import {
  careTeam,
  medicalStatus,
  prescriberUser,
  reducedPatient,
  settle,
  therapistUser,
  TODAY_FOR_TESTS,
} from '../../testing/patient-fixtures';
import { TODAY } from '../display/patient-labels';
import { CaseloadPage, MEDICAL_TEAM_EMPTY_MESSAGE, SEARCH_DEBOUNCE_MS } from './caseload-page';

describe('CaseloadPage', () => {
  let fixture: ComponentFixture<CaseloadPage>;
  let page: HTMLElement;
  let http: HttpTestingController;

  async function open(user: User): Promise<void> {
    TestBed.configureTestingModule({
      imports: [CaseloadPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: AuthStore, useValue: { user: signal(user).asReadonly() } },
        { provide: TODAY, useValue: () => TODAY_FOR_TESTS },
        { provide: SEARCH_DEBOUNCE_MS, useValue: 0 },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CaseloadPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  function expectList(q?: string, cursor?: string): TestRequest {
    return http.expectOne(
      (req) =>
        req.url === '/api/patients' &&
        (req.params.get('q') ?? undefined) === q &&
        (req.params.get('cursor') ?? undefined) === cursor,
    );
  }

  function rows(): HTMLElement[] {
    return Array.from(page.querySelectorAll<HTMLElement>('li.patient'));
  }

  function text(element: Element | null | undefined): string {
    return element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  }

  it('shows each patient by the name they go by, with age, conditions and status badges', async () => {
    await open(therapistUser);
    expectList().flush({
      items: [
        reducedPatient(),
        reducedPatient({
          id: 'p-3',
          givenName: 'Renée',
          familyName: 'Dubois',
          preferredName: 'Nené',
          age: 35,
          conditions: ['ptsd'],
          currentCourse: null,
          medicalStatus: medicalStatus({
            eligibility: 'medical_clearance_required',
            prescription: null,
            nextFollowUpDue: '2026-11-10',
          }),
          careTeam: careTeam({
            releaseStatus: 'expiring_soon',
            releaseDaysLeft: 9,
            releaseOfInformation: { signedOn: '2025-12-04', expiresOn: '2026-12-04', scope: null },
          }),
        }),
      ],
      nextCursor: null,
    });
    await settle(fixture);

    expect(page.querySelector('h1')?.textContent).toBe('Patients');
    const [marcus, nene] = rows();
    expect(marcus.querySelector('a')?.getAttribute('href')).toBe('/patients/p-1');
    expect(text(marcus)).toContain('Marcus Bell');
    expect(text(marcus)).toContain('51 years');
    expect(text(marcus)).toContain('Treatment-resistant depression, Chronic pain');
    expect(text(marcus.querySelector('kap-status-badges'))).toContain('Course phase: Dosing');
    expect(text(marcus.querySelector('kap-status-badges'))).toContain('Eligibility: Eligible');
    expect(text(marcus.querySelector('kap-status-badges'))).toContain(
      'Prescription active · 4 doses · sublingual',
    );
    expect(text(marcus.querySelector('kap-status-badges'))).toContain('Follow-up due 5 Dec 2026');

    expect(text(nene.querySelector('h2'))).toBe('Nené Dubois');
    expect(text(nene)).toContain('Renée Dubois');
    expect(text(nene)).toContain('No course yet');
    expect(text(nene)).toContain('Medical clearance required');
    const overdue = Array.from(nene.querySelectorAll('li.badge')).find((b) =>
      b.textContent?.includes('overdue'),
    );
    expect(text(overdue)).toBe('Follow-up: Follow-up overdue since 10 Nov 2026');
    expect(overdue?.classList).toContain('tone-alert');
    expect(text(nene)).toContain('Release expires in 9 days');
    expect(page.querySelector('[role="status"]')?.textContent).toContain('2 patients shown.');
  });

  it('searches by name after typing and pages on with the cursor of the same search', async () => {
    await open(therapistUser);
    expectList().flush({ items: [reducedPatient()], nextCursor: null });
    await settle(fixture);

    const box = page.querySelector<HTMLInputElement>('input[type="search"]');
    if (!box) throw new Error('no search box');
    box.value = 'jose';
    box.dispatchEvent(new Event('input'));
    await settle(fixture);
    expectList('jose').flush({
      items: [reducedPatient({ id: 'p-2', givenName: 'José', familyName: 'García' })],
      nextCursor: 'c-2',
    });
    await settle(fixture);
    expect(rows().map((r) => text(r.querySelector('h2')))).toEqual(['José García']);

    const more = Array.from(page.querySelectorAll('button')).find((b) =>
      b.textContent?.includes('Load more'),
    );
    more?.click();
    expectList('jose', 'c-2').flush({
      items: [reducedPatient({ id: 'p-9', givenName: 'Josefa', familyName: 'Ortiz' })],
      nextCursor: null,
    });
    await settle(fixture);
    expect(rows()).toHaveLength(2);
    expect(page.textContent).not.toContain('Load more');
    expect(page.querySelector('[role="status"]')?.textContent).toContain('2 patients found for “jose”.');
  });

  it('drops the answer of an older search that arrives after a newer one', async () => {
    await open(therapistUser);
    expectList().flush({ items: [], nextCursor: null });
    await settle(fixture);
    const box = page.querySelector<HTMLInputElement>('input[type="search"]');
    if (!box) throw new Error('no search box');
    box.value = 'ma';
    box.dispatchEvent(new Event('input'));
    await settle(fixture);
    const older = expectList('ma');
    box.value = 'mar';
    box.dispatchEvent(new Event('input'));
    await settle(fixture);
    expectList('mar').flush({ items: [reducedPatient()], nextCursor: null });
    older.flush({
      items: [reducedPatient({ id: 'p-x', givenName: 'Mallory', familyName: 'Wrong' })],
      nextCursor: null,
    });
    await settle(fixture);
    expect(rows().map((r) => text(r.querySelector('h2')))).toEqual(['Marcus Bell']);
  });

  it('invites a therapist with no patients to add the first one', async () => {
    await open(therapistUser);
    expectList().flush({ items: [], nextCursor: null });
    await settle(fixture);
    const add = Array.from(page.querySelectorAll('a')).find((a) =>
      a.textContent?.includes('Add your first patient'),
    );
    expect(add?.getAttribute('href')).toBe('/patients/new');
  });

  it('tells the medical team how patients come to be shared, and offers no add button', async () => {
    await open(prescriberUser);
    expectList().flush({ items: [], nextCursor: null });
    await settle(fixture);
    expect(page.querySelector('h1')?.textContent).toBe('Linked patients');
    expect(text(page.querySelector('kap-empty-state'))).toBe(MEDICAL_TEAM_EMPTY_MESSAGE);
    expect(Array.from(page.querySelectorAll('a')).some((a) => a.textContent?.includes('Add'))).toBe(false);
  });

  it('shows the error in an alert when the list cannot be loaded', async () => {
    await open(therapistUser);
    expectList().flush(
      { error: 'internal_error', message: 'Something went wrong on our side.', requestId: 'req-1' },
      { status: 500, statusText: 'Server Error' },
    );
    await settle(fixture);
    expect(text(page.querySelector('[role="alert"]'))).toBe(
      'Something went wrong on our side. (Reference: req-1)',
    );
  });
});
