import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { AuthStore } from '@kap/web/core';
import { PatientTimeline } from './patient-timeline';

const session = {
  id: 's-1',
  patientId: 'p-1',
  kind: 'dosing',
  occurredAt: '2026-12-02T10:00:00.000Z',
  durationMinutes: 120,
  setting: 'in_person',
  dosing: null,
  warnings: [],
  documentationComplete: true,
  documentationMissing: [],
};
const note = { id: 'n-1', patientId: 'p-1', kind: 'integration', sessionId: 's-1', status: 'signed' };

describe('PatientTimeline', () => {
  it('lists a session’s notes under it, each link described by the session it is for', async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'patients/:id', component: PatientTimeline }]),
        { provide: AuthStore, useValue: { user: signal({ id: 'u-1', role: 'prescriber' }) } },
      ],
    });
    const http = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/patients/p-1');
    http
      .expectOne((r) => r.url === '/api/patients/p-1/sessions')
      .flush({ items: [session], nextCursor: null });
    http.expectOne((r) => r.url === '/api/patients/p-1/notes').flush({ items: [note], nextCursor: null });
    await harness.fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await harness.fixture.whenStable();
    const page = harness.routeNativeElement as HTMLElement;

    const link = page.querySelector<HTMLAnchorElement>('a[href="/notes/n-1"]');
    expect(link?.textContent?.trim()).toBe('Integration note · signed');
    const heading = page.querySelector(`#${link?.getAttribute('aria-describedby')}`);
    expect(heading?.textContent).toMatch(/^Dosing · 2 Dec 2026, \d\d:\d\d · In person, 120 min$/);
    http.verify();
  });

  it('links each session to its own page, and what it is missing too', async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'patients/:id', component: PatientTimeline }]),
        { provide: AuthStore, useValue: { user: signal({ id: 'u-1', role: 'therapist' }) } },
      ],
    });
    const http = TestBed.inject(HttpTestingController);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/patients/p-1');
    const undocumented = {
      ...session,
      id: 's-2',
      documentationComplete: false,
      documentationMissing: ['signed_note'],
    };
    http
      .expectOne((r) => r.url === '/api/patients/p-1/sessions')
      .flush({ items: [undocumented, session], nextCursor: null });
    http.expectOne((r) => r.url === '/api/patients/p-1/notes').flush({ items: [], nextCursor: null });
    await harness.fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await harness.fixture.whenStable();
    const page = harness.routeNativeElement as HTMLElement;

    const headingLinks = Array.from(page.querySelectorAll<HTMLAnchorElement>('.entry h3 a')).map((a) =>
      a.getAttribute('href'),
    );
    expect(headingLinks).toEqual(['/patients/p-1/sessions/s-2', '/patients/p-1/sessions/s-1']);
    const missing = Array.from(page.querySelectorAll<HTMLAnchorElement>('a')).find(
      (a) => a.textContent?.trim() === 'Missing: signed note',
    );
    expect(missing?.getAttribute('href')).toBe('/patients/p-1/sessions/s-2');
    expect(missing?.getAttribute('aria-describedby')).toBe('session-s-2');
    // Complete documentation is not a link: nothing to go and do.
    expect(
      Array.from(page.querySelectorAll('a')).some((a) => a.textContent?.trim() === 'Documentation complete'),
    ).toBe(false);
    http.verify();
  });
});
