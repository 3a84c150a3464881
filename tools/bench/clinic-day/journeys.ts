/**
 * The clinic day's journeys (issue 23, P8): whole pages as the web app asks for them. Each page
 * below makes the API calls its component makes, in the same order and parallelism (the web code
 * each one follows is named beside it), so a page's time is what a clinician waits for.
 *
 * Every page also carries the shell's unread count (`GET /api/status-updates/unread`): the shell
 * asks for it on every navigation, alongside the page's own reads (libs/web/core/src/lib/shell/shell-layout.ts).
 *
 * Therapist, one page per action, in this order, round and round: dashboard → caseload → patient
 * page → enter a score → its trend (where the app goes after saving) → log a dose → write and sign a
 * note → send a questionnaire link. Prescriber: dashboard → follow-up packet → care-team thread
 * (read, then post an update) → acknowledge an alert.
 */
import { randomUUID } from 'node:crypto';

/** A call that answered anything but 2xx, or did not answer in time: the page counts as an error. */
export class CallError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number | 'timeout' | 'network',
    detail: string,
  ) {
    super(
      `${method} ${path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')} → ${status}${detail ? `: ${detail.slice(0, 200)}` : ''}`,
    );
  }
}

/** One signed-in browser: its session cookie, and what the app keeps between pages. */
export class ApiSession {
  /** The score form's instrument list is cached by OutcomesApi for the app's lifetime. */
  instrumentsLoaded = false;

  constructor(
    private readonly baseUrl: string,
    private readonly cookie: string,
    private readonly timeoutMs: number,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.send<T>('GET', path);
  }

  post<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.send<T>('POST', path, JSON.stringify(body), headers);
  }

  private async send<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: string,
    headers: Record<string, string> = {},
  ): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers: {
          cookie: this.cookie,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      throw new CallError(
        method,
        path,
        name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network',
        (error as Error).message,
      );
    }
    const text = await response.text();
    if (!response.ok) throw new CallError(method, path, response.status, problemOf(text));
    return (text ? JSON.parse(text) : null) as T;
  }
}

/** The error body's code and message (docs/api.md "Errors"), without its request id, so that like errors group. */
function problemOf(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: string; message?: string };
    return `${body.error ?? ''} ${body.message ?? ''}`.trim();
  } catch {
    return text;
  }
}

export type Role = 'therapist' | 'prescriber';

export interface Clinician {
  role: Role;
  email: string;
  api: ApiSession;
  /** The patients this clinician works on (the caseload, or the team's linked patients). */
  patients: string[];
  /** Pages done so far: the next page is `journey[step % journey.length]`. */
  step: number;
}

/** Shared by all simulated clinicians of a run. */
export interface ClinicContext {
  /** Alerts some prescriber has taken to acknowledge: two never acknowledge the same one (409). */
  takenAlerts: Set<string>;
  /** Notes and scores are written as if now: a fixed clock per run keeps the bodies comparable. */
  now: () => Date;
}

export interface Page {
  kind: string;
  /** `patientId`: the patient of this round of the clinician's journey (see nextVisit). */
  run(clinician: Clinician, context: ClinicContext, patientId: string): Promise<void>;
}

interface Item {
  id: string;
}
interface Page_<T> {
  items: T[];
}
interface PatientRecord {
  id: string;
  currentCourse?: { id: string } | null;
}
interface OutcomeItem {
  instrument: string;
  voidedAt: string | null;
}
interface AlertItem {
  id: string;
  patientId: string;
}

const id = encodeURIComponent;
const patientUrl = (patientId: string) => `/api/patients/${id(patientId)}`;
const unread = (c: Clinician) => c.api.get('/api/status-updates/unread');
const key = () => ({ 'idempotency-key': `clinic-${randomUUID()}` });
const minutesAgo = (context: ClinicContext, minutes: number) =>
  new Date(context.now().getTime() - minutes * 60_000).toISOString();

