import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Alert, Course, Note, Session } from '@kap/shared/contracts';
import { AuthStore } from '@kap/web/core';
import { of } from 'rxjs';
import { formatDateTime } from '../display/session-labels';
import { SessionPage } from './session-page';

const occurredAt = '2026-12-02T15:00:00.000Z';
const minutesLater = (minutes: number) => new Date(Date.parse(occurredAt) + minutes * 60_000).toISOString();

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
    doseLabel: 'full_dissociative',
    doseMg: 200,
    booster: null,
    vitals: [
      { at: minutesLater(-10), phase: 'pre', systolic: 166, diastolic: 80, heartRate: 74, spo2: 98 },
      { at: minutesLater(40), phase: 'mid', systolic: 138, diastolic: 86, heartRate: 82, spo2: 98 },
    ],
    chaperone: null,
    adverseEvents: [
      {
        type: 'nausea',
        severity: 'mild',
        reportedToOnCallAt: null,
        action: 'Rested; resolved within the hour.',
      },
    ],
  },
  warnings: ['vitals_out_of_range', 'vitals_missing'],
  documentationComplete: false,
  documentationMissing: ['post_vitals', 'signed_note'],
  integrationDueOn: null,
  recordedBy: { id: 'u-t', displayName: 'Dana Whitfield, LMFT' },
  version: 1,
  createdAt: occurredAt,
  updatedAt: occurredAt,
};

const course: Course = {
  id: 'c-1',
  patientId: 'p-1',
  indication: 'depression',
  phase: 'dosing',
  startedOn: '2026-10-01',
  plannedDosingSessions: 6,
  dosePlan: { route: 'sublingual', doseMgMin: 100, doseMgMax: 300, maxDosingSessionsPerWeek: 1 },
  vitalsLimits: { systolicMax: 160, diastolicMax: 100, heartRateMax: 120 },
  version: 1,
  createdAt: occurredAt,
  updatedAt: occurredAt,
};

const patient = { id: 'p-1', givenName: 'Chloé', familyName: 'Martin', preferredName: null };

const note = (overrides: Partial<Note>): Note => ({
  id: 'n-1',
  patientId: 'p-1',
  kind: 'integration',
  sessionId: 's-1',
  body: 'Tolerated well.',
  shareWithMedicalTeam: true,
  status: 'signed',
  signedAt: minutesLater(240),
  author: { id: 'u-t', displayName: 'Dana Whitfield, LMFT' },
  addenda: [],
  version: 1,
  createdAt: minutesLater(200),
  updatedAt: minutesLater(240),
  ...overrides,
});

const alert = (overrides: Partial<Alert>): Alert => ({
  id: 'a-1',
  patientId: 'p-1',
  patientName: 'Chloé Martin',
  kind: 'vitals_out_of_range',
  severity: 'warning',
  createdAt: minutesLater(180),
  sourceType: 'session',
  sourceId: 's-1',
  summary: 'Blood pressure 166/80 before the dose is above the prescriber’s limit of 160/100',
  escalated: false,
  acknowledgements: [],
  awaiting: ['practice', 'medical_team'],
  status: 'open',
  acknowledgedAt: null,
  acknowledgedBy: null,
  action: null,
  ...overrides,
});

const therapist = {
  id: 'u-t',
  role: 'therapist',
  organizationKind: 'practice',
  displayName: 'Dana Whitfield, LMFT',
};
const prescriber = {
  id: 'u-p',
  role: 'prescriber',
  organizationKind: 'medical_team',
  displayName: 'Dr. Elena Morales, MD',
};

