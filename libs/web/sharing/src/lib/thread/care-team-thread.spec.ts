import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap } from '@angular/router';
import type { CareTeam, StatusUpdate, User } from '@kap/shared/contracts';
import { AuthStore, loadUnreadUpdates } from '@kap/web/core';
import { OpenPatientCareTeam } from '@kap/web/core/care-team';
import { of } from 'rxjs';
import { note, outcome, session, statusUpdate } from '../../testing/sharing-fixtures';
import { CareTeamThread, writeBlockedReason } from './care-team-thread';
import { RELEASE_REQUIRED_MESSAGE } from './thread-view';

const person = (role: User['role'], organizationKind: User['organizationKind']): User => ({
  id: 'u-1',
  email: 'x@demo.test',
  displayName: 'Someone',
  role,
  organizationId: 'o-1',
  organizationKind,
});

const fromTeam = statusUpdate({
  id: 'u-2',
  from: 'medical_team',
  kind: 'prescription',
  urgency: 'routine',
  body: 'Refill written for two more doses.',
  author: { id: 'user-p', displayName: 'Dr. Elena Morales, MD' },
  createdAt: '2026-11-22T08:00:00.000Z',
});

const linkedTeam = (overrides: Partial<CareTeam> = {}): CareTeam => ({
  medicalTeamId: 'team-1',
  medicalTeamName: 'Riverside Ketamine Clinic',
  releaseOfInformation: { signedOn: '2025-11-01', expiresOn: '2026-10-31', scope: null },
  releaseStatus: 'expired',
  releaseDaysLeft: -20,
  sharing: false,
  linkedAt: '2025-11-01T10:00:00.000Z',
  ...overrides,
});

describe('writeBlockedReason', () => {
  it('holds the practice back without a linked team, or without a release valid today', () => {
    expect(writeBlockedReason('practice', null)).toBe(
      'No medical team is linked to this patient, so there is no one to write to. Link the medical team, with the patient\'s signed release of information, under "Care team and release of information".',
    );
    expect(writeBlockedReason('practice', linkedTeam())).toBe(
      'The release of information expired on 31 Oct 2026: nothing can be shared with Riverside Ketamine Clinic until a new one is recorded under "Care team and release of information".',
    );
    expect(
      writeBlockedReason(
        'practice',
        linkedTeam({
          releaseStatus: 'not_yet_valid',
          releaseOfInformation: { signedOn: '2026-12-01', expiresOn: '2027-11-30', scope: null },
        }),
      ),
    ).toBe(
      'The release of information is valid from 1 Dec 2026: nothing can be shared with Riverside Ketamine Clinic before then.',
    );
  });

  it('lets the practice write under a valid or expiring release, the medical team always, and leaves the unknown to the API', () => {
    expect(writeBlockedReason('practice', linkedTeam({ releaseStatus: 'valid', sharing: true }))).toBeNull();
    expect(
      writeBlockedReason('practice', linkedTeam({ releaseStatus: 'expiring_soon', sharing: true })),
    ).toBeNull();
    expect(writeBlockedReason('medical_team', linkedTeam())).toBeNull();
    expect(writeBlockedReason('practice', undefined)).toBeNull();
  });
});