// ---------------------------------------------------------------------------------------------
// Therapist pages

/** sharing/dashboard/dashboard-page.ts: the dashboard; the unread count beside it. */
const dashboard: Page = {
  kind: 'dashboard',
  async run(c) {
    await Promise.all([unread(c), c.api.get('/api/dashboard')]);
  },
};

/** patients/caseload/caseload-page.ts: the first page of the caseload (PatientsApi.list, limit 50). */
const caseload: Page = {
  kind: 'caseload',
  async run(c) {
    await Promise.all([unread(c), c.api.get('/api/patients?limit=50')]);
  },
};

/**
 * patients/patient/patient-page.ts. First PatientStore.refresh (record, medical status, courses in
 * parallel); with the record there, the page draws its sections, each asking for its own data at
 * once: needs-action (open alerts ∥ dashboard), latest scores (the scores, then one trend per
 * instrument in use, in parallel), the timeline (sessions ∥ notes), the therapist's psychotherapy
 * notes, the care-team thread, disclosures, questionnaire links, the current course's plan and the
 * care-team panel's list of medical teams.
 */
async function patientPage(c: Clinician, patientId: string): Promise<PatientRecord> {
  const p = patientUrl(patientId);
  const [, patient] = await Promise.all([
    unread(c),
    c.api.get<PatientRecord>(p),
    c.api.get(`${p}/medical-status`),
    c.api.get(`${p}/courses`),
  ]);
  const courseId = patient.currentCourse?.id;
  await Promise.all([
    c.api.get(`/api/alerts?status=open&patientId=${id(patientId)}&limit=50`),
    c.api.get('/api/dashboard'),
    (async () => {
      const scores = await c.api.get<Page_<OutcomeItem>>(`${p}/outcomes?limit=200`);
      const instruments = [...new Set(scores.items.filter((s) => !s.voidedAt).map((s) => s.instrument))];
      await Promise.all(instruments.map((code) => c.api.get(`${p}/outcomes/trend?instrument=${id(code)}`)));
    })(),
    c.api.get(`${p}/sessions?limit=100`),
    c.api.get(`${p}/notes?limit=200`),
    c.api.get(`${p}/psychotherapy-notes?limit=200`),
    c.api.get(`${p}/status-updates?limit=100`),
    c.api.get(`${p}/disclosures?limit=50`),
    c.api.get(`${p}/questionnaire-requests`),
    // The care-team panel's choice of medical teams (care-team-panel.ts: the therapist may edit).
    c.api.get('/api/medical-teams?limit=200'),
    ...(courseId ? [c.api.get(`/api/courses/${id(courseId)}/measurement-plan`)] : []),
  ]);
  return patient;
}

const patient: Page = {
  kind: 'patient page',
  async run(c, _context, patientId) {
    await patientPage(c, patientId);
  },
};

/**
 * outcomes/score-entry/score-entry-page.ts: the instrument list (once per app session, then
 * cached) ∥ the patient; then the PHQ-9 is saved with an idempotency key.
 */
const scoreEntry: Page = {
  kind: 'enter a score',
  async run(c, context, patientId) {
    const first = !c.api.instrumentsLoaded;
    await Promise.all([
      unread(c),
      c.api.get(patientUrl(patientId)),
      ...(first ? [c.api.get('/api/instruments')] : []),
    ]);
    c.api.instrumentsLoaded = true;
    await c.api.post(
      `${patientUrl(patientId)}/outcomes`,
      {
        instrument: 'PHQ9',
        administeredAt: minutesAgo(context, 5),
        items: [1, 2, 1, 1, 0, 1, 2, 1, 0],
        difficulty: 1,
      },
      key(),
    );
  },
};

/** outcomes/trend/trend-page.ts (with trend-reads.ts): patient ∥ trend ∥ the instrument's scores. */
const trend: Page = {
  kind: 'trend',
  async run(c, _context, patientId) {
    const p = patientUrl(patientId);
    await Promise.all([
      unread(c),
      c.api.get(p),
      c.api.get(`${p}/outcomes/trend?instrument=PHQ9`),
      c.api.get(`${p}/outcomes?instrument=PHQ9&limit=200`),
    ]);
  },
};

