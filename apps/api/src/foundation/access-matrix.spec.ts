import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { routeTable } from '@kap/api/platform';
import {
  cookiesOf,
  createCareWorld,
  createPatient,
  dayFromToday,
  linkTeam,
  type CareWorld,
} from '../testing/care-world';
import { createOrganization, signIn, testIp, type Person } from '../testing/fixtures';
import { API_DOCS, PATIENT_AREA } from '../testing/route-areas';
import { createTestApp, type TestApp } from '../testing/test-app';

/**
 * R1, R2, R10 for every route outside the patients area (identity, team members, instruments, the
 * caseload-wide alert list): each route × each kind of caller, keyed by the router's own
 * "METHOD /path". Together with patients/access-matrix.spec.ts every route has a row; a route the
 * router serves without one fails here.
 */
const ACTORS = [
  'therapist',
  'admin',
  'foreignTherapist',
  'foreignAdmin',
  'linkedPrescriber',
  'otherTeamPrescriber',
  'linkedCoordinator',
  'noSession',
] as const;
type Actor = (typeof ACTORS)[number];

interface Target {
  /** A team member of the world's practice (the second therapist). */
  memberId: string;
  /** A patient of the world's therapist, linked to the team, with an open urgent alert. */
  patientId: string;
  /** The linked team's webhook, with one delivery in its log. */
  webhookId: string;
  deliveryId: string;
  /** A new API key / webhook of the linked team, for a route that ends one. */
  freshApiKeyId(): Promise<string>;
  freshWebhookId(): Promise<string>;
  /** The token of a new questionnaire link (PHQ-9) to the patient, sent by the world's therapist. */
  freshLinkToken(): Promise<string>;
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
  /** Reachable without a session (the allow-list of routes.spec.ts). */
  public?: boolean;
}

/** The linked team's coordinator has the prescriber's answer unless a row says otherwise (team administration: API keys, webhooks). */
const statuses = (
  therapist: number,
  admin: number,
  foreignTherapist: number,
  foreignAdmin: number,
  linkedPrescriber: number,
  otherTeamPrescriber: number,
  noSession = 401,
  linkedCoordinator = linkedPrescriber,
) => ({
  therapist,
  admin,
  foreignTherapist,
  foreignAdmin,
  linkedPrescriber,
  otherTeamPrescriber,
  linkedCoordinator,
  noSession,
});
/** A route of the medical team's coordinator alone (decision 0008). */
const coordinatorOnly = (status: number) => statuses(403, 403, 403, 403, 403, 403, 401, status);

