import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { routeTable } from '@kap/api/core';
import { cookiesOf, createCareWorld, createPatient, dayFromToday, linkTeam, type CareWorld } from '../testing/care-world';
import { createOrganization, signIn, testIp, type Person } from '../testing/fixtures';
import { API_DOCS, PATIENT_AREA } from '../testing/route-areas';
import { createTestApp, type TestApp } from '../testing/test-app';

/**
 * R1, R2, R10 for every route outside the patients area (identity, team members, instruments, the
 * caseload-wide alert list): each route × each kind of caller, keyed by the router's own
 * "METHOD /path". Together with patients/access-matrix.spec.ts every route has a row; a route the
 * router serves without one fails here.
 */
const ACTORS = ['therapist', 'admin', 'foreignTherapist', 'foreignAdmin', 'linkedPrescriber', 'otherTeamPrescriber', 'noSession'] as const;
type Actor = (typeof ACTORS)[number];

interface Target {
  /** A team member of the world's practice (the second therapist). */
  memberId: string;
  /** A patient of the world's therapist, linked to the team, with an open urgent alert. */
  patientId: string;
}

interface Call {
  url: string;
  payload?: object;
  headers?: Record<string, string>;
  /** Signs the caller in afresh for this request (logout ends the session it is given). */
  freshSession?: boolean;
}

interface RouteRow {
  call: (target: Target, t: TestApp) => Promise<Call> | Call;
  expect: Record<Actor, number>;
  /** Whether the target patient appears in the list, per caller that gets a 200. */
  lists?: Partial<Record<Actor, boolean>>;
  /**
   * Audit events the request leaves: `none`; `onSuccess` (one identity event, e.g. a member change
   * or a sign-out); `always` (one, whatever the answer: sign-in attempts, R9); `perPatientShown`
   * (a caseload read: one per patient). A role refusal (403) always leaves exactly one
   * `access.forbidden` event; a request without a session on a private route leaves none.
   */
  audit: 'none' | 'onSuccess' | 'always' | 'perPatientShown';
}

const statuses = (therapist: number, admin: number, foreignTherapist: number, foreignAdmin: number, linkedPrescriber: number, otherTeamPrescriber: number, noSession = 401) =>
  ({ therapist, admin, foreignTherapist, foreignAdmin, linkedPrescriber, otherTeamPrescriber, noSession });

const ROUTES: Record<string, RouteRow> = {
  'GET /api/health': {
    call: () => ({ url: '/api/health' }),
    expect: statuses(200, 200, 200, 200, 200, 200, 200),
    audit: 'none',
  },
  'POST /api/auth/login': {
    // Wrong credentials for everyone: the route is public, and every failure is audited (R9).
    call: () => ({ url: '/api/auth/login', payload: { email: `nobody-${randomUUID().slice(0, 8)}@test.kap`, password: 'not the password' } }),
    expect: statuses(401, 401, 401, 401, 401, 401, 401),
    audit: 'always',
  },
  'POST /api/auth/logout': {
    call: () => ({ url: '/api/auth/logout', freshSession: true }),
    expect: statuses(204, 204, 204, 204, 204, 204),
    audit: 'onSuccess',
  },
  'GET /api/auth/me': {
    call: () => ({ url: '/api/auth/me' }),
    expect: statuses(200, 200, 200, 200, 200, 200),
    audit: 'none',
  },
  'GET /api/users': {
    call: () => ({ url: '/api/users' }),
    expect: statuses(403, 200, 403, 200, 403, 403),
    audit: 'none',
  },
  'POST /api/users': {
    call: () => ({
      url: '/api/users',
      payload: { email: `member-${randomUUID().slice(0, 8)}@test.kap`, displayName: 'New member', role: 'therapist', password: 'a long enough password 42' },
    }),
    expect: statuses(403, 201, 403, 201, 403, 403),
    audit: 'onSuccess',
  },
  'GET /api/users/:id': {
    call: (target) => ({ url: `/api/users/${target.memberId}` }),
    expect: statuses(403, 200, 403, 404, 403, 403),
    audit: 'none',
  },
  'PATCH /api/users/:id': {
    call: async (target, t) => {
      const [row] = await t.app.get(DataSource).query(`SELECT version FROM app_user WHERE id = $1`, [target.memberId]);
      return { url: `/api/users/${target.memberId}`, payload: { displayName: `Renamed ${randomUUID().slice(0, 4)}` }, headers: { 'if-match': `"${row?.version ?? 1}"` } };
    },
    expect: statuses(403, 200, 403, 404, 403, 403),
    audit: 'onSuccess',
  },
  'GET /api/instruments': {
    call: () => ({ url: '/api/instruments' }),
    expect: statuses(200, 200, 200, 200, 200, 200),
    audit: 'none',
  },
  'GET /api/alerts': {
    call: () => ({ url: '/api/alerts?status=open&limit=200' }),
    expect: statuses(200, 200, 200, 200, 200, 200),
    lists: { therapist: true, admin: true, foreignTherapist: false, foreignAdmin: false, linkedPrescriber: true, otherTeamPrescriber: false },
    audit: 'perPatientShown',
  },
};