describe('CareTeamThread', () => {
  let http: HttpTestingController;
  let page: HTMLElement;
  let fixture: ReturnType<typeof TestBed.createComponent<CareTeamThread>>;

  async function settle(): Promise<void> {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  async function open(user: User, updates: StatusUpdate[]): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: ActivatedRoute, useValue: { paramMap: of(convertToParamMap({ id: 'p-1' })) } },
        { provide: AuthStore, useValue: { user: signal(user).asReadonly() } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CareTeamThread);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    http.expectOne('/api/patients/p-1/status-updates?limit=100').flush({ items: updates, nextCursor: null });
    await settle();
  }

  const buttons = () => Array.from(page.querySelectorAll<HTMLButtonElement>('button'));
  const button = (text: string) => buttons().find((b) => b.textContent?.trim().startsWith(text));
  const entries = () => Array.from(page.querySelectorAll<HTMLElement>('ol.thread > li'));

  async function startCompose(): Promise<void> {
    button('Write an update')?.click();
    await settle();
    http.expectOne('/api/patients/p-1/sessions?limit=100').flush({ items: [session()], nextCursor: null });
    http.expectOne('/api/patients/p-1/outcomes?limit=100').flush({ items: [outcome()], nextCursor: null });
    http.expectOne('/api/patients/p-1/notes?limit=100').flush({
      items: [note(), note({ id: 'n-draft', status: 'draft', signedAt: null, body: 'Draft only' })],
      nextCursor: null,
    });
    await settle();
  }

  function type(selector: string, value: string): void {
    const field = page.querySelector<HTMLTextAreaElement>(selector) as HTMLTextAreaElement;
    field.value = value;
    field.dispatchEvent(new Event('input'));
  }

  afterEach(() => http.verify());

  it('shows the thread oldest first, and offers Acknowledge only on the other side’s unacknowledged updates', async () => {
    await open(person('therapist', 'practice'), [statusUpdate(), fromTeam]);
    const [first, second] = entries();
    expect(first.querySelector('h3')?.textContent).toBe('Request for review');
    expect(first.textContent).toContain('From the practice');
    expect(first.textContent).toContain('Not acknowledged yet');
    expect(first.querySelector('button')).toBeNull();
    expect(second.querySelector('h3')?.textContent).toBe('Prescription');
    expect(second.textContent).toContain('From the medical team · Dr. Elena Morales, MD');
    expect(second.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-22T08:00:00.000Z');
    expect(second.querySelector('button')?.textContent).toContain('Acknowledge');
  });

  it('acknowledges, shows who did, says so politely and refreshes the unread count', async () => {
    await open(person('therapist', 'practice'), [fromTeam]);
    button('Acknowledge')?.click();
    await settle();
    const req = http.expectOne({ method: 'POST', url: '/api/status-updates/u-2/acknowledge' });
    req.flush({
      ...fromTeam,
      acknowledgedAt: '2026-11-23T09:00:00.000Z',
      acknowledgedBy: { id: 'u-1', displayName: 'Sam Okafor, LCSW' },
    });
    await settle();
    // The unread store is loaded on demand; once it is there, the badge's count is asked for again.
    await loadUnreadUpdates();
    await settle();
    http.expectOne('/api/status-updates/unread').flush({ total: 0, byPatient: [] });
    await settle();
    expect(entries()[0].textContent).toMatch(/Acknowledged 23 Nov 2026, \d\d:\d\d by Sam Okafor, LCSW/);
    expect(button('Acknowledge')).toBeUndefined();
    expect(page.querySelector('[role="status"]')?.textContent).toContain(
      'Acknowledged: prescription from Dr. Elena Morales, MD',
    );
  });

  it('composes with pickers (only shareable notes), shows the release message on 409 and appends the sent update', async () => {
    await open(person('therapist', 'practice'), [fromTeam]);
    await startCompose();
    const form = page.querySelector('form.compose') as HTMLFormElement;
    expect(form.querySelector('h3')?.textContent).toBe('New update to the medical team');
    expect(document.activeElement?.id).toBe('update-kind');
    const labels = Array.from(form.querySelectorAll('label.pick')).map((l) => l.textContent?.trim());
    expect(labels).toHaveLength(3);
    expect(labels.some((l) => l?.includes('Draft only'))).toBe(false);

    const select = form.querySelector<HTMLSelectElement>('#update-urgency') as HTMLSelectElement;
    select.value = 'urgent';
    select.dispatchEvent(new Event('change'));
    const kind = form.querySelector<HTMLSelectElement>('#update-kind') as HTMLSelectElement;
    kind.value = 'safety_concern';
    kind.dispatchEvent(new Event('change'));
    type('#update-body', 'Low mood after the last dose; please review.');
    const boxes = Array.from(form.querySelectorAll<HTMLInputElement>('input[type="checkbox"]'));
    boxes[0].click();
    boxes[2].click();
    await settle();
    button('Send update')?.click();
    await settle();
    const first = http.expectOne({ method: 'POST', url: '/api/patients/p-1/status-updates' });
    expect(first.request.body).toEqual({
      kind: 'safety_concern',
      urgency: 'urgent',
      body: 'Low mood after the last dose; please review.',
      include: { sessionIds: ['s-1'], noteIds: ['n-1'] },
    });
    const key = first.request.headers.get('Idempotency-Key');
    expect(key).toBeTruthy();
    first.flush(
      { error: 'release_of_information_required', message: 'No release.' },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    expect(form.querySelector('.send-error [role="alert"]')?.textContent?.trim()).toBe(
      RELEASE_REQUIRED_MESSAGE,
    );

    button('Send update')?.click();
    await settle();
    const retry = http.expectOne({ method: 'POST', url: '/api/patients/p-1/status-updates' });
    // The same update: a retry after a lost answer must not post it twice.
    expect(retry.request.headers.get('Idempotency-Key')).toBe(key);
    retry.flush(
      statusUpdate({
        id: 'u-3',
        kind: 'safety_concern',
        urgency: 'urgent',
        body: 'Low mood after the last dose; please review.',
      }),
    );
    await settle();
    expect(page.querySelector('form.compose')).toBeNull();
    expect(entries()).toHaveLength(2);
    expect(entries()[1].querySelector('h3')?.textContent).toBe('Safety concern');
    expect(page.querySelector('[role="status"]')?.textContent).toBe('Update sent to the medical team.');
    // Focus goes back where the person started, not to the top of the page.
    expect(document.activeElement?.textContent?.trim()).toBe('Write an update');
  });

  it('refuses an empty message without calling the server, and names the API’s field problems', async () => {
    await open(person('prescriber', 'medical_team'), []);
    await startCompose();
    expect(page.querySelector('form.compose h3')?.textContent).toBe('New update to the practice');
    button('Send update')?.click();
    await settle();
    http.expectNone({ method: 'POST', url: '/api/patients/p-1/status-updates' });
    expect(page.querySelector('#update-body')?.getAttribute('aria-invalid')).toBe('true');
    expect(page.querySelector('.send-error [role="alert"]')?.textContent).toContain(
      'Message: write what the other side needs to know.',
    );

    type('#update-body', 'Eligible.');
    button('Send update')?.click();
    await settle();
    http.expectOne({ method: 'POST', url: '/api/patients/p-1/status-updates' }).flush(
      {
        error: 'validation_failed',
        message: 'Check the update.',
        details: [{ field: 'include.noteIds[0]', problem: 'is not shareable' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(page.querySelector('.send-error [role="alert"]')?.textContent?.trim()).toBe(
      'Check the update. Attached note 1 is not shareable',
    );
  });

  it('lets a practice admin read the thread, not write or acknowledge', async () => {
    await open(person('practice_admin', 'practice'), [fromTeam]);
    expect(entries()).toHaveLength(1);
    expect(button('Acknowledge')).toBeUndefined();
    expect(button('Write an update')).toBeUndefined();
  });

  it('says what to do when there are no updates yet', async () => {
    await open(person('therapist', 'practice'), []);
    expect(page.querySelector('kap-empty-state')?.textContent).toContain(
      'No updates yet. Write one to tell the medical team',
    );
  });

  it('shows a follow-up packet as a card: its period in words and a link to the packet, the text as sent one click away', async () => {
    const packet = statusUpdate({
      id: 'u-3',
      kind: 'follow_up',
      urgency: 'routine',
      body: 'Ready for Thursday.\n\nFOLLOW-UP PACKET: Aiyana Redcloud\nSince 2026-11-01 (generated 2026-12-04T12:00:00.000Z)\n\nCOURSE',
    });
    await open(person('prescriber', 'medical_team'), [packet]);

    const card = page.querySelector('.packet-card') as HTMLElement;
    expect(card.querySelector('.packet-title')?.textContent).toBe('Follow-up packet for 1 Nov – 4 Dec 2026');
    expect(card.querySelector('a')?.getAttribute('href')).toBe('/patients/p-1/packet');
    expect(card.querySelector('details summary')?.textContent).toBe('Show the packet as sent');
    // The note leads; the ISO timestamp is only in the text as sent, behind the disclosure.
    const article = page.querySelector('article') as HTMLElement;
    expect(article.querySelector(':scope > p.body')?.textContent).toBe('Ready for Thursday.');
    expect(card.querySelector('details p')?.textContent).toContain('generated 2026-12-04T12:00:00.000Z');
  });

  it('disables "Write an update" with the reason beside it while no team is linked, and enables it once one is', async () => {
    await open(person('therapist', 'practice'), []);
    const careTeams = TestBed.inject(OpenPatientCareTeam);
    careTeams.show('p-1', null);
    await settle();

    const write = button('Write an update') as HTMLButtonElement;
    // Still reachable with Tab, so the reason is read with it.
    expect(write.getAttribute('aria-disabled')).toBe('true');
    expect(write.getAttribute('aria-describedby')).toBe('write-blocked');
    expect(page.querySelector('#write-blocked')?.textContent).toContain(
      'No medical team is linked to this patient',
    );
    write.click();
    await settle();
    expect(page.querySelector('form.compose')).toBeNull();
    http.expectNone('/api/patients/p-1/sessions?limit=100');

    // Linked on the same page (the patient page's care-team panel): the button follows at once.
    careTeams.show('p-1', linkedTeam({ releaseStatus: 'valid', sharing: true }));
    await settle();
    expect(write.getAttribute('aria-disabled')).toBeNull();
    expect(write.getAttribute('aria-describedby')).toBeNull();
    expect(page.querySelector('#write-blocked')).toBeNull();
    await startCompose();
    expect(page.querySelector('form.compose')).not.toBeNull();
  });

  it('says why an expired release holds the update back, for the patient on the page only', async () => {
    await open(person('therapist', 'practice'), []);
    const careTeams = TestBed.inject(OpenPatientCareTeam);
    careTeams.show('p-other', null);
    await settle();
    expect(button('Write an update')?.getAttribute('aria-disabled')).toBeNull();

    careTeams.show('p-1', linkedTeam());
    await settle();
    expect(button('Write an update')?.getAttribute('aria-disabled')).toBe('true');
    expect(page.querySelector('#write-blocked')?.textContent).toContain(
      'The release of information expired on 31 Oct 2026',
    );
  });
});