const ROUTES: Record<string, RouteRow> = {
  'GET /api/health': {
    call: () => ({ url: '/api/health' }),
    expect: statuses(200, 200, 200, 200, 200, 200, 200),
    audit: 'none',
    public: true,
  },
  'POST /api/auth/login': {
    // Wrong credentials for everyone: the route is public, and every failure is audited (R9).
    call: () => ({
      url: '/api/auth/login',
      payload: { email: `nobody-${randomUUID().slice(0, 8)}@test.kap`, password: 'not the password' },
    }),
    expect: statuses(401, 401, 401, 401, 401, 401, 401),
    audit: 'always',
    public: true,
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
      payload: {
        email: `member-${randomUUID().slice(0, 8)}@test.kap`,
        displayName: 'New member',
        role: 'therapist',
        password: 'a long enough password 42',
      },
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
      const [row] = await t.app
        .get(DataSource)
        .query(`SELECT version FROM app_user WHERE id = $1`, [target.memberId]);
      return {
        url: `/api/users/${target.memberId}`,
        payload: { displayName: `Renamed ${randomUUID().slice(0, 4)}` },
        headers: { 'if-match': `"${row?.version ?? 1}"` },
      };
    },
    expect: statuses(403, 200, 403, 404, 403, 403),
    audit: 'onSuccess',
  },
  'GET /api/audit': {
    call: () => ({ url: '/api/audit?limit=20' }),
    expect: statuses(403, 200, 403, 200, 403, 403),
    audit: 'onSuccess',
  },
  // Sign-in security: every caller manages only their own second step (none of them has one here).
  'GET /api/auth/mfa': {
    call: () => ({ url: '/api/auth/mfa' }),
    expect: statuses(200, 200, 200, 200, 200, 200),
    audit: 'none',
  },
  'POST /api/auth/mfa/enrolment': {
    call: () => ({ url: '/api/auth/mfa/enrolment', payload: {} }),
    expect: statuses(200, 200, 200, 200, 200, 200),
    audit: 'onSuccess',
  },
  'POST /api/auth/mfa/enrolment/confirm': {
    call: () => ({ url: '/api/auth/mfa/enrolment/confirm', payload: { code: '000000' } }),
    expect: statuses(400, 400, 400, 400, 400, 400),
    audit: 'always',
  },
  'POST /api/auth/mfa/recovery-codes': {
    call: () => ({ url: '/api/auth/mfa/recovery-codes', payload: { code: '000000' } }),
    expect: statuses(409, 409, 409, 409, 409, 409),
    audit: 'always',
  },
  'DELETE /api/auth/mfa': {
    call: () => ({ url: '/api/auth/mfa', payload: { code: '000000' } }),
    expect: statuses(409, 409, 409, 409, 409, 409),
    audit: 'always',
  },
  'POST /api/auth/mfa/verify': {
    // Public like the password step: a challenge nobody was given answers 401 to everyone.
    call: () => ({ url: '/api/auth/mfa/verify', payload: { challenge: 'a'.repeat(43), code: '000000' } }),
    expect: statuses(401, 401, 401, 401, 401, 401, 401),
    audit: 'always',
    public: true,
  },
  // Passwords (issue 22, finding 10): a wrong current password is 400 for everyone and audited;
  // a reset link for the practice's member, its use public (an unknown token is 404 for everyone).
  'POST /api/auth/password': {
    call: () => ({
      url: '/api/auth/password',
      payload: { currentPassword: 'not the password', newPassword: 'a long and uncommon sentence' },
    }),
    expect: statuses(400, 400, 400, 400, 400, 400),
    audit: 'always',
  },
  'POST /api/users/:id/password-reset': {
    call: (target) => ({ url: `/api/users/${target.memberId}/password-reset` }),
    expect: statuses(403, 201, 403, 404, 403, 403),
    audit: 'onSuccess',
  },
  'POST /api/auth/password-reset': {
    call: () => ({
      url: '/api/auth/password-reset',
      payload: { token: 'a'.repeat(43), newPassword: 'a long and uncommon sentence' },
    }),
    expect: statuses(404, 404, 404, 404, 404, 404, 404),
    audit: 'always',
    public: true,
  },
  'PUT /api/organization/mfa-policy': {
    call: () => ({ url: '/api/organization/mfa-policy', payload: { policy: 'optional' } }),
    expect: statuses(403, 200, 403, 200, 403, 403),
    audit: 'onSuccess',
  },
  // The caller's own organization: every member reads it; its admin (practice admin, team coordinator) sets escalateAfterHours.
  'GET /api/organization': {
    call: () => ({ url: '/api/organization' }),
    expect: statuses(200, 200, 200, 200, 200, 200),
    audit: 'none',
  },
  'PATCH /api/organization': {
    call: () => ({ url: '/api/organization', payload: { escalateAfterHours: 4 } }),
    expect: statuses(403, 200, 403, 200, 403, 403, 401, 200),
    audit: 'onSuccess',
  },
  'DELETE /api/users/:id/mfa': {
    call: (target) => ({ url: `/api/users/${target.memberId}/mfa` }),
    expect: statuses(403, 204, 403, 404, 403, 403),
    audit: 'onSuccess',
  },
  // The patient's questionnaire link: the token is the credential, a session changes nothing.
  'GET /api/q/:token': {
    call: async (target) => ({ url: `/api/q/${await target.freshLinkToken()}` }),
    expect: statuses(200, 200, 200, 200, 200, 200, 200),
    audit: 'always',
    public: true,
  },
  'POST /api/q/:token': {
    call: async (target) => ({
      url: `/api/q/${await target.freshLinkToken()}`,
      payload: { answers: [{ instrument: 'PHQ9', items: [0, 0, 0, 0, 0, 0, 0, 0, 0] }] },
    }),
    expect: statuses(201, 201, 201, 201, 201, 201, 201),
    audit: 'always',
    public: true,
  },
  'GET /api/instruments': {
    call: () => ({ url: '/api/instruments' }),
    expect: statuses(200, 200, 200, 200, 200, 200),
    audit: 'none',
  },
  'GET /api/alerts': {
    call: () => ({ url: '/api/alerts?status=open&limit=200' }),
    expect: statuses(200, 200, 200, 200, 200, 200),
    lists: {
      therapist: true,
      admin: true,
      foreignTherapist: false,
      foreignAdmin: false,
      linkedPrescriber: true,
      otherTeamPrescriber: false,
      linkedCoordinator: true,
    },
    audit: 'perPatientShown',
  },
  'GET /api/api-keys': {
    call: () => ({ url: '/api/api-keys' }),
    expect: coordinatorOnly(200),
    audit: 'none',
  },
  'POST /api/api-keys': {
    call: () => ({ url: '/api/api-keys', payload: { name: 'Matrix EHR' } }),
    expect: coordinatorOnly(201),
    audit: 'onSuccess',
  },
  'POST /api/api-keys/:id/revoke': {
    call: async (target) => ({ url: `/api/api-keys/${await target.freshApiKeyId()}/revoke` }),
    expect: coordinatorOnly(200),
    audit: 'onSuccess',
  },
  'GET /api/webhooks': {
    call: () => ({ url: '/api/webhooks' }),
    expect: coordinatorOnly(200),
    audit: 'none',
  },
  'POST /api/webhooks': {
    call: () => ({ url: '/api/webhooks', payload: { url: 'https://ehr.example.org/kap' } }),
    expect: coordinatorOnly(201),
    audit: 'onSuccess',
  },
  'POST /api/webhooks/:id/disable': {
    call: async (target) => ({ url: `/api/webhooks/${await target.freshWebhookId()}/disable` }),
    expect: coordinatorOnly(200),
    audit: 'onSuccess',
  },
  'DELETE /api/webhooks/:id': {
    call: async (target) => ({ url: `/api/webhooks/${await target.freshWebhookId()}` }),
    expect: coordinatorOnly(204),
    audit: 'onSuccess',
  },
  'GET /api/webhooks/:id/deliveries': {
    call: (target) => ({ url: `/api/webhooks/${target.webhookId}/deliveries` }),
    expect: coordinatorOnly(200),
    audit: 'onSuccess',
  },
  'POST /api/webhook-deliveries/:id/retry': {
    call: (target) => ({ url: `/api/webhook-deliveries/${target.deliveryId}/retry` }),
    expect: coordinatorOnly(200),
    audit: 'onSuccess',
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
      linkedCoordinator: world.coordinator,
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
    await linkTeam(t.app, cookies, patient.id, world.teamId, {
      signedOn: dayFromToday(t.clock, -10),
      expiresOn: dayFromToday(t.clock, 300),
    });
    const score = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patient.id}/outcomes`,
      cookies,
      payload: {
        instrument: 'PHQ9',
        administeredAt: t.clock.now().toISOString(),
        items: [1, 1, 1, 1, 1, 1, 1, 1, 1],
      },
    });
    if (score.statusCode !== 201) throw new Error(`score: ${score.statusCode} ${score.body}`);
    // The team's webhook (nobody listens on port 9; the worker is off in tests) and one delivery in its log.
    const coordinator = cookiesOf(world, world.coordinator);
    const created = async (url: string, payload: object) => {
      const response = await t.app.inject({ method: 'POST', url, cookies: coordinator, payload });
      if (response.statusCode !== 201) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
      return response.json().id as string;
    };
    const webhookId = await created('/api/webhooks', { url: 'http://127.0.0.1:9/kap-matrix' });
    await created(`/api/patients/${patient.id}/medical-status`, {
      asOf: t.clock.now().toISOString(),
      monitoring: 'on_track',
    });
    const [delivery] = await db.query(`SELECT id FROM webhook_delivery WHERE webhook_id = $1`, [webhookId]);
    target = {
      memberId: world.otherTherapist.id,
      patientId: patient.id,
      webhookId,
      deliveryId: delivery.id,
      freshApiKeyId: () => created('/api/api-keys', { name: 'Matrix key' }),
      freshWebhookId: () => created('/api/webhooks', { url: 'https://ehr.example.org/kap' }),
      freshLinkToken: async () => {
        const link = await t.app.inject({
          method: 'POST',
          url: `/api/patients/${patient.id}/questionnaire-requests`,
          cookies,
          payload: { instruments: ['PHQ9'] },
        });
        if (link.statusCode !== 201) throw new Error(`link: ${link.statusCode} ${link.body}`);
        return String(link.json().url).split('/q/')[1];
      },
    };
  });
  afterAll(() => t.close());

  it('has a row for every route outside the patients area, and no row for a route that does not exist', () => {
    const served = routeTable(t.app)
      .filter(
        (route) =>
          route.method !== 'HEAD' &&
          route.url.startsWith('/api/') &&
          !API_DOCS.test(route.url) &&
          !PATIENT_AREA.test(route.url),
      )
      .map((route) => `${route.method} ${route.url}`);
    expect([...new Set(served)].sort()).toEqual(Object.keys(ROUTES).sort());
  });

  const cells = Object.entries(ROUTES).flatMap(([route, row]) =>
    ACTORS.map((actor) => [route, actor, row.expect[actor]] as const),
  );

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
    expect({
      status: response.statusCode,
      error: response.statusCode < 300 ? undefined : response.json().error,
    }).toEqual({
      status,
      error: status < 300 ? undefined : expect.any(String),
    });

    if (row.lists && status === 200) {
      const patientIds = response.json().items.map((item: { patientId: string }) => item.patientId);
      expect(patientIds.includes(target.patientId)).toBe(row.lists[actor]);
    }

    const events: { action: string; patient_id: string | null; outcome: string; actor_id: string | null }[] =
      await db.query(`SELECT action, patient_id, outcome, actor_id FROM audit_event WHERE request_id = $1`, [
        response.headers['x-request-id'],
      ]);
    if (actor === 'noSession' && !row.public) {
      expect(events).toEqual([]);
    } else if (status === 403) {
      expect(events).toEqual([
        { action: 'access.forbidden', patient_id: null, outcome: 'denied', actor_id: person!.id },
      ]);
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
