import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type {
  Alert,
  DashboardReason,
  MedicalStatus,
  Outcome,
  OutcomeTrend,
  User,
} from '@kap/shared/contracts';
import { AuthStore } from '@kap/web/core';
import {
  careTeam,
  course,
  fullPatient,
  medicalStatus,
  prescriberUser,
  reducedPatient,
  therapistUser,
  TODAY_FOR_TESTS,
} from '../../testing/patient-fixtures';
import { COURSE_CONFLICT_MESSAGE } from '../data-access/patient-store';
import type { PatientRecord } from '../data-access/patients-api';
import { TODAY } from '../display/patient-labels';
import { NOTHING_NEEDS_ACTION } from './needs-action/needs-action';
import { PATIENT_NOT_FOUND_MESSAGE, PatientPage } from './patient-page';

/** What the page's own reads answer beyond the record: the header's two sources and the scores. */
interface PageAnswers {
  alerts?: Alert[];
  reasons?: DashboardReason[];
  /** The scores list (only `instrument` and `voidedAt` matter to the page) and each instrument's trend. */
  outcomes?: Pick<Outcome, 'instrument' | 'voidedAt'>[];
  trends?: OutcomeTrend[];
  /** A section asked for in the address. */
  fragment?: string;
}

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'alert-1',
    patientId: 'p-1',
    patientName: 'Marcus Bell',
    kind: 'suicidality_item_positive',
    severity: 'urgent',
    createdAt: '2026-11-24T09:00:00.000Z',
    sourceType: 'outcome',
    sourceId: 'o-1',
    summary: 'PHQ-9 item 9 answered "several days" on 24 Nov 2026: ask about safety today.',
    escalated: false,
    acknowledgements: [],
    awaiting: ['practice', 'medical_team'],
    status: 'open',
    acknowledgedAt: null,
    acknowledgedBy: null,
    action: null,
    ...overrides,
  };
}

