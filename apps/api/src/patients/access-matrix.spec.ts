import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { routeTable } from '@kap/api/platform';
import {
  cookiesOf,
  createCareWorld,
  createPatient,
  dayFromToday,
  linkTeam,
  newPatientBody,
  type CareWorld,
} from '../testing/care-world';
import type { Person } from '../testing/fixtures';
import { PATIENT_AREA } from '../testing/route-areas';
import { createTestApp, type TestApp } from '../testing/test-app';

/**
 * R2, R3, R10: every route of the patients area against every kind of caller. The table is keyed
 * by the router's own "METHOD /path", and a route the router has but the table lacks fails the
 * suite, so a new route cannot go untested.
 */
const ACTORS = [
  'own',
  'otherTherapist',
  'admin',
  'foreignTherapist',
  'linkedPrescriber',
  'otherTeamPrescriber',
  'expiredTeamPrescriber',
  'noSession',
] as const;
type Actor = (typeof ACTORS)[number];

interface Target {
  patientId: string;
  courseId: string;
  sessionId: string;
  /** A signed note shared with the team, linked to the session. */
  noteId: string;
  /** A draft note (for PATCH and sign). */
  draftNoteId: string;
  /** The own therapist's psychotherapy note. */
  psychotherapyNoteId: string;
  /** An update from the medical team, not yet acknowledged. */
  statusUpdateId: string;
  /** A PHQ-9 entered by the own therapist, with item 9 above 0. */
  outcomeId: string;
  /** The urgent alert that score raised. */
  alertId: string;
  /** An open questionnaire link (PHQ-9) the own therapist sent. */
  questionnaireRequestId: string;
}

interface Call {
  url: string;
  payload?: object;
  headers?: Record<string, string>;
}

interface RouteRow {
  call: (target: Target, t: TestApp) => Promise<Call> | Call;
  expect: Record<Actor, number>;
  /** For lists: whether the target patient appears, per caller that gets a 200. */
  lists?: Partial<Record<Actor, boolean>>;
  /**
   * `patient`: one audit event naming the target; `list`: one event without a patient; `none`.
   * `patientWhenSeen`: names the patient only when the caller may see the record (psychotherapy
   * notes are looked up by author, so a denied caller learns nothing, not even which patient).
   */
  audit: 'patient' | 'list' | 'created' | 'none' | 'patientWhenSeen';
  /** Callers refused by the use case itself (not by their role): the refusal is audited as a failure. */
  auditedForbidden?: Actor[];
  /** Changes the target for good (archive): every cell gets fresh patients. */
  destructive?: boolean;
}

// `GET /api/alerts` lists across the caseload: the practice matrix (foundation/access-matrix.spec.ts) has it.
const AREA = PATIENT_AREA;
const statuses = (
  own: number,
  otherTherapist: number,
  admin: number,
  foreignTherapist: number,
  linkedPrescriber: number,
  otherTeamPrescriber: number,
  expiredTeamPrescriber: number,
) => ({
  own,
  otherTherapist,
  admin,
  foreignTherapist,
  linkedPrescriber,
  otherTeamPrescriber,
  expiredTeamPrescriber,
  noSession: 401,
});