describe('practice routes: role × route matrix (R1, R2, R10)', () => {
  let t: TestApp;
  let db: DataSource;
  let world: CareWorld;
  let foreignAdmin: Person;
  let foreignAdminCookies: Record<string, string>;
  let target: Target;

  const personOf = (actor: Actor): Person | null =>
    ({
      therapist: world.therapist,
      admin: world.admin,
      foreignTherapist: world.foreignTherapist,
      foreignAdmin,
      linkedPrescriber: world.prescriber,
      otherTeamPrescriber: world.otherPrescriber,
      noSession: null,
    })[actor];

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    world = await createCareWorld(t.app);
    foreignAdmin = (await createOrganization(t.app, 'practice', ['practice_admin'])).people[0];
    foreignAdminCookies = await signIn(t.app, foreignAdmin.email);
    const cookies = cookiesOf(world, world.therapist);
    const patient = await createPatient(t.app, cookies);
    await linkTeam(t.app, cookies, patient.id, world.teamId, { signedOn: dayFromToday(t.clock, -10), expiresOn: dayFromToday(t.clock, 300) });
    const score = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patient.id}/outcomes`,
      cookies,
      payload: { instrument: 'PHQ9', administeredAt: t.clock.now().toISOString(), items: [1, 1, 1, 1, 1, 1, 1, 1, 1] },
    });
    if (score.statusCode !== 201) throw new Error(`score: ${score.statusCode} ${score.body}`);
    target = { memberId: world.otherTherapist.id, patientId: patient.id };
  });
  afterAll(() => t.close());

  it('has a row for every route outside the patients area, and no row for a route that does not exist', () => {
    const served = routeTable(t.app)
      .filter((route) => route.method !== 'HEAD' && route.url.startsWith('/api/') && !API_DOCS.test(route.url) && !PATIENT_AREA.test(route.url))
      .map((route) => `${route.method} ${route.url}`);
    expect([...new Set(served)].sort()).toEqual(Object.keys(ROUTES).sort());
  });

  const cells = Object.entries(ROUTES).flatMap(([route, row]) => ACTORS.map((actor) => [route, actor, row.expect[actor]] as const));

  it.each(cells)('%s as %s → %i', async (route, actor, status) => {
    const row = ROUTES[route];
    const [method] = route.split(' ');
    const person = personOf(actor);
    const call = await row.call(target, t);
    let cookies: Record<string, string> | undefined;
    if (person) {
      if (call.freshSession) cookies = await signIn(t.app, person.email);
      else cookies = person === foreignAdmin ? foreignAdminCookies : cookiesOf(world, person);
    }
    const response = await t.app.inject({
      method: method as 'GET',
      url: call.url,
      cookies,
      payload: call.payload,
      headers: call.headers,
      remoteAddress: testIp(),
    });
    expect({ status: response.statusCode, error: response.statusCode < 300 ? undefined : response.json().error }).toEqual({
      status,
      error: status < 300 ? undefined : expect.any(String),
    });

    if (row.lists && status === 200) {
      const patientIds = response.json().items.map((item: { patientId: string }) => item.patientId);
      expect(patientIds.includes(target.patientId)).toBe(row.lists[actor]);
    }

    const events: { action: string; patient_id: string | null; outcome: string; actor_id: string | null }[] = await db.query(
      `SELECT action, patient_id, outcome, actor_id FROM audit_event WHERE request_id = $1`,
      [response.headers['x-request-id']],
    );
    if (status === 403) {
      expect(events).toEqual([{ action: 'access.forbidden', patient_id: null, outcome: 'denied', actor_id: person!.id }]);
    } else if (row.audit === 'always' || (row.audit === 'onSuccess' && status < 300)) {
      expect(events).toHaveLength(1);
    } else if (row.audit === 'perPatientShown' && status === 200) {
      const shown = new Set(response.json().items.map((item: { patientId: string }) => item.patientId));
      expect(events.map((e) => e.patient_id).sort()).toEqual([...shown].sort());
      expect(events.every((e) => e.actor_id === person!.id && e.outcome === 'success')).toBe(true);
    } else {
      expect(events).toEqual([]);
    }
  });
});
