import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { routeTable } from '@kap/api/platform';
import { MACHINE_ROUTES } from '@kap/api/identity';
import {
  cookiesOf,
  createCareWorld,
  createPatient,
  dayFromToday,
  linkTeam,
  type CareWorld,
} from '../testing/care-world';
import { createOrganization, signIn, testIp, type Person } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

/** Issue 9: API keys for a medical team's own system (docs/decisions/0008-machine-access-webhooks.md). */
describe('API keys for a medical team', () => {
  let t: TestApp;
  let app: NestFastifyApplication;
  let db: DataSource;
  let world: CareWorld;
  /** Linked to the world's team under a valid release. */
  let shared: { id: string };
  /** The same practice, linked to another team. */
  let otherTeams: { id: string };
  /** Linked to the world's team, but the release has expired. */
  let expired: { id: string };

  const as = (person: Person) => cookiesOf(world, person);
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const createKey = async (person: Person, name = 'Clinic EHR', headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/api-keys', cookies: as(person), payload: { name }, headers });
  const eventsOf = (requestId: unknown) =>
    db.query(
      `SELECT action, actor_id, actor_role, organization_id, patient_id, outcome, entity_id, detail FROM audit_event WHERE request_id = $1`,
      [requestId],
    );

  beforeAll(async () => {
    t = await createTestApp();
    app = t.app;
    db = app.get(DataSource);
    world = await createCareWorld(app);
    const therapist = as(world.therapist);
    const valid = { signedOn: dayFromToday(t.clock, -10), expiresOn: dayFromToday(t.clock, 300) };
    shared = await createPatient(app, therapist, { email: 'shared@patient.test', phone: '+1 555 0100' });
    await linkTeam(app, therapist, shared.id, world.teamId, valid);
    otherTeams = await createPatient(app, therapist);
    await linkTeam(app, therapist, otherTeams.id, world.otherTeamId, valid);
    expired = await createPatient(app, therapist);
    await linkTeam(app, therapist, expired.id, world.teamId, {
      signedOn: dayFromToday(t.clock, -400),
      expiresOn: dayFromToday(t.clock, -1),
    });
  });
  afterAll(() => t.close());

  it('shows a new key once, stores only its hash, and lists it without the key', async () => {
    const response = await createKey(world.coordinator, '  Clinic EHR  ', {
      'idempotency-key': 'key-create-1',
    });
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created).toEqual({
      id: expect.any(String),
      name: 'Clinic EHR',
      prefix: created.key.slice(0, 9),
      key: expect.stringMatching(/^kapk_[A-Za-z0-9_-]{43}$/),
      createdAt: t.clock.now().toISOString(),
      createdBy: { id: world.coordinator.id, displayName: 'Test care_coordinator' },
      lastUsedAt: null,
      revokedAt: null,
    });

    const [stored] = await db.query(`SELECT to_jsonb(k) AS row FROM api_key k WHERE id = $1`, [created.id]);
    expect(stored.row.token_hash).toBe(createHash('sha256').update(created.key).digest('hex'));
    expect(JSON.stringify(stored.row)).not.toContain(created.key.slice(9));
    // Not in the idempotency store either: a replay answers the record without the key.
    const [remembered] = await db.query(
      `SELECT response::text AS response FROM idempotency_key WHERE key = 'key-create-1'`,
    );
    expect(remembered.response).not.toContain(created.key.slice(9));
    const replay = await createKey(world.coordinator, '  Clinic EHR  ', {
      'idempotency-key': 'key-create-1',
    });
    expect(replay.statusCode).toBe(201);
    const { key: _key, ...withoutKey } = created;
    expect(replay.json()).toEqual(withoutKey);

    const list = await app.inject({ method: 'GET', url: '/api/api-keys', cookies: as(world.coordinator) });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toContainEqual(withoutKey);
    expect(list.body).not.toContain(created.key.slice(9));
    expect(await eventsOf(response.headers['x-request-id'])).toEqual([
      expect.objectContaining({
        action: 'api_key.create',
        actor_id: world.coordinator.id,
        entity_id: created.id,
        outcome: 'success',
      }),
    ]);
  });

  it('is issued by the coordinator only (decision 0008), with a name', async () => {
    for (const person of [world.prescriber, world.therapist, world.admin]) {
      expect((await createKey(person)).statusCode).toBe(403);
    }
    const nameless = await createKey(world.coordinator, '   ');
    expect(nameless.statusCode).toBe(400);
    expect(nameless.json().details).toEqual([
      { field: 'name', problem: expect.stringContaining('what the key is for') },
    ]);
  });

  it('reads what is shared with its team, the reduced patient, and nothing else (404)', async () => {
    const { key, id: keyId } = (await createKey(world.coordinator)).json();
    const list = await app.inject({ method: 'GET', url: '/api/patients?limit=200', headers: bearer(key) });
    expect(list.statusCode).toBe(200);
    const ids = list.json().items.map((p: { id: string }) => p.id);
    expect(ids).toContain(shared.id);
    expect(ids).not.toContain(otherTeams.id);
    expect(ids).not.toContain(expired.id);

    const patient = await app.inject({
      method: 'GET',
      url: `/api/patients/${shared.id}`,
      headers: bearer(key),
    });
    expect(patient.statusCode).toBe(200);
    expect(patient.body).not.toContain('shared@patient.test');
    expect(patient.body).not.toContain('555 0100');
    const events = await eventsOf(patient.headers['x-request-id']);
    expect(events).toEqual([
      expect.objectContaining({
        actor_id: keyId,
        actor_role: 'care_coordinator',
        organization_id: world.teamId,
        patient_id: shared.id,
        outcome: 'success',
      }),
    ]);

    for (const hidden of [otherTeams.id, expired.id]) {
      const response = await app.inject({
        method: 'GET',
        url: `/api/patients/${hidden}`,
        headers: bearer(key),
      });
      expect(response.statusCode).toBe(404);
      expect(await eventsOf(response.headers['x-request-id'])).toEqual([
        expect.objectContaining({ actor_id: keyId, patient_id: hidden, outcome: 'denied' }),
      ]);
    }
    for (const url of [
      `/api/patients/${shared.id}/status-updates`,
      `/api/patients/${shared.id}/medical-status`,
      `/api/alerts?patientId=${shared.id}`,
    ]) {
      expect((await app.inject({ method: 'GET', url, headers: bearer(key) })).statusCode).toBe(200);
    }
  });

  it('posts medical status and scores as the key, with no Origin check (no cookies to forge)', async () => {
    const { key, id: keyId } = (await createKey(world.coordinator, 'Lab system')).json();
    const status = await app.inject({
      method: 'POST',
      url: `/api/patients/${shared.id}/medical-status`,
      headers: { ...bearer(key), origin: 'https://elsewhere.example' },
      payload: { asOf: t.clock.now().toISOString(), eligibility: 'eligible', monitoring: 'on_track' },
    });
    expect(status.statusCode).toBe(201);
    expect(status.json()).toMatchObject({ source: 'medical_team' });
    expect(status.body).toContain('Lab system (API key)');
    expect(await eventsOf(status.headers['x-request-id'])).toEqual([
      expect.objectContaining({
        action: 'medical_status.create',
        actor_id: keyId,
        patient_id: shared.id,
        outcome: 'success',
      }),
    ]);

    const score = await app.inject({
      method: 'POST',
      url: `/api/patients/${shared.id}/outcomes`,
      headers: bearer(key),
      payload: {
        instrument: 'GAD7',
        administeredAt: t.clock.now().toISOString(),
        items: [1, 1, 1, 1, 1, 1, 1],
        source: 'medical_team',
      },
    });
    expect(score.statusCode).toBe(201);
    expect(score.json().total).toBe(7);
    const [entered] = await db.query(`SELECT entered_by FROM outcome WHERE id = $1`, [score.json().id]);
    expect(entered.entered_by).toBe(keyId);

    const elsewhere = await app.inject({
      method: 'POST',
      url: `/api/patients/${otherTeams.id}/medical-status`,
      headers: bearer(key),
      payload: { asOf: t.clock.now().toISOString(), eligibility: 'eligible' },
    });
    expect(elsewhere.statusCode).toBe(404);
  });

  it('allows only routes that exist (the allow-list cannot drift from the router)', () => {
    const served = new Set(routeTable(app).map((route) => `${route.method} ${route.url}`));
    expect([...MACHINE_ROUTES].filter((route) => !served.has(route))).toEqual([]);
  });

  it('is refused (403, audited with the key) on every route outside its allow-list', async () => {
    const { key, id: keyId } = (await createKey(world.coordinator)).json();
    const refused: [string, string, object?][] = [
      ['GET', '/api/api-keys'],
      ['POST', '/api/api-keys', { name: 'A key making keys' }],
      ['GET', '/api/webhooks'],
      ['GET', '/api/auth/me'],
      ['GET', '/api/dashboard'],
      ['GET', `/api/patients/${shared.id}/notes`],
      ['GET', `/api/patients/${shared.id}/follow-up-packet`],
      [
        'POST',
        `/api/patients/${shared.id}/status-updates`,
        { kind: 'general', urgency: 'routine', body: 'From the machine' },
      ],
    ];
    for (const [method, url, payload] of refused) {
      expect(MACHINE_ROUTES.has(`${method} ${url}`)).toBe(false);
      const response = await app.inject({ method: method as 'GET', url, headers: bearer(key), payload });
      expect({ url, status: response.statusCode }).toEqual({ url, status: 403 });
      expect(await eventsOf(response.headers['x-request-id'])).toEqual([
        expect.objectContaining({ action: 'access.forbidden', actor_id: keyId, outcome: 'denied' }),
      ]);
    }
  });

  it('answers 401 from the very next request once revoked, and the refusal names the key', async () => {
    const { key, id: keyId } = (await createKey(world.coordinator)).json();
    const before = await app.inject({ method: 'GET', url: '/api/patients', headers: bearer(key) });
    expect(before.statusCode).toBe(200);
    const [used] = await db.query(`SELECT last_used_at FROM api_key WHERE id = $1`, [keyId]);
    expect(used.last_used_at).not.toBeNull();

    // A prescriber may not revoke keys; another team's coordinator cannot even see this one.
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/api-keys/${keyId}/revoke`,
          cookies: as(world.prescriber),
        })
      ).statusCode,
    ).toBe(403);
    const otherTeam = await createOrganization(app, 'medical_team', ['care_coordinator']);
    const otherCoordinator = await signIn(app, otherTeam.people[0].email);
    expect(
      (await app.inject({ method: 'POST', url: `/api/api-keys/${keyId}/revoke`, cookies: otherCoordinator }))
        .statusCode,
    ).toBe(404);
    const revoke = await app.inject({
      method: 'POST',
      url: `/api/api-keys/${keyId}/revoke`,
      cookies: as(world.coordinator),
    });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json()).toMatchObject({ id: keyId, revokedAt: t.clock.now().toISOString() });
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/api-keys/${keyId}/revoke`,
          cookies: as(world.coordinator),
        })
      ).statusCode,
    ).toBe(409);

    const after = await app.inject({
      method: 'GET',
      url: '/api/patients',
      headers: bearer(key),
      remoteAddress: '10.9.8.7',
    });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({
      error: 'unauthenticated',
      message: expect.stringContaining('revoked'),
    });
    expect(await eventsOf(after.headers['x-request-id'])).toEqual([
      expect.objectContaining({
        action: 'auth.api_key_rejected',
        actor_id: keyId,
        entity_id: keyId,
        outcome: 'denied',
        detail: { reason: 'revoked', prefix: key.slice(0, 9) },
      }),
    ]);
  });

  it('refuses unknown and malformed keys (audited, the key never written), and never falls back to the cookie', async () => {
    for (const header of ['Bearer kapk_' + 'A'.repeat(43), 'Bearer not-a-key', 'Bearer']) {
      const response = await app.inject({
        method: 'GET',
        url: '/api/patients',
        headers: { authorization: header },
        cookies: as(world.coordinator),
        remoteAddress: testIp(),
      });
      expect({ header, status: response.statusCode }).toEqual({ header, status: 401 });
      const events = await eventsOf(response.headers['x-request-id']);
      expect(events).toEqual([
        expect.objectContaining({ action: 'auth.api_key_rejected', actor_id: null, outcome: 'denied' }),
      ]);
      expect(JSON.stringify(events)).not.toContain('A'.repeat(43));
    }
  });

  it('gives its principal no way to sign in', async () => {
    const { id: keyId } = (await createKey(world.coordinator)).json();
    const [principal] = await db.query(`SELECT email FROM app_user WHERE id = $1`, [keyId]);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: principal.email, password: '!api-key' },
      remoteAddress: testIp(),
    });
    expect(login.statusCode).toBe(401);
  });
});
