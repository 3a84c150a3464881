import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AuditEventItem } from '@kap/shared/contracts';
import { cookiesOf, createCareWorld, createPatient, type CareWorld } from '../testing/care-world';
import { createTestApp, type TestApp } from '../testing/test-app';

/** `GET /api/audit` (docs/api.md "Audit and export"): the practice admin reads the practice's trail. */
describe('audit listing (GET /api/audit)', () => {
  let t: TestApp;
  let db: DataSource;
  let world: CareWorld;
  let admin: Record<string, string>;
  let patientId: string;
  let foreignPatientId: string;

  const list = (query: string, cookies = admin) =>
    t.app.inject({ method: 'GET', url: `/api/audit${query}`, cookies });
  const items = async (query: string): Promise<AuditEventItem[]> => {
    const response = await list(query);
    expect(response.statusCode).toBe(200);
    return response.json().items;
  };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    world = await createCareWorld(t.app);
    admin = cookiesOf(world, world.admin);
    const therapist = cookiesOf(world, world.therapist);
    patientId = (await createPatient(t.app, therapist)).id;
    foreignPatientId = (await createPatient(t.app, cookiesOf(world, world.foreignTherapist))).id;
    await t.app.inject({
      method: 'PUT',
      url: `/api/patients/${patientId}/care-team`,
      cookies: therapist,
      payload: {
        medicalTeamId: world.teamId,
        releaseOfInformation: { signedOn: '2020-01-01', expiresOn: '2099-12-31' },
      },
    });
    // Reads a second apart, so the order is by time, not only by chain position.
    for (let i = 0; i < 3; i++) {
      t.clock.advance(1000);
      await t.app.inject({ method: 'GET', url: `/api/patients/${patientId}`, cookies: therapist });
    }
    t.clock.advance(1000);
    // The medical team reads the shared record; another practice's therapist tries to.
    await t.app.inject({
      method: 'GET',
      url: `/api/patients/${patientId}`,
      cookies: cookiesOf(world, world.prescriber),
    });
    await t.app.inject({
      method: 'GET',
      url: `/api/patients/${patientId}`,
      cookies: cookiesOf(world, world.foreignTherapist),
    });
    // This practice's therapist tries another practice's patient.
    await t.app.inject({ method: 'GET', url: `/api/patients/${foreignPatientId}`, cookies: therapist });
  });
  afterAll(() => t.close());

  it('answers the contract shape, newest first, only the practice’s own people', async () => {
    const page = (await list('?limit=100')).json();
    expect(Object.keys(page).sort()).toEqual(['items', 'nextCursor']);
    expect(Object.keys(page.items[0]).sort()).toEqual(
      [
        'action',
        'actorId',
        'at',
        'entityId',
        'entityType',
        'id',
        'ip',
        'outcome',
        'patientId',
        'requestId',
      ].sort(),
    );
    const practicePeople = new Set([world.therapist.id, world.otherTherapist.id, world.admin.id]);
    expect(page.items.length).toBeGreaterThan(5);
    expect(page.items.every((e: AuditEventItem) => practicePeople.has(e.actorId!))).toBe(true);
    const times = page.items.map((e: AuditEventItem) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // Its own denied attempt on a foreign patient is part of the practice's trail.
    expect(page.items).toContainEqual(
      expect.objectContaining({
        actorId: world.therapist.id,
        patientId: foreignPatientId,
        outcome: 'denied',
      }),
    );
  });

  it('for one of the practice’s patients: everyone’s events with that record, the medical team’s and the denied outsider’s included', async () => {
    const events = await items(`?patientId=${patientId}&limit=100`);
    expect(events.every((e) => e.patientId === patientId)).toBe(true);
    expect(events).toContainEqual(
      expect.objectContaining({ actorId: world.prescriber.id, action: 'patient.read', outcome: 'success' }),
    );
    expect(
      events.filter((e) => e.actorId === world.therapist.id && e.action === 'patient.read'),
    ).toHaveLength(3);
    const [created] = await db.query(
      `SELECT id::text, request_id, ip FROM audit_event WHERE patient_id = $1 AND action = 'patient.create'`,
      [patientId],
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        id: created.id,
        requestId: created.request_id,
        ip: created.ip,
        entityType: 'patient',
      }),
    );
  });

  it('for another practice’s patient: only what this practice’s people did', async () => {
    const events = await items(`?patientId=${foreignPatientId}`);
    expect(events.map((e) => [e.actorId, e.outcome])).toEqual([[world.therapist.id, 'denied']]);
  });

  it('filters by actor and period (inclusive ends, bare dates are whole UTC days)', async () => {
    const mine = await items(`?actorId=${world.therapist.id}&limit=100`);
    expect(mine.length).toBeGreaterThan(3);
    expect(mine.every((e) => e.actorId === world.therapist.id)).toBe(true);
    const newest = mine[0];
    expect(
      (await items(`?actorId=${world.therapist.id}&from=${newest.at}&to=${newest.at}`)).map((e) => e.id),
    ).toContain(newest.id);
    expect(
      await items(`?actorId=${world.therapist.id}&from=${new Date(Date.parse(newest.at) + 1).toISOString()}`),
    ).toEqual([]);
    const day = newest.at.slice(0, 10);
    expect(
      (await items(`?actorId=${world.therapist.id}&from=${day}&to=${day}&limit=100`)).map((e) => e.id),
    ).toContain(newest.id);
    expect(await items(`?actorId=${world.therapist.id}&to=2000-01-01`)).toEqual([]);
  });

  it('pages with a keyset cursor: no event twice, none skipped, even when new events arrive between pages', async () => {
    // The therapist's events with the patient (the admin's own audit.list reads would join the trail as it is paged).
    const filter = `patientId=${patientId}&actorId=${world.therapist.id}`;
    const all = await items(`?${filter}&limit=100`);
    expect(all.length).toBeGreaterThan(4);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: AuditEventItem[]; nextCursor: string | null } = (
        await list(`?${filter}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
      await t.app.inject({
        method: 'GET',
        url: `/api/patients/${patientId}`,
        cookies: cookiesOf(world, world.therapist),
      });
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.id));
  });

  it('reading the trail is itself audited, once', async () => {
    const response = await list(`?patientId=${patientId}&limit=1`);
    const events = await db.query(
      `SELECT action, outcome, patient_id, actor_id FROM audit_event WHERE request_id = $1`,
      [response.headers['x-request-id']],
    );
    expect(events).toEqual([
      { action: 'audit.list', outcome: 'success', patient_id: patientId, actor_id: world.admin.id },
    ]);
  });

  it.each([
    ['therapist', 'therapist'],
    ['prescriber', 'prescriber'],
    ['care coordinator', 'coordinator'],
  ] as const)('a %s gets 403', async (_label, who) => {
    const response = await list('', cookiesOf(world, world[who]));
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toBe('forbidden');
  });

  it('without a session: 401', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/audit' })).statusCode).toBe(401);
  });

  it.each([
    ['patientId=abc', 'patientId'],
    ['actorId=123', 'actorId'],
    ['from=2026-02-30', 'from'],
    ['to=yesterday', 'to'],
    ['from=2026-11-25T14:00:00', 'from'], // no offset
    ['from=2026-11-25&to=2026-11-24', 'to'],
    ['limit=0', 'limit'],
    ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
    [`cursor=${Buffer.from(JSON.stringify(['not a time', '1'])).toString('base64url')}`, 'cursor'],
    ['colour=red', 'colour'],
  ])('?%s → 400 naming %s', async (query, field) => {
    const response = await list(`?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('an unknown patient or actor is an empty page, not an error', async () => {
    expect((await list(`?patientId=${randomUUID()}`)).json()).toEqual({ items: [], nextCursor: null });
    expect((await list(`?actorId=${randomUUID()}`)).json()).toEqual({ items: [], nextCursor: null });
  });
});