/**
 * sessions/log-session/log-session-page.ts: patient ∥ courses, then medical status ∥ sessions
 * (the dose checks' data); then a dosing session with its vitals is saved. A dose is always
 * stored (docs/api.md "Orders, status and the dose"); its warnings may raise alerts, as in a clinic.
 */
const logDose: Page = {
  kind: 'log a dose',
  async run(c, context, patientId) {
    const p = patientUrl(patientId);
    const [, record] = await Promise.all([unread(c), c.api.get<PatientRecord>(p), c.api.get(`${p}/courses`)]);
    await Promise.all([c.api.get(`${p}/medical-status`), c.api.get(`${p}/sessions?limit=100`)]);
    const occurredAt = minutesAgo(context, 120);
    await c.api.post(
      `${p}/sessions`,
      {
        kind: 'dosing',
        occurredAt,
        durationMinutes: 90,
        setting: 'in_person',
        courseId: record.currentCourse?.id ?? null,
        dosing: {
          route: 'sublingual',
          doseLabel: 'half_dissociative',
          doseMg: 100,
          vitals: [
            {
              at: minutesAgo(context, 125),
              phase: 'pre',
              systolic: 122,
              diastolic: 78,
              heartRate: 72,
              spo2: 98,
            },
            {
              at: minutesAgo(context, 35),
              phase: 'post',
              systolic: 128,
              diastolic: 82,
              heartRate: 76,
              spo2: 98,
            },
          ],
        },
      },
      key(),
    );
  },
};

/**
 * sessions/notes/note-editor-page.ts: the patient (the page's context); the draft is saved (POST,
 * idempotency key), then signed.
 */
const note: Page = {
  kind: 'write and sign a note',
  async run(c, _context, patientId) {
    const p = patientUrl(patientId);
    await Promise.all([unread(c), c.api.get(p)]);
    const draft = await c.api.post<Item>(
      `${p}/notes`,
      {
        kind: 'progress',
        body: 'Progress note: mood steadier this week, sleep improved; plan unchanged.',
        shareWithMedicalTeam: true,
      },
      key(),
    );
    await c.api.post(`/api/notes/${id(draft.id)}/sign`, {});
  },
};

/** outcomes/self-report/questionnaires-section.ts on the patient page: one link, PHQ-9 and GAD-7. */
const questionnaireLink: Page = {
  kind: 'send a questionnaire link',
  async run(c, _context, patientId) {
    await c.api.post(`${patientUrl(patientId)}/questionnaire-requests`, {
      instruments: ['PHQ9', 'GAD7'],
      expiresInHours: 72,
    });
  },
};

export const THERAPIST_JOURNEY: Page[] = [
  dashboard,
  caseload,
  patient,
  scoreEntry,
  trend,
  logDose,
  note,
  questionnaireLink,
];

// ---------------------------------------------------------------------------------------------
// Prescriber pages

/** sharing/packet/packet-page.ts: the follow-up packet of one linked patient. */
const packet: Page = {
  kind: 'packet',
  async run(c, _context, patientId) {
    await Promise.all([unread(c), c.api.get(`${patientUrl(patientId)}/follow-up-packet`)]);
  },
};

/**
 * sharing/thread/care-team-thread.ts: the thread's first page; starting to write loads the pickers'
 * choices (sessions ∥ scores ∥ notes); then the prescriber posts an update (idempotency key).
 */