// The first test also compiles the lazily loaded sections: more than Vitest's 5 s on a busy machine.
describe('PatientPage', { timeout: 20_000 }, () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let page: HTMLElement;

  async function open(
    user: User,
    patient: PatientRecord | 404,
    history: MedicalStatus[] = [medicalStatus()],
    needsAction: PageAnswers = {},
  ): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'patients/:id', component: PatientPage }]),
        { provide: AuthStore, useValue: { user: signal(user).asReadonly() } },
        { provide: TODAY, useValue: () => TODAY_FOR_TESTS },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(
      needsAction.fragment ? `/patients/p-1#${needsAction.fragment}` : '/patients/p-1',
    );
    page = harness.routeNativeElement as HTMLElement;
    await answer(patient, history);
    if (user.organizationKind === 'practice' && patient !== 404) {
      http
        .match('/api/medical-teams?limit=200')
        .forEach((req) =>
          req.flush({ items: [{ id: 'team-1', name: 'Northstar Medical Team' }], nextCursor: null }),
        );
    }
    if (patient !== 404) {
      const alerts = http.expectOne((request) => request.url === '/api/alerts');
      expect(alerts.request.params.get('status')).toBe('open');
      expect(alerts.request.params.get('patientId')).toBe('p-1');
      alerts.flush({ items: needsAction.alerts ?? [], nextCursor: null });
      // The dashboard lists every patient of the caller's; the page keeps this one's reasons.
      http.expectOne('/api/dashboard').flush({
        items: [
          {
            patientId: 'p-other',
            patientName: 'Someone Else',
            reasons: [{ code: 'integration_due', severity: 'warning', since: '2026-11-01' }],
          },
          ...(needsAction.reasons?.length
            ? [{ patientId: 'p-1', patientName: 'Marcus Bell', reasons: needsAction.reasons }]
            : []),
        ],
      });
      http
        .expectOne('/api/patients/p-1/outcomes?limit=200')
        .flush({ items: needsAction.outcomes ?? [], nextCursor: null });
      await settle();
      for (const trend of needsAction.trends ?? []) {
        http.expectOne(`/api/patients/p-1/outcomes/trend?instrument=${trend.instrument}`).flush(trend);
      }
    }
    await settle();
  }

  async function answer(
    patient: PatientRecord | 404,
    history: MedicalStatus[] = [medicalStatus()],
  ): Promise<void> {
    await settle();
    const notFound = { error: 'not_found', message: 'Not found.', requestId: 'r' };
    const status404 = { status: 404, statusText: 'Not Found' };
    if (patient === 404) {
      http.expectOne('/api/patients/p-1').flush(notFound, status404);
      http.expectOne('/api/patients/p-1/medical-status').flush(notFound, status404);
      http.expectOne('/api/patients/p-1/courses').flush(notFound, status404);
    } else {
      http.expectOne('/api/patients/p-1').flush(patient);
      http.expectOne('/api/patients/p-1/medical-status').flush({ current: history[0] ?? null, history });
      http
        .expectOne('/api/patients/p-1/courses')
        .flush({ items: patient.currentCourse ? [patient.currentCourse] : [], nextCursor: null });
    }
    await settle();
  }

  async function settle(): Promise<void> {
    await harness?.fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await harness?.fixture.whenStable();
  }

  /** The timeline's and the questionnaires' reads, answered empty: what follows them shows once they have loaded. */
  function answerSectionsAbove(): void {
    http
      .match((request) => /\/(sessions|notes|questionnaire-requests)$/.test(request.url))
      .forEach((request) => request.flush({ items: [], nextCursor: null }));
  }

  afterEach(() => {
    // The session timeline and psychotherapy notes (@kap/web/sessions) and the care-team thread and
    // disclosures (@kap/web/sharing), the questionnaires and measurement plan (@kap/web/outcomes)
    // load their own data.
    http.match((request) =>
      /\/(sessions|notes|psychotherapy-notes|status-updates|disclosures|questionnaire-requests|measurement-plan)$/.test(
        request.url,
      ),
    );
    http.verify();
  });

  function text(selector: string): string {
    return page.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  }

  function section(heading: string): HTMLElement {
    const h2 = Array.from(page.querySelectorAll('h2')).find((h) => h.textContent?.trim() === heading);
    const found = h2?.closest('section');
    if (!found) throw new Error(`no section "${heading}"`);
    return found;
  }

  function headings(): string[] {
    return Array.from(page.querySelectorAll('h2')).map((h) => h.textContent?.trim() ?? '');
  }

  function button(text: string): HTMLButtonElement | undefined {
    return Array.from(page.querySelectorAll('button')).find((b) => b.textContent?.trim() === text);
  }

  it('shows who the patient is and the current medical status with its as-of date and source', async () => {
    await open(therapistUser, fullPatient());
    expect(text('h1')).toBe('Marcus Bell');
    const summary = text('section[aria-label="Summary"]');
    expect(summary).toContain('51 years (born 21 Nov 1975)');
    expect(summary).toContain('Treatment-resistant depression, Chronic pain');
    expect(summary).toContain('marcus@example.test');
    expect(text('kap-status-badges')).toContain('Course phase: Dosing');

    const status = section('Medical status').textContent?.replace(/\s+/g, ' ') ?? '';
    expect(status).toMatch(/As of 5 Nov 2026, \d\d:\d\d, from the medical team \(Dr\. Elena Morales, MD\)\./);
    expect(status).toContain('Eligible');
    expect(status).toContain('Prescription active · 4 doses · sublingual');
    expect(status).toContain('5 Dec 2026');
    expect(status).not.toContain('overdue');

    const courseText = section('Treatment course').textContent ?? '';
    expect(courseText).toContain('Dose plan, as ordered by the prescriber');
    expect(courseText).toContain('Sublingual, 100–300 mg, at most 1 dosing session a week');
    expect(courseText).toContain('systolic ≤ 160');
    // The therapist mirrors; the medical team's own form is not offered.
    expect(page.textContent).toContain("Mirror what the team's portal shows");
    expect(page.textContent).not.toContain('Record the medical status');
  });

  it('shows the merged current status, saying "as of" for a value stated by an older entry', async () => {
    const older = medicalStatus({
      id: 'ms-0',
      asOf: '2026-11-01T09:00:00.000Z',
      eligibility: 'eligible',
      prescription: null,
      nextFollowUpDue: null,
      monitoring: null,
    });
    const current = medicalStatus({
      note: 'Follow-up booked.',
      eligibility: 'eligible',
      fieldsAsOf: {
        eligibility: '2026-11-01T09:00:00.000Z',
        prescription: '2026-11-05T14:00:00.000Z',
        nextFollowUpDue: '2026-11-05T14:00:00.000Z',
        monitoring: '2026-11-05T14:00:00.000Z',
      },
    });
    // `current` (the merge) is what the API answers first; the history holds the entries.
    await open(therapistUser, fullPatient({ medicalStatus: current }), [current, older]);
    const status = section('Medical status');
    const eligibility = Array.from(status.querySelectorAll('dt')).find(
      (dt) => dt.textContent?.trim() === 'Eligibility',
    )?.nextElementSibling;
    expect(eligibility?.textContent?.replace(/\s+/g, ' ').trim()).toMatch(
      /^Eligible \(as of 1 Nov 2026, \d\d:\d\d\)$/,
    );
    const prescription = Array.from(status.querySelectorAll('dt')).find(
      (dt) => dt.textContent?.trim() === 'Prescription',
    )?.nextElementSibling;
    expect(prescription?.textContent).not.toContain('as of');
    expect(status.querySelectorAll('.field-as-of')).toHaveLength(1);
  });

  it('says when the status was mirrored by the therapist, and flags an overdue follow-up', async () => {
    const mirrored = medicalStatus({
      source: 'therapist_mirror',
      enteredBy: { id: 'u-dana', displayName: 'Dana Whitfield, LMFT' },
      nextFollowUpDue: '2026-11-20',
    });
    await open(therapistUser, fullPatient({ medicalStatus: mirrored }), [mirrored]);
    const status = section('Medical status').textContent?.replace(/\s+/g, ' ') ?? '';
    expect(status).toContain("mirrored by the therapist from the team's portal (Dana Whitfield, LMFT)");
    expect(status).toContain('20 Nov 2026 (overdue)');
    expect(text('kap-status-history')).toContain(
      "mirrored by the therapist from the team's portal, entered by Dana Whitfield, LMFT",
    );
  });

  it('warns from 30 days before the release ends', async () => {
    await open(
      therapistUser,
      fullPatient({
        careTeam: careTeam({
          releaseStatus: 'expiring_soon',
          releaseDaysLeft: 20,
          releaseOfInformation: { signedOn: '2025-12-15', expiresOn: '2026-12-15', scope: null },
        }),
      }),
    );
    const panel = section('Care team and release of information');
    expect(panel.querySelector('.notice')?.classList).toContain('tone-warn');
    expect(panel.textContent).toContain('ends in 20 days (15 Dec 2026)');
  });

  it('says plainly what stopped being shared once the release has expired', async () => {
    await open(
      therapistUser,
      fullPatient({
        careTeam: careTeam({
          releaseStatus: 'expired',
          releaseDaysLeft: -25,
          sharing: false,
          releaseOfInformation: { signedOn: '2025-10-31', expiresOn: '2026-10-31', scope: null },
        }),
      }),
    );
    const panel = section('Care team and release of information');
    expect(panel.querySelector('.notice')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Not shared. Nothing is shared with Northstar Medical Team since 1 Nov 2026: notes, sessions, scores and updates stay in the practice until a new release is recorded.',
    );
    expect(button('Record a new release or change the team')).toBeDefined();
  });

  it('asks for the vitals minimums beside the maximums, names a minimum above its maximum before sending, and shows the 400 at its field', async () => {
    await open(therapistUser, fullPatient({ currentCourse: null }));
    const form = section('Treatment course');
    const type = (name: string, value: string) => {
      const input = form.querySelector<HTMLInputElement>(`input[formcontrolname="${name}"]`);
      if (!input) throw new Error(`no field ${name}`);
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    const labels = Array.from(form.querySelectorAll('mat-label')).map((label) => label.textContent?.trim());
    expect(labels).toEqual(
      expect.arrayContaining([
        'Systolic at least (mmHg)',
        'Systolic at most (mmHg)',
        'Heart rate at least (per minute)',
        'SpO2 at least (%)',
      ]),
    );
    type('systolicMin', '150');
    type('systolicMax', '140');
    type('heartRateMin', '45');
    button('Start course')?.click();
    await settle();
    http.expectNone({ method: 'POST', url: '/api/patients/p-1/courses' });
    expect(form.textContent).toContain(
      'The minimum must not be above the maximum (140); copy the limits as ordered.',
    );
    expect(document.activeElement?.getAttribute('formcontrolname')).toBe('systolicMin');

    type('systolicMin', '90');
    type('spo2Min', '92');
    button('Start course')?.click();
    await settle();
    const post = http.expectOne({ method: 'POST', url: '/api/patients/p-1/courses' });
    expect(post.request.body.vitalsLimits).toEqual({
      systolicMin: 90,
      systolicMax: 140,
      heartRateMin: 45,
      spo2Min: 92,
    });
    post.flush(
      {
        error: 'validation_failed',
        message: 'Some fields are invalid.',
        requestId: 'r',
        details: [
          { field: 'vitalsLimits.heartRateMin', problem: 'must not be above the heart rate maximum (40)' },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(form.textContent).toContain('Must not be above the heart rate maximum (40)');
  });

  it('gives the medical team the reduced record and only their own status form', async () => {
    await open(prescriberUser, reducedPatient());
    expect(text('h1')).toBe('Marcus Bell');
    expect(page.textContent).not.toContain('Email');
    expect(page.textContent).not.toContain("Mirror what the team's portal shows");
    expect(button('Record a new release or change the team')).toBeUndefined();
    expect(button('Change phase')).toBeUndefined();
    expect(section('Record the medical status')).toBeTruthy();
    expect(text('a[href="/patients"]')).toContain('Linked patients');
  });

  it('records the team’s status with an Idempotency-Key and shows the new current status', async () => {
    await open(prescriberUser, reducedPatient({ medicalStatus: null }), []);
    const form = section('Record the medical status');
    const due = form.querySelector<HTMLInputElement>('input[formcontrolname="nextFollowUpDue"]');
    const note = form.querySelector<HTMLTextAreaElement>('textarea[formcontrolname="note"]');
    if (!due || !note) throw new Error('missing fields');
    due.value = '2026-12-20';
    due.dispatchEvent(new Event('input'));
    note.value = 'Intake done.';
    note.dispatchEvent(new Event('input'));
    button('Record status')?.click();
    await settle();

    const post = http.expectOne({ method: 'POST', url: '/api/patients/p-1/medical-status' });
    expect(post.request.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(post.request.body).toMatchObject({ nextFollowUpDue: '2026-12-20', note: 'Intake done.' });
    expect(Date.parse(post.request.body.asOf)).not.toBeNaN();
    const entry = medicalStatus({
      id: 'ms-new',
      eligibility: null,
      prescription: null,
      monitoring: null,
      nextFollowUpDue: '2026-12-20',
      note: 'Intake done.',
    });
    post.flush(entry, { status: 201, statusText: 'Created' });
    await answer(reducedPatient({ medicalStatus: entry }), [entry]);

    expect(text('kap-medical-status-form [role="status"]')).toBe('The medical status was recorded.');
    expect(section('Medical status').textContent).toContain('20 Dec 2026');
    expect(text('kap-status-history')).toContain('Intake done.');
  });

  it('on 412 for a phase change reloads and says someone else changed the course', async () => {
    await open(therapistUser, fullPatient());
    const select = page.querySelector('kap-course-section mat-select');
    expect(select?.textContent).toContain('Dosing');
    // Pick "Integration" through the component's state; mat-select's overlay is not what is tested here.
    const sectionComponent = harness.fixture.debugElement.query((de) => de.name === 'kap-course-section')
      .componentInstance as {
      chosenPhase: { set(value: string): void };
    };
    sectionComponent.chosenPhase.set('integration');
    await settle();
    button('Change phase')?.click();
    await settle();
    const patch = http.expectOne({ method: 'PATCH', url: '/api/courses/course-1' });
    expect(patch.request.headers.get('If-Match')).toBe('"3"');
    patch.flush(
      { error: 'version_conflict', message: 'Changed.', requestId: 'r' },
      { status: 412, statusText: 'Precondition Failed' },
    );
    await answer(fullPatient({ currentCourse: course({ phase: 'maintenance', version: 4 }) }));

    expect(text('kap-course-section [role="alert"]')).toBe(COURSE_CONFLICT_MESSAGE);
    expect(section('Treatment course').textContent).toContain('Maintenance');
  });

  it('answers a 404 with "not found, or not shared with you"', async () => {
    await open(therapistUser, 404);
    expect(text('h1')).toBe('Patient not found');
    expect(page.textContent).toContain(PATIENT_NOT_FOUND_MESSAGE);
  });

  it('hosts the care-team thread for everyone and the disclosures for the practice only', async () => {
    await open(therapistUser, fullPatient());
    await settle();
    expect(http.match('/api/patients/p-1/status-updates?limit=100')).toHaveLength(1);
    expect(http.match('/api/patients/p-1/disclosures?limit=50')).toHaveLength(1);
    expect(page.querySelector('kap-care-team-thread')).not.toBeNull();
    expect(page.querySelector('kap-disclosures-section')).not.toBeNull();
  });

  it('does not offer the medical team the accounting of disclosures', async () => {
    await open(prescriberUser, reducedPatient());
    await settle();
    expect(http.match('/api/patients/p-1/status-updates?limit=100')).toHaveLength(1);
    expect(http.match((request) => request.url.endsWith('/disclosures'))).toHaveLength(0);
    expect(page.querySelector('kap-care-team-thread')).not.toBeNull();
    expect(page.querySelector('kap-disclosures-section')).toBeNull();
  });

  it('offers the practice "Export FHIR"', async () => {
    await open(therapistUser, fullPatient());
    await settle();
    expect(page.querySelector('kap-fhir-export-section button')?.textContent?.trim()).toBe('Export FHIR');
  });

  it("hosts the questionnaire links and the current course's measurement plan for the therapist", async () => {
    await open(therapistUser, fullPatient());
    await settle();
    expect(http.match('/api/patients/p-1/questionnaire-requests')).toHaveLength(1);
    expect(http.match('/api/courses/course-1/measurement-plan')).toHaveLength(1);
    expect(page.querySelector('kap-questionnaires-section h2')?.textContent?.trim()).toBe('Questionnaires');
    expect(page.querySelector('kap-measurement-plan-section h2')?.textContent?.trim()).toBe(
      'Measurement plan',
    );
  });

  it('does not offer the medical team questionnaire links or the measurement plan', async () => {
    await open(prescriberUser, reducedPatient());
    await settle();
    expect(http.match((request) => /questionnaire-requests|measurement-plan/.test(request.url))).toHaveLength(
      0,
    );
    expect(page.querySelector('kap-questionnaires-section')).toBeNull();
    expect(page.querySelector('kap-measurement-plan-section')).toBeNull();
  });

  it('does not offer the medical team "Export FHIR"', async () => {
    await open(prescriberUser, reducedPatient());
    await settle();
    expect(page.querySelector('kap-care-team-thread')).not.toBeNull();
    expect(page.querySelector('kap-fhir-export-section')).toBeNull();
  });
  describe('what needs action first, then scores and sessions', () => {
    function header(): HTMLElement {
      const found = page.querySelector<HTMLElement>('section[aria-labelledby="needs-action-heading"]');
      if (!found) throw new Error('no "Needs action" section');
      return found;
    }

    function items(): string[] {
      return Array.from(header().querySelectorAll('li')).map(
        (li) => li.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      );
    }

    it('leads with an open urgent alert in its own words, severity in words, linked to the alerts', async () => {
      const urgent = alert({ escalated: true, awaiting: ['medical_team'] });
      await open(therapistUser, fullPatient(), [medicalStatus()], {
        alerts: [urgent],
        reasons: [
          { code: 'integration_due', severity: 'warning', since: '2026-11-20' },
          // The same alert as the dashboard counts it: listed once, with its summary.
          { code: 'alert_escalated', severity: 'urgent', since: '2026-11-24T13:00:00.000Z' },
          { code: 'open_alert', severity: 'urgent', since: '2026-11-24T09:00:00.000Z' },
        ],
      });
      // Right under the name: the first section of the page.
      expect(headings()[0]).toBe('Needs action');
      const list = header().querySelector('ul');
      expect(list).not.toBeNull();
      expect(items()).toHaveLength(2);
      expect(items()[0]).toContain(urgent.summary);
      expect(items()[0]).toContain('Urgent');
      expect(items()[0]).toContain(
        'Escalated: not acknowledged in time. Waiting for the medical team to acknowledge.',
      );
      const first = header().querySelectorAll('li')[0];
      expect(first.querySelector('a')?.getAttribute('href')).toBe('/alerts');
      expect(items()[1]).toContain('Warning');
      expect(items()[1]).toContain('Integration session due since 20 Nov 2026');
      expect(header().querySelectorAll('li')[1].querySelector('a')?.getAttribute('href')).toBe(
        '/patients/p-1/sessions/new',
      );
      expect(header().textContent).not.toContain(NOTHING_NEEDS_ACTION);
    });

    it("points a session's alert at its page and unsigned notes at the timeline", async () => {
      await open(therapistUser, fullPatient(), [medicalStatus()], {
        alerts: [
          alert({
            severity: 'warning',
            sourceType: 'session',
            sourceId: 's-9',
            summary: 'Dosing session on 24 Nov 2026: systolic 172 above the limit 160.',
          }),
        ],
        reasons: [{ code: 'documentation_incomplete', severity: 'info', since: '2026-11-24T09:00:00.000Z' }],
      });
      const links = Array.from(header().querySelectorAll('a')).map((a) => [
        a.textContent?.trim(),
        a.getAttribute('href'),
      ]);
      expect(links).toEqual([
        ['Open in Alerts', '/alerts'],
        ['See the session', '/patients/p-1/sessions/s-9'],
        ['See sessions and notes', '/patients/p-1#timeline-heading'],
      ]);
    });

    it('moves focus to the section an item points at, without leaving the page', async () => {
      await open(therapistUser, fullPatient(), [medicalStatus()], {
        reasons: [{ code: 'release_expiring', severity: 'info', since: '2026-12-15' }],
      });
      const link = Array.from(header().querySelectorAll('a')).find(
        (a) => a.textContent?.trim() === 'See the release',
      );
      expect(link?.getAttribute('href')).toBe('/patients/p-1#care-team-heading');
      const click = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
      link?.dispatchEvent(click);
      expect(click.defaultPrevented).toBe(true);
      expect(document.activeElement?.id).toBe('care-team-heading');
    });

    it('says so when nothing needs action', async () => {
      await open(therapistUser, fullPatient());
      expect(items()).toEqual([]);
      expect(header().textContent).toContain(NOTHING_NEEDS_ACTION);
    });

    const quickLinks = () =>
      Array.from(page.querySelectorAll('nav[aria-label="Patient actions"] a')).map((a) => [
        a.textContent?.trim(),
        a.getAttribute('href'),
      ]);

    it('offers the therapist the packet, "Enter a score", "Log a session" and "Send a questionnaire" at the top', async () => {
      await open(therapistUser, fullPatient());
      expect(quickLinks()).toEqual([
        ['Follow-up packet', '/patients/p-1/packet'],
        ['Enter a score', '/patients/p-1/scores/new'],
        ['Log a session', '/patients/p-1/sessions/new'],
        ['Send a questionnaire', '/patients/p-1#questionnaires-heading'],
      ]);
    });

    it('"Send a questionnaire" moves focus to the questionnaires section, without leaving the page', async () => {
      await open(therapistUser, fullPatient());
      await settle();
      const link = Array.from(page.querySelectorAll('nav[aria-label="Patient actions"] a')).find(
        (a) => a.textContent?.trim() === 'Send a questionnaire',
      );
      const click = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
      link?.dispatchEvent(click);
      expect(click.defaultPrevented).toBe(true);
      expect(document.activeElement?.id).toBe('questionnaires-heading');
    });

    it('offers the medical team only "Enter a score" at the top (sessions are the therapist\'s)', async () => {
      await open(prescriberUser, reducedPatient());
      expect(quickLinks()).toEqual([['Enter a score', '/patients/p-1/scores/new']]);
    });

    it('shows the latest score of each instrument in use, with its change from the baseline', async () => {
      const point = (
        outcomeId: string,
        administeredAt: string,
        total: number | null,
        severity: string | null,
        changeFromBaseline: number | null,
        reliableChange: 'improved' | 'deteriorated' | 'none' = 'none',
      ) => ({
        outcomeId,
        administeredAt,
        total,
        severity,
        changeFromBaseline,
        reliableChange,
        response: false,
        remission: false,
        source: 'clinician' as const,
      });
      const trend = (
        instrument: OutcomeTrend['instrument'],
        points: ReturnType<typeof point>[],
      ): OutcomeTrend => ({
        instrument,
        baseline: points[0],
        points,
        reliableChangeThreshold: null,
        reliableChangeSource: null,
        events: [],
      });
      await open(therapistUser, fullPatient(), [medicalStatus()], {
        // Newest first, as the API lists them; a voided score does not put its instrument in use.
        outcomes: [
          { instrument: 'GAD7', voidedAt: null },
          { instrument: 'PHQ9', voidedAt: null },
          { instrument: 'PCL5', voidedAt: '2026-11-02T00:00:00.000Z' },
        ],
        trends: [
          trend('PHQ9', [
            point('o-1', '2026-10-01T10:00:00.000Z', 20, 'severe', 0),
            point('o-2', '2026-11-20T10:00:00.000Z', 14, 'moderate', -6, 'improved'),
          ]),
          trend('GAD7', [point('o-3', '2026-11-20T10:00:00.000Z', 9, 'mild', 0)]),
        ],
      });
      // Each card's parts, as read out one after the other.
      const scores = Array.from(page.querySelectorAll('ul[aria-label="Latest scores"] li')).map((li) =>
        Array.from(li.children).map((part) => part.textContent?.replace(/\s+/g, ' ').trim()),
      );
      expect(scores).toHaveLength(2);
      expect(scores[0]).toEqual([
        'PHQ-9 trend',
        '14 Moderate',
        expect.stringMatching(/^20 Nov 2026, \d\d:\d\d$/),
        '−6 from baseline 20, reliable improvement',
      ]);
      expect(scores[1]).toEqual(['GAD-7 trend', '9 Mild', expect.any(String), 'This is the baseline']);
      expect(page.querySelector('ul[aria-label="Latest scores"] a')?.getAttribute('href')).toBe(
        '/patients/p-1/scores/PHQ9',
      );
    });

    it('puts every section of the record one click away, each link pointing at a section that is there', async () => {
      await open(therapistUser, fullPatient());
      await settle();
      const links = Array.from(
        page.querySelectorAll<HTMLAnchorElement>('nav[aria-label="Sections of the record"] a'),
      );
      expect(links.map((a) => a.textContent?.trim())).toEqual([
        'About the patient',
        'Medical status',
        'Status history',
        'Treatment course',
        'Measurement plan',
        'Care team and release',
        'Care-team updates',
        'Disclosures',
        'Export the record',
        'Psychotherapy notes',
      ]);
      for (const link of links) {
        const id = link.getAttribute('href')?.split('#')[1] ?? '';
        expect(page.querySelector(`[id="${id}"]`)).not.toBeNull();
      }
      links[5].click();
      expect(document.activeElement?.id).toBe('care-team-heading');
    });

    it('focuses a bookmarked section once it is on the page', async () => {
      await open(therapistUser, fullPatient(), [medicalStatus()], { fragment: 'thread-heading' });
      await settle();
      // Not while the record's details wait, hidden, for the sessions above them.
      expect(document.activeElement?.id).not.toBe('thread-heading');
      answerSectionsAbove();
      await settle();
      expect(document.activeElement?.id).toBe('thread-heading');
    });

    it('offers the medical team only the sections it sees', async () => {
      await open(prescriberUser, reducedPatient());
      const links = Array.from(page.querySelectorAll('nav[aria-label="Sections of the record"] a')).map((a) =>
        a.textContent?.trim(),
      );
      expect(links).not.toContain('Disclosures');
      expect(links).not.toContain('Psychotherapy notes');
      expect(links).not.toContain('Measurement plan');
    });

    it("orders the page: what needs action, the scores, the sessions, then the record's details", async () => {
      await open(therapistUser, fullPatient());
      await settle();
      // Revealed in that order, each once the part above has loaded (no layout shift).
      const hidden = (heading: string) => !!section(heading).closest('[hidden]');
      expect(hidden('Record details')).toBe(true);
      answerSectionsAbove();
      await settle();
      expect(hidden('Sessions and notes')).toBe(false);
      expect(hidden('Record details')).toBe(false);
      const order = headings();
      expect(order.slice(0, 5)).toEqual([
        'Needs action',
        'Outcome measures',
        'Sessions and notes',
        'Questionnaires',
        'Record details',
      ]);
      // Everything else is grouped below "Record details".
      const details = page.querySelector('section[aria-labelledby="record-details-heading"]');
      for (const heading of [
        'Medical status',
        'Treatment course',
        'Measurement plan',
        'Care team and release of information',
        'Status history',
        'Care-team updates',
        'Disclosures',
        'Export the record',
        'Psychotherapy notes',
      ]) {
        expect(details?.contains(section(heading))).toBe(true);
      }
    });
  });
});