const versionOf = async (t: TestApp, table: 'patient' | 'course' | 'therapy_session' | 'note', id: string) =>
  String(
    (await t.app.get(DataSource).query(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0]?.version ?? 1,
  );
/** A course's measurement plan version: 0 while it has none. */
const planVersionOf = async (t: TestApp, courseId: string) =>
  String(
    (
      await t.app
        .get(DataSource)
        .query(`SELECT version FROM measurement_plan WHERE course_id = $1`, [courseId])
    )[0]?.version ?? 0,
  );

const ROUTES: Record<string, RouteRow> = {
  'GET /api/patients': {
    call: () => ({ url: '/api/patients?limit=200' }),
    expect: statuses(200, 200, 200, 200, 200, 200, 200),
    lists: {
      own: true,
      otherTherapist: false,
      admin: true,
      foreignTherapist: false,
      linkedPrescriber: true,
      otherTeamPrescriber: false,
      expiredTeamPrescriber: false,
    },
    audit: 'list',
  },
  'POST /api/patients': {
    call: () => ({ url: '/api/patients', payload: newPatientBody() }), // an admin also names the therapist (below)
    expect: statuses(201, 201, 201, 201, 403, 403, 403),
    audit: 'created',
  },
  'GET /api/patients/:id': {
    call: (target) => ({ url: `/api/patients/${target.patientId}` }),
    expect: statuses(200, 404, 200, 404, 200, 404, 404),
    audit: 'patient',
  },
  'PATCH /api/patients/:id': {
    call: async (target, t) => ({
      url: `/api/patients/${target.patientId}`,
      payload: { pronouns: 'they/them' },
      headers: { 'if-match': `"${await versionOf(t, 'patient', target.patientId)}"` },
    }),
    expect: statuses(200, 404, 200, 404, 403, 403, 403),
    audit: 'patient',
  },
  'DELETE /api/patients/:id': {
    call: () => ({ url: '', payload: {} }), // replaced in beforeAll: the practice acknowledges the target's alert first
    expect: statuses(204, 404, 204, 404, 403, 403, 403),
    audit: 'patient',
    destructive: true,
  },
  'PUT /api/patients/:id/care-team': {
    call: () => ({ url: '', payload: {} }), // replaced in beforeAll: needs the world's team id
    expect: statuses(200, 404, 200, 404, 403, 403, 403),
    audit: 'patient',
  },
  'GET /api/patients/:id/medical-status': {
    call: (target) => ({ url: `/api/patients/${target.patientId}/medical-status` }),
    expect: statuses(200, 404, 200, 404, 200, 404, 404),
    audit: 'patient',
  },
  'POST /api/patients/:id/medical-status': {
    call: (target, t) => ({
      url: `/api/patients/${target.patientId}/medical-status`,
      payload: { asOf: t.clock.now().toISOString(), eligibility: 'eligible' },
    }),
    expect: statuses(201, 404, 403, 404, 201, 404, 404),
    audit: 'patient',
  },
  'GET /api/patients/:id/courses': {
    call: (target) => ({ url: `/api/patients/${target.patientId}/courses` }),
    expect: statuses(200, 404, 200, 404, 200, 404, 404),
    audit: 'patient',
  },
  'POST /api/patients/:id/courses': {
    call: (target, t) => ({
      url: `/api/patients/${target.patientId}/courses`,
      payload: { indication: 'depression', startedOn: dayFromToday(t.clock, 0) },
    }),
    expect: statuses(201, 404, 403, 404, 403, 403, 403),
    audit: 'patient',
  },
  'PATCH /api/courses/:id': {
    call: async (target, t) => ({
      url: `/api/courses/${target.courseId}`,
      payload: { phase: 'preparation' },
      headers: { 'if-match': `"${await versionOf(t, 'course', target.courseId)}"` },
    }),
    expect: statuses(200, 404, 403, 404, 403, 403, 403),
    audit: 'patient',
  },
  'GET /api/patients/:id/outcomes': {
    call: (target) => ({ url: `/api/patients/${target.patientId}/outcomes` }),
    expect: statuses(200, 404, 200, 404, 200, 404, 404),
    audit: 'patient',
  },
  'GET /api/patients/:id/outcomes/trend': {
    call: (target) => ({ url: `/api/patients/${target.patientId}/outcomes/trend?instrument=PHQ9` }),
    expect: statuses(200, 404, 200, 404, 200, 404, 404),
    audit: 'patient',
  },
  'POST /api/patients/:id/outcomes': {
    call: (target, t) => ({
      url: `/api/patients/${target.patientId}/outcomes`,
      payload: {
        instrument: 'GAD7',
        administeredAt: t.clock.now().toISOString(),
        items: [1, 1, 1, 1, 1, 1, 1],
      },
    }),
    expect: statuses(201, 404, 403, 404, 201, 404, 404),
    audit: 'patient',
  },
  'POST /api/patients/:id/sessions': {
    call: (target, t) => ({
      url: `/api/patients/${target.patientId}/sessions`,
      payload: {
        kind: 'integration',
        occurredAt: t.clock.now().toISOString(),
        durationMinutes: 50,
        setting: 'remote',
        courseId: target.courseId,
      },
    }),
    expect: statuses(201, 404, 403, 404, 403, 403, 403),
    audit: 'patient',
  },
  'GET /api/patients/:id/sessions': {
    call: (target) => ({ url: `/api/patients/${target.patientId}/sessions` }),
    expect: statuses(200, 404, 200, 404, 200, 404, 404),
    audit: 'patient',
  },
  'GET /api/sessions/:id': {
    call: (target) => ({ url: `/api/sessions/${target.sessionId}` }),
    expect: statuses(200, 404, 200, 404, 200, 404, 404),
    audit: 'patient',
  },
  'PATCH /api/sessions/:id': {
    call: async (target, t) => ({
      url: `/api/sessions/${target.sessionId}`,
      payload: { durationMinutes: 55 },
      headers: { 'if-match': `"${await versionOf(t, 'therapy_session', target.sessionId)}"` },
    }),
    expect: statuses(200, 404, 403, 404, 403, 403, 403),
    audit: 'patient',
  },
  'POST /api/patients/:id/notes': {
    call: (target) => ({
      url: `/api/patients/${target.patientId}/notes`,
      payload: { kind: 'progress', body: 'Progress note', shareWithMedicalTeam: false },
    }),
    expect: statuses(201, 404, 403, 404, 403, 403, 403),
    audit: 'patient',
  },
  'GET /api/patients/:id/notes': {
    call: (target) => ({ url: `/api/patients/${target.patientId}/notes` }),
    expect: statuses(200, 404, 200, 404, 200, 404, 404),
    audit: 'patient',
  },
  'GET /api/notes/:id': {
    call: (target) => ({ url: `/api/notes/${target.noteId}` }),
    expect: statuses(200, 404, 200, 404, 200, 404, 404),
    audit: 'patient',
  },
  'PATCH /api/notes/:id': {
    call: async (target, t) => ({
      url: `/api/notes/${target.draftNoteId}`,
      payload: { body: 'Draft, revised' },
      headers: { 'if-match': `"${await versionOf(t, 'note', target.draftNoteId)}"` },
    }),
    // The team never sees a draft, but its role may not write notes at all: 403 comes first.
    expect: statuses(200, 404, 403, 404, 403, 403, 403),
    audit: 'patient',
  },
  'POST /api/notes/:id/sign': {
    call: (target) => ({ url: `/api/notes/${target.draftNoteId}/sign` }),
    expect: statuses(200, 404, 403, 404, 403, 403, 403),
    audit: 'patient',
    destructive: true,
  },
  'POST /api/notes/:id/addenda': {
    call: (target) => ({
      url: `/api/notes/${target.noteId}/addenda`,
      payload: { body: 'Addendum', reason: 'Correction' },
    }),
    expect: statuses(201, 404, 403, 404, 403, 403, 403),
    audit: 'patient',
  },
  'POST /api/patients/:id/psychotherapy-notes': {
    call: (target) => ({
      url: `/api/patients/${target.patientId}/psychotherapy-notes`,
      payload: { body: 'Process note' },
    }),
    expect: statuses(201, 404, 403, 404, 403, 403, 403),
    audit: 'patient',
  },
  // Author only: to everyone else (the practice admin included) the list does not exist.
  'GET /api/patients/:id/psychotherapy-notes': {
    call: (target) => ({ url: `/api/patients/${target.patientId}/psychotherapy-notes` }),
    expect: statuses(200, 404, 404, 404, 404, 404, 404),
    audit: 'patient',
  },
  'GET /api/psychotherapy-notes/:id': {
    call: (target) => ({ url: `/api/psychotherapy-notes/${target.psychotherapyNoteId}` }),
    expect: statuses(200, 404, 404, 404, 404, 404, 404),
    audit: 'patientWhenSeen',
  },
  'GET /api/patients/:id/status-updates': {
    call: (target) => ({ url: `/api/patients/${target.patientId}/status-updates` }),
    expect: statuses(200, 404, 200, 404, 200, 404, 404),
    audit: 'patient',
  },
  // The admin reads the thread but does not write in it.
  'POST /api/patients/:id/status-updates': {
    call: (target) => ({
      url: `/api/patients/${target.patientId}/status-updates`,
      payload: { kind: 'general', urgency: 'routine', body: 'Update' },
    }),
    expect: statuses(201, 404, 403, 404, 201, 404, 404),
    audit: 'patient',
  },
  // The target's update comes from the team: the therapist acknowledges it, its author's side may not.
  'POST /api/status-updates/:id/acknowledge': {
    call: (target) => ({ url: `/api/status-updates/${target.statusUpdateId}/acknowledge` }),
    expect: statuses(200, 404, 403, 404, 403, 404, 404),
    audit: 'patient',
    auditedForbidden: ['linkedPrescriber'],
    destructive: true,
  },
  'GET /api/status-updates/unread': {
    call: () => ({ url: '/api/status-updates/unread' }),
    expect: statuses(200, 200, 200, 200, 200, 200, 200),
    audit: 'list',
  },
  'GET /api/dashboard': {
    call: () => ({ url: '/api/dashboard' }),
    expect: statuses(200, 200, 200, 200, 200, 200, 200),
    audit: 'list',
  },
  'GET /api/patients/:id/disclosures': {
    call: (target) => ({ url: `/api/patients/${target.patientId}/disclosures` }),
    expect: statuses(200, 404, 200, 404, 403, 403, 403),
    audit: 'patient',
  },
  'GET /api/patients/:id/fhir': {
    call: (target) => ({ url: `/api/patients/${target.patientId}/fhir` }),
    expect: statuses(200, 404, 200, 404, 403, 403, 403),
    audit: 'patient',
  },
  'GET /api/patients/:id/follow-up-packet': {
    call: (target) => ({ url: `/api/patients/${target.patientId}/follow-up-packet` }),
    expect: statuses(200, 404, 200, 404, 200, 404, 404),
    audit: 'patient',
  },
  'POST /api/patients/:id/follow-up-packet/send': {
    call: (target) => ({
      url: `/api/patients/${target.patientId}/follow-up-packet/send`,
      payload: { note: 'For the visit' },
    }),
    expect: statuses(201, 404, 403, 404, 403, 403, 403),
    audit: 'patient',
  },
  'POST /api/outcomes/:id/void': {
    call: (target) => ({
      url: `/api/outcomes/${target.outcomeId}/void`,
      payload: { reason: 'Entered for the wrong patient' },
    }),
    // A practice admin may not enter or void scores (role); a linked prescriber sees the score but did not enter it.
    expect: statuses(200, 404, 403, 404, 403, 404, 404),
    audit: 'patient',
    auditedForbidden: ['linkedPrescriber'],
    destructive: true,
  },
  'POST /api/alerts/:id/acknowledge': {
    call: (target) => ({
      url: `/api/alerts/${target.alertId}/acknowledge`,
      payload: { action: 'Called the patient; safety plan reviewed.' },
    }),
    // Each side acknowledges for itself; a practice admin is on neither side of the patient's care (role).
    expect: statuses(200, 404, 403, 404, 200, 404, 404),
    audit: 'patient',
    destructive: true,
  },
  // Questionnaire links are the practice's: its therapist sends and cancels them; the team sees the answers as scores.
  'POST /api/patients/:id/questionnaire-requests': {
    call: (target) => ({
      url: `/api/patients/${target.patientId}/questionnaire-requests`,
      payload: { instruments: ['PHQ9', 'GAD7'] },
    }),
    expect: statuses(201, 404, 403, 404, 403, 403, 403),
    audit: 'patient',
  },
  'GET /api/patients/:id/questionnaire-requests': {
    call: (target) => ({ url: `/api/patients/${target.patientId}/questionnaire-requests` }),
    expect: statuses(200, 404, 200, 404, 403, 403, 403),
    audit: 'patient',
  },
  'POST /api/questionnaire-requests/:id/cancel': {
    call: (target) => ({ url: `/api/questionnaire-requests/${target.questionnaireRequestId}/cancel` }),
    expect: statuses(200, 404, 403, 404, 403, 403, 403),
    audit: 'patient',
    destructive: true,
  },
  'GET /api/courses/:id/measurement-plan': {
    call: (target) => ({ url: `/api/courses/${target.courseId}/measurement-plan` }),
    expect: statuses(200, 404, 200, 404, 200, 404, 404),
    audit: 'patient',
  },
  'PUT /api/courses/:id/measurement-plan': {
    call: async (target, t) => ({
      url: `/api/courses/${target.courseId}/measurement-plan`,
      payload: { rules: [{ instrument: 'PHQ9', every: 'dosing_session', offsetHours: 24 }] },
      headers: { 'if-match': `"${await planVersionOf(t, target.courseId)}"` },
    }),
    expect: statuses(200, 404, 403, 404, 403, 403, 403),
    audit: 'patient',
  },
  'GET /api/medical-teams': {
    call: () => ({ url: '/api/medical-teams' }),
    expect: statuses(200, 200, 200, 200, 200, 200, 200),
    audit: 'none',
  },
};

describe('patients area: role × route matrix (R2, R3, R10)', () => {
  let t: TestApp;
  let db: DataSource;
  let world: CareWorld;
  let shared: { valid: Target; expired: Target };

  /** A patient of the world's therapist linked to the team with a valid release, one linked to the expired team, each with a course. */
  async function makeTargets(): Promise<{ valid: Target; expired: Target }> {
    const cookies = cookiesOf(world, world.therapist);
    const target = async (
      teamId: string,
      release: { signedOn: string; expiresOn: string },
    ): Promise<Target> => {
      const patient = await createPatient(t.app, cookies);
      await linkTeam(t.app, cookies, patient.id, teamId, release);
      const course = await t.app.inject({
        method: 'POST',
        url: `/api/patients/${patient.id}/courses`,
        cookies,
        payload: { indication: 'depression', startedOn: dayFromToday(t.clock, -1) },
      });
      const courseId = course.json().id;
      const write = async (url: string, payload: object) => {
        const response = await t.app.inject({ method: 'POST', url, cookies, payload });
        if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
        return response.json().id as string;
      };
      const sessionId = await write(`/api/patients/${patient.id}/sessions`, {
        kind: 'preparation',
        occurredAt: t.clock.now().toISOString(),
        durationMinutes: 50,
        setting: 'in_person',
        courseId,
      });
      const noteId = await write(`/api/patients/${patient.id}/notes`, {
        kind: 'preparation',
        sessionId,
        body: 'Shared note',
        shareWithMedicalTeam: true,
      });
      await write(`/api/notes/${noteId}/sign`, {});
      const draftNoteId = await write(`/api/patients/${patient.id}/notes`, {
        kind: 'progress',
        body: 'Draft',
        shareWithMedicalTeam: true,
      });
      const psychotherapyNoteId = await write(`/api/patients/${patient.id}/psychotherapy-notes`, {
        body: 'Process note',
        sessionId,
      });
      // An unacknowledged update from the team (inserted: an expired release lets no one write one now).
      const [{ id: statusUpdateId }] = await db.query(
        `INSERT INTO status_update (patient_id, medical_team_id, from_side, kind, urgency, body, author_id, created_at)
         VALUES ($1, $2, 'medical_team', 'general', 'routine', 'From the team', $3, $4) RETURNING id`,
        [
          patient.id,
          teamId,
          teamId === world.teamId ? world.prescriber.id : world.expiredPrescriber.id,
          t.clock.now(),
        ],
      );
      const outcomeId = await write(`/api/patients/${patient.id}/outcomes`, {
        instrument: 'PHQ9',
        administeredAt: t.clock.now().toISOString(),
        items: [1, 1, 1, 1, 1, 1, 1, 1, 1],
      });
      const [{ id: alertId }] = await db.query(`SELECT id FROM alert WHERE source_id = $1`, [outcomeId]);
      const questionnaireRequestId = await write(`/api/patients/${patient.id}/questionnaire-requests`, {
        instruments: ['PHQ9'],
      });
      return {
        patientId: patient.id,
        courseId,
        sessionId,
        noteId,
        draftNoteId,
        psychotherapyNoteId,
        statusUpdateId,
        outcomeId,
        alertId,
        questionnaireRequestId,
      };
    };
    return {
      valid: await target(world.teamId, {
        signedOn: dayFromToday(t.clock, -10),
        expiresOn: dayFromToday(t.clock, 300),
      }),
      expired: await target(world.expiredTeamId, {
        signedOn: dayFromToday(t.clock, -400),
        expiresOn: dayFromToday(t.clock, -1),
      }),
    };
  }

  const personOf = (actor: Actor): Person | null =>
    ({
      own: world.therapist,
      otherTherapist: world.otherTherapist,
      admin: world.admin,
      foreignTherapist: world.foreignTherapist,
      linkedPrescriber: world.prescriber,
      otherTeamPrescriber: world.otherPrescriber,
      expiredTeamPrescriber: world.expiredPrescriber,
      noSession: null,
    })[actor];

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    world = await createCareWorld(t.app);
    shared = await makeTargets();
    // A patient with an open urgent alert is not archived (409 open_alerts, alert-lifecycle.spec.ts):
    // the target's therapist acknowledges it first, so that the row is about who may archive.
    ROUTES['DELETE /api/patients/:id'].call = async (target) => {
      await t.app.inject({
        method: 'POST',
        url: `/api/alerts/${target.alertId}/acknowledge`,
        cookies: cookiesOf(world, world.therapist),
        payload: { action: 'Called the patient; safety plan reviewed.' },
      });
      return { url: `/api/patients/${target.patientId}`, payload: { reason: 'Entered twice by mistake' } };
    };
    ROUTES['PUT /api/patients/:id/care-team'].call = (target) => ({
      url: `/api/patients/${target.patientId}/care-team`,
      payload: {
        medicalTeamId: target.patientId === shared.expired.patientId ? world.expiredTeamId : world.teamId,
        releaseOfInformation:
          target.patientId === shared.expired.patientId
            ? { signedOn: dayFromToday(t.clock, -400), expiresOn: dayFromToday(t.clock, -1) }
            : { signedOn: dayFromToday(t.clock, -10), expiresOn: dayFromToday(t.clock, 300) },
      },
    });
  });
  afterAll(() => t.close());

  it('has a row for every route the router serves in the area, and no row for a route that does not exist', () => {
    const served = routeTable(t.app)
      .filter((route) => route.method !== 'HEAD' && AREA.test(route.url))
      .map((route) => `${route.method} ${route.url}`);
    expect([...new Set(served)].sort()).toEqual(Object.keys(ROUTES).sort());
  });

  const cells = Object.entries(ROUTES).flatMap(([route, row]) =>
    ACTORS.map((actor) => [route, actor, row.expect[actor]] as const),
  );

  it.each(cells)('%s as %s → %i', async (route, actor, status) => {
    const row = ROUTES[route];
    const [method] = route.split(' ');
    const targets = row.destructive ? await makeTargets() : shared;
    const target = actor === 'expiredTeamPrescriber' ? targets.expired : targets.valid;
    const person = personOf(actor);
    const cookies = person ? cookiesOf(world, person) : undefined;
    let call = await row.call(target, t);
    if (route === 'POST /api/patients' && actor === 'admin') {
      call = { ...call, payload: { ...call.payload, primaryTherapistId: world.therapist.id } };
    }
    const response = await t.app.inject({
      method: method as 'GET',
      url: call.url,
      cookies,
      payload: call.payload,
      headers: call.headers,
    });
    expect({
      status: response.statusCode,
      body: response.statusCode < 300 ? undefined : response.json().error,
    }).toEqual({
      status,
      body: status < 300 ? undefined : expect.any(String),
    });

    if (row.lists && status === 200) {
      const ids = response.json().items.map((item: { id: string }) => item.id);
      expect(ids.includes(target.patientId)).toBe(row.lists[actor]);
    }

    if (status === 404) {
      // R3: a record the caller may not see answers exactly like one that does not exist.
      const random = {
        patientId: randomUUID(),
        courseId: randomUUID(),
        sessionId: randomUUID(),
        noteId: randomUUID(),
        draftNoteId: randomUUID(),
        psychotherapyNoteId: randomUUID(),
        statusUpdateId: randomUUID(),
        outcomeId: randomUUID(),
        alertId: randomUUID(),
        questionnaireRequestId: randomUUID(),
      };
      const missingCall = await row.call(random, t);
      const missing = await t.app.inject({
        method: method as 'GET',
        url: missingCall.url,
        cookies,
        payload: missingCall.payload,
        headers: call.headers,
      });
      expect(missing.statusCode).toBe(404);
      expect({ ...response.json(), requestId: null }).toEqual({ ...missing.json(), requestId: null });
    }

    // R10: exactly one audit event per request that reached patient data (a denial included).
    const events: { patient_id: string | null; outcome: string; actor_id: string }[] = await db.query(
      `SELECT patient_id, outcome, actor_id FROM audit_event WHERE request_id = $1`,
      [response.headers['x-request-id']],
    );
    const auditedDenial = status === 403 && (row.auditedForbidden ?? []).includes(actor);
    if (status === 403 && !auditedDenial) {
      // Refused by role before any lookup: one `denied` event, naming no patient.
      expect(events).toEqual([{ patient_id: null, outcome: 'denied', actor_id: person!.id }]);
    } else if (status === 401 || row.audit === 'none') {
      expect(events).toEqual([]);
    } else {
      expect(events).toHaveLength(1);
      expect(events[0].actor_id).toBe(person!.id);
      expect(events[0].outcome).toBe(status === 404 ? 'denied' : auditedDenial ? 'failure' : 'success');
      if (row.audit === 'patient') expect(events[0].patient_id).toBe(target.patientId);
      if (row.audit === 'patientWhenSeen')
        expect(events[0].patient_id).toBe(status === 404 ? null : target.patientId);
      if (row.audit === 'list') expect(events[0].patient_id).toBeNull();
      if (row.audit === 'created') expect(events[0].patient_id).toBe(response.json().id);
    }
  });
});