const thread: Page = {
  kind: 'thread',
  async run(c, _context, patientId) {
    const p = patientUrl(patientId);
    await Promise.all([unread(c), c.api.get(`${p}/status-updates?limit=100`)]);
    await Promise.all([
      c.api.get(`${p}/sessions?limit=100`),
      c.api.get(`${p}/outcomes?limit=100`),
      c.api.get(`${p}/notes?limit=100`),
    ]);
    await c.api.post(
      `${p}/status-updates`,
      {
        kind: 'follow_up',
        urgency: 'routine',
        body: 'Reviewed the latest scores and vitals; continue as ordered.',
      },
      key(),
    );
  },
};

/**
 * outcomes/alerts/alerts-page.ts and acknowledge-alert-dialog.ts: the open alerts, then the first
 * one no other simulated prescriber has taken is acknowledged with the action taken. With none
 * left, the page is the list alone.
 */
const acknowledge: Page = {
  kind: 'acknowledge an alert',
  async run(c, context) {
    const [, open] = await Promise.all([
      unread(c),
      c.api.get<Page_<AlertItem>>('/api/alerts?status=open&limit=50'),
    ]);
    const alert = open.items.find((a) => !context.takenAlerts.has(a.id));
    if (!alert) return;
    context.takenAlerts.add(alert.id);
    await c.api.post(`/api/alerts/${id(alert.id)}/acknowledge`, {
      action: 'Reviewed with the patient by phone; no change to the orders.',
    });
  },
};

export const PRESCRIBER_JOURNEY: Page[] = [
  { kind: 'prescriber dashboard', run: dashboard.run },
  packet,
  thread,
  acknowledge,
];

export const journeyOf = (role: Role): Page[] =>
  role === 'therapist' ? THERAPIST_JOURNEY : PRESCRIBER_JOURNEY;

/** The clinician's next page and its patient: each round of the journey moves on to the next patient. */
export function nextVisit(c: Clinician): { page: Page; patientId: string } {
  const journey = journeyOf(c.role);
  const step = c.step++;
  return {
    page: journey[step % journey.length],
    patientId: c.patients[Math.floor(step / journey.length) % c.patients.length],
  };
}

/** Every page kind in report order. */
export const PAGE_KINDS = [...THERAPIST_JOURNEY, ...PRESCRIBER_JOURNEY].map((p) => p.kind);

// ---------------------------------------------------------------------------------------------
// Signing in

const PASSWORD = process.env['DEMO_PASSWORD'] || 'kap-demo-2026';

/** The scale data's accounts (tools/scale/clinical-sql.ts): therapist n of the data set, prescriber m. */
export function therapistEmail(n: number): string {
  return n === 0 ? 'therapist@demo.test' : n === 1 ? 'therapist2@demo.test' : `therapist${n}@scale.test`;
}
export function prescriberEmail(m: number): string {
  return m === 0 ? 'prescriber@demo.test' : `prescriber${m}@scale.test`;
}

async function signIn(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('kap_session='));
  if (!response.ok || !cookie)
    throw new Error(
      `Sign-in as ${email} failed (${response.status} ${await response.text()}). Is this a database made by npm run seed:scale?`,
    );
  return cookie.split(';')[0];
}

/**
 * Signs in one simulated clinician (its own session) and reads the patients it will work on. When
 * the run has more clinicians of a role than the data set has accounts, accounts are shared, each
 * simulated clinician still with a session of its own.
 */
export async function signInClinician(
  baseUrl: string,
  role: Role,
  account: number,
  timeoutMs: number,
  /** Where in the patient list this clinician starts (clinicians sharing an account start apart). */
  offset = 0,
): Promise<Clinician> {
  const email = role === 'therapist' ? therapistEmail(account) : prescriberEmail(account);
  const api = new ApiSession(baseUrl, await signIn(baseUrl, email), timeoutMs);
  const list = await api.get<Page_<Item>>('/api/patients?limit=50');
  if (list.items.length === 0) throw new Error(`${email} sees no patients: nothing to work on.`);
  const ids = list.items.map((p) => p.id);
  const start = offset % ids.length;
  const patients = [...ids.slice(start), ...ids.slice(0, start)];
  return { role, email, api, patients, step: 0 };
}