describe('SessionPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let page: HTMLElement;

  async function settle(): Promise<void> {
    await harness.fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await harness.fixture.whenStable();
  }

  async function open(
    user: object,
    answers: { notes?: Note[]; alerts?: Alert[]; session?: Session | 404 } = {},
  ): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'patients/:id/sessions/:sessionId', component: SessionPage }]),
        { provide: AuthStore, useValue: { user: signal(user) } },
        // The confirmation is the note editor's own dialog; here the person presses Sign.
        { provide: MatDialog, useValue: { open: () => ({ afterClosed: () => of(true) }) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/patients/p-1/sessions/s-1');
    const session = answers.session ?? dose;
    if (session === 404) {
      http
        .expectOne('/api/sessions/s-1')
        .flush(
          { error: 'not_found', message: 'Not found.', requestId: 'r' },
          { status: 404, statusText: 'Not Found' },
        );
    } else {
      http.expectOne('/api/sessions/s-1').flush(session);
      await settle();
      http.expectOne('/api/patients/p-1').flush(patient);
      http.expectOne('/api/patients/p-1/courses').flush({ items: [course], nextCursor: null });
      http
        .expectOne((r) => r.url === '/api/patients/p-1/notes')
        .flush({ items: answers.notes ?? [], nextCursor: null });
      http
        .expectOne((r) => r.url === '/api/alerts' && r.params.get('patientId') === 'p-1')
        .flush({ items: answers.alerts ?? [], nextCursor: null });
    }
    await settle();
    page = harness.routeNativeElement as HTMLElement;
  }

  const links = () =>
    Array.from(page.querySelectorAll<HTMLAnchorElement>('a')).map((a) => [
      a.textContent?.trim(),
      a.getAttribute('href'),
    ]);
  const buttons = () => Array.from(page.querySelectorAll('button')).map((b) => b.textContent?.trim());

  afterEach(() => http.verify());

  it('offers the therapist “Write the integration note” for this session when no signed note exists', async () => {
    await open(therapist, { notes: [note({ id: 'n-9', sessionId: 's-other' })] });
    // Dates in whatever style the app's one formatter gives them.
    expect(page.querySelector('h1')?.textContent).toBe(`Dosing session · ${formatDateTime(occurredAt)}`);
    expect(page.querySelector('kap-page-heading .lead')?.textContent?.trim()).toBe(
      'Chloé Martin · In person, 120 min · recorded by Dana Whitfield, LMFT',
    );
    expect(links()).toContainEqual([
      'Write the integration note',
      '/patients/p-1/notes/new?sessionId=s-1&kind=integration',
    ]);
    expect(links()).toContainEqual(['Complete documentation', '/patients/p-1/sessions/s-1/edit']);
    expect(links()).toContainEqual(['← Back to Chloé Martin', '/patients/p-1']);
    expect(page.textContent).toContain('Missing: post-dose vitals, signed note');
    expect(page.textContent).toContain('No note is written about this session yet.');
  });

  it('offers no note to write once a signed one exists, and lists it', async () => {
    await open(therapist, { notes: [note({})] });
    expect(links().some(([text]) => text?.startsWith('Write the'))).toBe(false);
    expect(page.querySelector('.notes a')?.textContent).toBe(
      `Integration note · signed ${formatDateTime(minutesLater(240))} · Dana Whitfield, LMFT`,
    );
    expect(page.querySelector('.notes a')?.getAttribute('href')).toBe('/notes/n-1');
  });

  it('signs the therapist’s own draft right there, then shows the session as the API now answers it', async () => {
    await open(therapist, { notes: [note({ id: 'n-2', status: 'draft', signedAt: null })] });
    expect(links().some(([text]) => text?.startsWith('Write the'))).toBe(false);
    expect(links()).toContainEqual(['Open the draft', '/notes/n-2']);
    const sign = Array.from(page.querySelectorAll('button')).find(
      (b) => b.textContent?.trim() === 'Sign the integration note',
    );
    sign?.click();
    await settle();
    http.expectOne((r) => r.method === 'POST' && r.url === '/api/notes/n-2/sign').flush(note({ id: 'n-2' }));
    await settle();
    http.expectOne('/api/sessions/s-1').flush({ ...dose, documentationMissing: ['post_vitals'] });
    await settle();
    expect(page.querySelector('[role="status"]')?.textContent).toBe('The integration note is signed.');
    expect(page.textContent).toContain('Missing: post-dose vitals');
    expect(buttons()).not.toContain('Sign the integration note');
  });

  it('gives the medical team the record to read and no write or sign action', async () => {
    await open(prescriber, { notes: [] });
    expect(page.querySelector('.vitals')).not.toBeNull();
    expect(links().filter(([text]) => /Write|Complete documentation|draft/.test(text ?? ''))).toEqual([]);
    expect(buttons()).toEqual([]);
    expect(page.textContent).toContain(
      'The medical team reads this record; the practice writes and signs its notes.',
    );
    expect(page.textContent).toContain(
      'No signed note about this session is shared with the medical team yet.',
    );
  });

  it('marks in words each reading outside the course’s limits, with the limits beside the table', async () => {
    await open(therapist);
    expect(page.querySelector('#vitals-limits')?.textContent).toBe(
      'Limits as ordered by the prescriber: systolic ≤ 160, diastolic ≤ 100 mmHg, heart rate ≤ 120/min.',
    );
    expect(page.querySelector('.vitals')?.getAttribute('aria-describedby')).toBe('vitals-limits');
    const rows = Array.from(page.querySelectorAll('.vitals tbody tr')).map((tr) =>
      Array.from(tr.children)
        .slice(1)
        .map((cell) => cell.textContent?.trim().replace(/\s+/g, ' ')),
    );
    expect(rows).toEqual([
      ['Pre-dose', '166/80 Above the limit', '74', '98%'],
      ['During', '138/86', '82', '98%'],
    ]);
    expect(page.textContent).toContain('1 reading is outside the prescriber’s limits, marked below.');
    expect(page.textContent).toContain('Nausea · Mild');
    expect(page.textContent).toContain('No chaperone was recorded');
    expect(Array.from(page.querySelectorAll('.warning strong')).map((s) => s.textContent)).toEqual([
      'Vitals outside the prescriber’s limits',
      'Vitals missing',
    ]);
  });

  it('lists the alerts this session raised, with their state, and none of another source', async () => {
    await open(therapist, {
      alerts: [
        alert({}),
        alert({ id: 'a-2', sourceId: 's-other', summary: 'Another dose' }),
        alert({ id: 'a-3', sourceType: 'outcome', sourceId: 's-1', summary: 'A score' }),
      ],
    });
    const items = Array.from(page.querySelectorAll('.alerts li')).map((li) => [
      li.querySelector('kap-severity-chip')?.textContent,
      li.querySelector('p')?.textContent,
    ]);
    expect(items).toEqual([
      ['Warning', 'Open: Blood pressure 166/80 before the dose is above the prescriber’s limit of 160/100'],
    ]);
    expect(links()).toContainEqual(['Open the alerts inbox', '/alerts']);
  });

  it('says a session that is not there, or not shared, was not found', async () => {
    await open(prescriber, { session: 404 });
    expect(page.querySelector('h1')?.textContent).toBe('Session not found');
    expect(page.querySelector('kap-empty-state')?.textContent).toContain(
      'This session was not found, or is not shared with you.',
    );
    expect(page.querySelector('[role="alert"]')?.textContent?.trim()).toBe('');
  });
});
