import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Note } from '@kap/shared/contracts';
import { AuthStore } from '@kap/web/core';
import { NoteEditorPage } from './note-editor-page';

const patient = { id: 'p-1', givenName: 'Robert', familyName: 'Smith', preferredName: 'Rowan' };
const dosingSession = { id: 's-1', patientId: 'p-1', kind: 'dosing', occurredAt: '2026-12-02T10:00:00.000Z' };
const signedNote: Note = {
  id: 'n-1',
  patientId: 'p-1',
  kind: 'integration',
  sessionId: 's-1',
  body: 'Tolerated well.',
  shareWithMedicalTeam: true,
  status: 'signed',
  signedAt: '2026-12-02T14:00:00.000Z',
  author: { id: 'u-1', displayName: 'Dana Cole, LMFT' },
  addenda: [],
  version: 2,
  createdAt: '2026-12-02T13:00:00.000Z',
  updatedAt: '2026-12-02T14:00:00.000Z',
};

describe('NoteEditorPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  async function settle(): Promise<void> {
    await harness.fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await harness.fixture.whenStable();
  }

  async function open(url: string): Promise<HTMLElement> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'patients/:id/notes/new', component: NoteEditorPage },
          { path: 'notes/:noteId', component: NoteEditorPage },
        ]),
        {
          provide: AuthStore,
          useValue: { user: signal({ id: 'u-1', role: 'therapist', displayName: 'Dana Cole, LMFT' }) },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    await settle();
    return harness.routeNativeElement as HTMLElement;
  }

  const lead = (page: HTMLElement) => page.querySelector('kap-page-heading .lead')?.textContent?.trim() ?? '';

  afterEach(() => http.verify());

  it('says whose note is being written and for which session', async () => {
    const page = await open('/patients/p-1/notes/new?sessionId=s-1&kind=integration');
    http.expectOne('/api/patients/p-1').flush(patient);
    http.expectOne('/api/sessions/s-1').flush(dosingSession);
    await settle();
    expect(page.querySelector('h1')?.textContent?.trim()).toBe('Write a note');
    expect(lead(page)).toBe('Integration note · Rowan Smith · for the dosing session of 2 Dec 2026');
  });

  it('says it for a signed note opened on its own', async () => {
    const page = await open('/notes/n-1');
    http.expectOne('/api/notes/n-1').flush(signedNote);
    await settle();
    http.expectOne('/api/patients/p-1').flush(patient);
    http.expectOne('/api/sessions/s-1').flush(dosingSession);
    await settle();
    expect(page.querySelector('h1')?.textContent?.trim()).toBe('Integration note (signed)');
    expect(lead(page)).toBe('Integration note · Rowan Smith · for the dosing session of 2 Dec 2026');
  });

  it('still names the note when the session cannot be read', async () => {
    const page = await open('/patients/p-1/notes/new?sessionId=s-1&kind=integration');
    http.expectOne('/api/patients/p-1').flush(patient);
    http
      .expectOne('/api/sessions/s-1')
      .flush({ error: 'not_found', message: 'Not found.' }, { status: 404, statusText: 'Not Found' });
    await settle();
    expect(lead(page)).toBe('Integration note · Rowan Smith');
  });
});
