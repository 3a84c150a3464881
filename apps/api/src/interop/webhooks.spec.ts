import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { DataSource } from 'typeorm';
import { WebhookDeliveryWorker } from '@kap/api/webhooks';
import {
  cookiesOf,
  createCareWorld,
  createPatient,
  dayFromToday,
  linkTeam,
  type CareWorld,
} from '../testing/care-world';
import { createOrganization, signIn, type Person } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

/** This suite's ports (4380–4389 are reserved for it on the shared machine). */
const RECEIVER_PORT = 4381;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A medical team's system, as a test controls it: answers with `status`, records every request. */
class Receiver {
  readonly received: Received[] = [];
  status = 200;
  private server: Server | null = null;

  async listen(port: number): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push({
          path: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        response.writeHead(this.status, { 'content-type': 'text/plain' }).end('thanks');
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  }

  /** Stops listening: the next attempt meets a refused connection. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** What a receiver must do: recompute the HMAC over "t.body" and compare in constant time. */
function signatureIsValid(secret: string, received: Received): boolean {
  const header = String(received.headers['kap-signature'] ?? '');
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match || match[1] !== received.headers['kap-timestamp']) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${received.body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2], 'hex'));
}

/** Issue 9: signed webhooks from a transactional outbox (docs/decisions/0008-machine-access-webhooks.md). */
describe('signed webhooks for a medical team', () => {
  let t: TestApp;
  let db: DataSource;
  let world: CareWorld;
  const receiver = new Receiver();
  const MARKER = `PSYCHOTHERAPY-MARKER-${Date.now()}`;

  const as = (person: Person) => cookiesOf(world, person);
  const post = async (person: Person, url: string, payload: object = {}, expected = 201) => {
    const response = await t.app.inject({ method: 'POST', url, cookies: as(person), payload });
    if (response.statusCode !== expected) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  const deliverDue = () => t.app.get(WebhookDeliveryWorker).deliverDue();
  const deliveriesOf = (webhookId: string) =>
    db.query(
      `SELECT d.id, d.status, d.attempts, e.type, e.patient_id, e.body FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id
        WHERE d.webhook_id = $1 ORDER BY d.created_at, e.type, e.occurred_at`,
      [webhookId],
    );
  /** Moving the clock by hours ends the sessions (15 minutes idle): sign the cast in again. */
  const signInAgain = async () => {
    for (const person of [world.therapist, world.prescriber, world.coordinator])
      world.cookies.set(person.id, await signIn(t.app, person.email));
  };
  const register = async (url: string, person: Person = world.coordinator) =>
    post(person, '/api/webhooks', { url, description: 'Clinic EHR' });

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    world = await createCareWorld(t.app);
    await receiver.listen(RECEIVER_PORT);
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  it('registers an endpoint: the secret is shown once; only HTTPS (or loopback http in development) is accepted', async () => {
    const created = await register(`http://127.0.0.1:${RECEIVER_PORT}/setup-check`);
    expect(created).toEqual({
      id: expect.any(String),
      url: `http://127.0.0.1:${RECEIVER_PORT}/setup-check`,
      description: 'Clinic EHR',
      createdAt: t.clock.now().toISOString(),
      disabledAt: null,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
    });
    const list = await t.app.inject({ method: 'GET', url: '/api/webhooks', cookies: as(world.coordinator) });
    const { secret: _secret, ...listed } = created;
    expect(list.json().items).toContainEqual(listed);
    expect(list.body).not.toContain(created.secret);

    for (const [url, problem] of [
      ['http://ehr.example.org/hook', /https/],
      ['https://10.0.0.8/hook', /private network/],
      ['not a url', /full address/],
    ] as const) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/webhooks',
        cookies: as(world.coordinator),
        payload: { url },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().details).toEqual([{ field: 'url', problem: expect.stringMatching(problem) }]);
    }
    const unknownField = await t.app.inject({
      method: 'POST',
      url: '/api/webhooks',
      cookies: as(world.coordinator),
      payload: { url: 'https://ehr.example.org/hook', events: ['all'] },
    });
    expect(unknownField.statusCode).toBe(400);
    const count = await db.query(`SELECT count(*)::int AS n FROM webhook WHERE organization_id = $1`, [
      world.teamId,
    ]);
    expect(count[0].n).toBe(1);
    const prescriber = await t.app.inject({
      method: 'POST',
      url: '/api/webhooks',
      cookies: as(world.prescriber),
      payload: { url: 'https://ehr.example.org/hook' },
    });
    expect(prescriber.statusCode).toBe(403);

    const disabled = await t.app.inject({
      method: 'DELETE',
      url: `/api/webhooks/${created.id}`,
      cookies: as(world.coordinator),
    });
    expect(disabled.statusCode).toBe(204);
  });

  it('writes events in the transaction of the change: status updates, alerts, medical status; only under a valid release', async () => {
    const hook = await register(`http://127.0.0.1:${RECEIVER_PORT}/events`);
    const therapist = as(world.therapist);
    const patient = await createPatient(t.app, therapist);
    await linkTeam(t.app, therapist, patient.id, world.teamId, {
      signedOn: dayFromToday(t.clock, -10),
      expiresOn: dayFromToday(t.clock, 300),
    });
    const lapsed = await createPatient(t.app, therapist);
    await linkTeam(t.app, therapist, lapsed.id, world.teamId, {
      signedOn: dayFromToday(t.clock, -400),
      expiresOn: dayFromToday(t.clock, -1),
    });
    const otherTeams = await createPatient(t.app, therapist);
    await linkTeam(t.app, therapist, otherTeams.id, world.otherTeamId, {
      signedOn: dayFromToday(t.clock, -10),
      expiresOn: dayFromToday(t.clock, 300),
    });

    await post(world.therapist, `/api/patients/${patient.id}/psychotherapy-notes`, {
      body: `Process note ${MARKER}`,
    });
    const draft = await post(world.therapist, `/api/patients/${patient.id}/notes`, {
      kind: 'progress',
      body: `Draft ${MARKER}`,
      shareWithMedicalTeam: true,
    });
    // A write that fails (a note that is not shareable) leaves no event: nothing outside its transaction.
    await post(
      world.therapist,
      `/api/patients/${patient.id}/status-updates`,
      {
        kind: 'general',
        urgency: 'routine',
        body: 'With a draft attached',
        include: { noteIds: [draft.id] },
      },
      400,
    );
    expect(await deliveriesOf(hook.id)).toEqual([]);

    const update = await post(world.therapist, `/api/patients/${patient.id}/status-updates`, {
      kind: 'safety_concern',
      urgency: 'soon',
      body: 'Slept badly after the dose',
    });
    const score = await post(world.therapist, `/api/patients/${patient.id}/outcomes`, {
      instrument: 'PHQ9',
      administeredAt: t.clock.now().toISOString(),
      items: [1, 1, 1, 1, 1, 1, 1, 1, 1],
    });
    const status = await post(world.prescriber, `/api/patients/${patient.id}/medical-status`, {
      asOf: t.clock.now().toISOString(),
      eligibility: 'eligible',
      note: `Private words ${MARKER}`,
    });
    for (const other of [lapsed, otherTeams]) {
      await post(world.therapist, `/api/patients/${other.id}/outcomes`, {
        instrument: 'PHQ9',
        administeredAt: t.clock.now().toISOString(),
        items: [1, 1, 1, 1, 1, 1, 1, 1, 1],
      });
      await post(world.therapist, `/api/patients/${other.id}/medical-status`, {
        asOf: t.clock.now().toISOString(),
        monitoring: 'on_track',
      });
    }

    const deliveries = await deliveriesOf(hook.id);
    expect(
      deliveries.map((d: { type: string; patient_id: string; status: string }) => [
        d.type,
        d.patient_id,
        d.status,
      ]),
    ).toEqual([
      ['alert.raised', patient.id, 'pending'],
      ['medical_status.recorded', patient.id, 'pending'],
      ['status_update.created', patient.id, 'pending'],
    ]);
    const bodies = deliveries.map((d: { body: string }) => JSON.parse(d.body));
    expect(bodies[2]).toEqual({
      id: expect.any(String),
      type: 'status_update.created',
      occurredAt: t.clock.now().toISOString(),
      patientId: patient.id,
      data: {
        statusUpdateId: update.id,
        fromSide: 'practice',
        kind: 'safety_concern',
        urgency: 'soon',
        body: 'Slept badly after the dose',
        include: { sessionIds: [], outcomeIds: [], noteIds: [] },
      },
    });
    expect(bodies[0].data).toEqual({
      alertId: expect.any(String),
      kind: 'suicidality_item_positive',
      severity: 'urgent',
      sourceType: 'outcome',
      sourceId: score.id,
    });
    expect(bodies[1].data).toEqual({
      medicalStatusId: status.id,
      asOf: status.asOf,
      source: 'medical_team',
      eligibility: 'eligible',
      prescription: null,
      nextFollowUpDue: null,
      monitoring: null,
      hasNote: true,
    });
    const [{ all }] = await db.query(`SELECT string_agg(body, ' ') AS all FROM webhook_event`);
    expect(all).not.toContain(MARKER);

    // Leave this suite's later tests a clean slate: these three are delivered now, to a 200.
    receiver.status = 200;
    await deliverDue();
    expect((await deliveriesOf(hook.id)).map((d: { status: string }) => d.status)).toEqual([
      'delivered',
      'delivered',
      'delivered',
    ]);
    await post(world.coordinator, `/api/webhooks/${hook.id}/disable`, {}, 200);
  });

  it('retries with backoff through a 500 and a refused connection, survives a restart, and delivers exactly once, signed', async () => {
    const hook = await register(`http://127.0.0.1:${RECEIVER_PORT}/kap`);
    const patient = await createPatient(t.app, as(world.therapist));
    await linkTeam(t.app, as(world.therapist), patient.id, world.teamId, {
      signedOn: dayFromToday(t.clock, -1),
      expiresOn: dayFromToday(t.clock, 30),
    });
    await post(world.coordinator, `/api/patients/${patient.id}/medical-status`, {
      asOf: t.clock.now().toISOString(),
      monitoring: 'needs_attention',
    });
    const [delivery] = await deliveriesOf(hook.id);
    const mine = () => receiver.received.filter((r) => r.path === '/kap');

    // 1st attempt: the receiver answers 500.
    receiver.status = 500;
    await deliverDue();
    expect(mine()).toHaveLength(1);
    // Not due again for 10 s.
    t.clock.advance(9_000);
    await deliverDue();
    expect(mine()).toHaveLength(1);

    // 2nd attempt: nobody listens.
    await receiver.close();
    t.clock.advance(1_000);
    await deliverDue();
    const [afterTwo] = await db.query(
      `SELECT status, attempts, next_attempt_at FROM webhook_delivery WHERE id = $1`,
      [delivery.id],
    );
    expect(afterTwo).toMatchObject({ status: 'pending', attempts: 2 });
    expect(new Date(afterTwo.next_attempt_at).getTime()).toBe(t.clock.now().getTime() + 30_000);

    // The API restarts between attempts: a new process on the same database picks the delivery up.
    await t.close();
    t = await createTestApp();
    db = t.app.get(DataSource);
    await receiver.listen(RECEIVER_PORT);
    receiver.status = 204;
    t.clock.advance(120_000);
    await deliverDue();
    expect(mine()).toHaveLength(2);
    t.clock.advance(24 * 3600_000);
    await deliverDue();
    expect(mine()).toHaveLength(2);
    await signInAgain();

    const [first, delivered] = mine();
    expect(first.body).toBe(delivered.body);
    expect(delivered.headers['kap-event-id']).toBe(JSON.parse(delivered.body).id);
    expect(delivered.headers['content-type']).toBe('application/json');
    expect(signatureIsValid(hook.secret, delivered)).toBe(true);
    expect(signatureIsValid('whsec_not-the-secret', delivered)).toBe(false);
    expect(
      signatureIsValid(hook.secret, {
        ...delivered,
        body: delivered.body.replace('needs_attention', 'on_track'),
      }),
    ).toBe(false);

    const log = await t.app.inject({
      method: 'GET',
      url: `/api/webhooks/${hook.id}/deliveries`,
      cookies: as(world.coordinator),
    });
    expect(log.statusCode).toBe(200);
    expect(log.json().items).toEqual([
      {
        id: delivery.id,
        webhookId: hook.id,
        eventId: JSON.parse(delivered.body).id,
        eventType: 'medical_status.recorded',
        patientId: patient.id,
        status: 'delivered',
        createdAt: expect.any(String),
        nextAttemptAt: null,
        deliveredAt: expect.any(String),
        attempts: [
          { at: expect.any(String), statusCode: 500, error: 'answered 500', durationMs: expect.any(Number) },
          {
            at: expect.any(String),
            statusCode: null,
            error: 'connection refused or address not allowed',
            durationMs: expect.any(Number),
          },
          { at: expect.any(String), statusCode: 204, error: null, durationMs: expect.any(Number) },
        ],
      },
    ]);
    const sends = await db.query(
      `SELECT outcome, patient_id, actor_id FROM audit_event WHERE entity_id = $1 AND action = 'webhook_event.send' ORDER BY seq`,
      [delivery.id],
    );
    expect(sends).toEqual([
      { outcome: 'failure', patient_id: patient.id, actor_id: null },
      { outcome: 'failure', patient_id: patient.id, actor_id: null },
      { outcome: 'success', patient_id: patient.id, actor_id: null },
    ]);
    for (const request of receiver.received) expect(request.body).not.toContain(MARKER);
    await post(world.coordinator, `/api/webhooks/${hook.id}/disable`, {}, 200);
  });

  it("gives up after the last attempt; a manual retry sends it again; the log is the team coordinator's alone", async () => {
    const hook = await register(`http://127.0.0.1:${RECEIVER_PORT}/flaky`);
    const patient = await createPatient(t.app, as(world.therapist));
    await linkTeam(t.app, as(world.therapist), patient.id, world.teamId, {
      signedOn: dayFromToday(t.clock, -1),
      expiresOn: dayFromToday(t.clock, 30),
    });
    await post(world.coordinator, `/api/patients/${patient.id}/medical-status`, {
      asOf: t.clock.now().toISOString(),
      monitoring: 'paused',
    });
    const [delivery] = await deliveriesOf(hook.id);

    receiver.status = 503;
    for (let attempt = 1; attempt <= 8; attempt++) {
      await deliverDue();
      t.clock.advance(4 * 3600_000);
    }
    await deliverDue();
    await signInAgain();
    const [failed] = await db.query(
      `SELECT status, attempts, next_attempt_at FROM webhook_delivery WHERE id = $1`,
      [delivery.id],
    );
    expect(failed).toEqual({ status: 'failed', attempts: 8, next_attempt_at: null });
    expect(receiver.received.filter((r) => r.path === '/flaky')).toHaveLength(8);

    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/webhook-deliveries/${delivery.id}/retry`,
          cookies: as(world.prescriber),
        })
      ).statusCode,
    ).toBe(403);
    const otherTeam = await createOrganization(t.app, 'medical_team', ['care_coordinator']);
    const stranger = await signIn(t.app, otherTeam.people[0].email);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/webhook-deliveries/${delivery.id}/retry`,
          cookies: stranger,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/webhooks/${hook.id}/deliveries`, cookies: stranger }))
        .statusCode,
    ).toBe(404);
    receiver.status = 200;
    const retried = await post(world.coordinator, `/api/webhook-deliveries/${delivery.id}/retry`, {}, 200);
    expect(retried).toMatchObject({ status: 'pending', nextAttemptAt: t.clock.now().toISOString() });
    expect(retried.attempts).toHaveLength(8);
    await deliverDue();
    const [done] = await db.query(`SELECT status FROM webhook_delivery WHERE id = $1`, [delivery.id]);
    expect(done.status).toBe('delivered');
    expect(receiver.received.filter((r) => r.path === '/flaky')).toHaveLength(9);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/webhook-deliveries/${delivery.id}/retry`,
      cookies: as(world.coordinator),
    });
    expect(again.statusCode).toBe(409);

    // Disabled: pending deliveries end as failed and new changes write no event for it.
    await post(world.coordinator, `/api/webhooks/${hook.id}/disable`, {}, 200);
    await post(world.coordinator, `/api/patients/${patient.id}/medical-status`, {
      asOf: t.clock.now().toISOString(),
      monitoring: 'on_track',
    });
    expect(await deliveriesOf(hook.id)).toHaveLength(1);
  });

  it('is safe with several API instances: each due delivery is sent by exactly one of them', async () => {
    const hook = await register(`http://127.0.0.1:${RECEIVER_PORT}/fleet`);
    const patient = await createPatient(t.app, as(world.therapist));
    await linkTeam(t.app, as(world.therapist), patient.id, world.teamId, {
      signedOn: dayFromToday(t.clock, -1),
      expiresOn: dayFromToday(t.clock, 30),
    });
    for (let i = 0; i < 30; i++) {
      await post(world.coordinator, `/api/patients/${patient.id}/medical-status`, {
        asOf: new Date(t.clock.now().getTime() - i * 60_000).toISOString(),
        monitoring: 'on_track',
      });
    }
    receiver.status = 200;
    const second = await createTestApp();
    try {
      second.clock.advance(t.clock.now().getTime() - second.clock.now().getTime());
      await Promise.all([deliverDue(), second.app.get(WebhookDeliveryWorker).deliverDue(), deliverDue()]);
    } finally {
      await second.close();
    }
    const ids = receiver.received.filter((r) => r.path === '/fleet').map((r) => r.headers['kap-event-id']);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    const statuses = await deliveriesOf(hook.id);
    expect(
      statuses.every(
        (d: { status: string; attempts: number }) => d.status === 'delivered' && d.attempts === 1,
      ),
    ).toBe(true);
    await post(world.coordinator, `/api/webhooks/${hook.id}/disable`, {}, 200);
  });
});
