import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { LookupAddress } from 'node:dns';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { CONNECTION_FAILED, HostResolver, WebhookDeliveryWorker } from '@kap/api/webhooks';
import {
  cookiesOf,
  createCareWorld,
  createPatient,
  dayFromToday,
  linkTeam,
  type CareWorld,
} from '../testing/care-world';
import { signIn } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

/** This suite's port (4380–4389 are reserved for the webhook suites on the shared machine). */
const RECEIVER_PORT = 4385;

/** A medical team's system (or something inside our network): answers 200, records every request. */
class Receiver {
  readonly received: { path: string; headers: IncomingHttpHeaders }[] = [];
  private server: Server | null = null;

  async listen(port: number): Promise<void> {
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        this.received.push({ path: request.url ?? '', headers: request.headers });
        response.writeHead(200).end('ok');
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  on(path: string) {
    return this.received.filter((r) => r.path === path);
  }
}

/**
 * Names that resolve as the table says (like a hosts file the test controls), every other name
 * through the system: stands in for a DNS server whose answers can point anywhere.
 */
function hostsFile(app: NestFastifyApplication, table: Record<string, string[]>): void {
  const resolver = app.get(HostResolver);
  const system = resolver.resolve.bind(resolver);
  jest.spyOn(resolver, 'resolve').mockImplementation(async (hostname: string): Promise<LookupAddress[]> => {
    const addresses = table[hostname];
    if (!addresses) return system(hostname);
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  });
}

const HOSTS = {
  'ehr.rebinding.test': ['127.0.0.1'],
  'ehr.mixed.test': ['93.184.215.14', '10.0.0.7'],
  'ehr.sitelocal.test': ['fec0::1'],
  'ehr.public.test': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
};

/** Issue 22, items 2 and 4: webhooks cannot reach our own network, nor outlive a release of information. */
describe('webhook hardening', () => {
  /** Development and tests: loopback receivers allowed (WEBHOOK_ALLOW_LOOPBACK=true). */
  let lenient: TestApp;
  /** Production's rules: only public unicast addresses. Same database. */
  let strict: TestApp;
  let db: DataSource;
  let world: CareWorld;
  let strictCoordinator: Record<string, string>;
  const receiver = new Receiver();

  const as = (app: TestApp, cookies: Record<string, string>) => ({ app: app.app, cookies });
  const register = async ({ app, cookies }: ReturnType<typeof as>, url: string) =>
    app.inject({ method: 'POST', url: '/api/webhooks', cookies, payload: { url } });
  const deliveryOf = async (webhookId: string) => {
    const [row] = await db.query(`SELECT id, status, attempts FROM webhook_delivery WHERE webhook_id = $1`, [
      webhookId,
    ]);
    return row as { id: string; status: string; attempts: number };
  };
  const errorsOf = async (deliveryId: string): Promise<(string | null)[]> =>
    (
      await db.query(`SELECT error FROM webhook_delivery_attempt WHERE delivery_id = $1 ORDER BY id`, [
        deliveryId,
      ])
    ).map((r: { error: string | null }) => r.error);
  /** A patient shared with the team under a valid release, and one event for each of `webhookIds`. */
  const sharedPatientWithEvent = async () => {
    const therapist = cookiesOf(world, world.therapist);
    const patient = await createPatient(lenient.app, therapist);
    await linkTeam(lenient.app, therapist, patient.id, world.teamId, {
      signedOn: dayFromToday(lenient.clock, -5),
      expiresOn: dayFromToday(lenient.clock, 60),
    });
    const status = await lenient.app.inject({
      method: 'POST',
      url: `/api/patients/${patient.id}/medical-status`,
      cookies: cookiesOf(world, world.coordinator),
      payload: { asOf: lenient.clock.now().toISOString(), monitoring: 'on_track' },
    });
    expect(status.statusCode).toBe(201);
    return patient;
  };
  const registered = async (url: string): Promise<string> => {
    const response = await register(as(lenient, cookiesOf(world, world.coordinator)), url);
    expect(response.statusCode).toBe(201);
    return response.json().id;
  };
  const disable = async (webhookId: string) => {
    const response = await lenient.app.inject({
      method: 'POST',
      url: `/api/webhooks/${webhookId}/disable`,
      cookies: cookiesOf(world, world.coordinator),
    });
    expect(response.statusCode).toBe(200);
  };

  beforeAll(async () => {
    lenient = await createTestApp();
    strict = await createTestApp({ env: { WEBHOOK_ALLOW_LOOPBACK: 'false' } });
    db = lenient.app.get(DataSource);
    world = await createCareWorld(lenient.app);
    strictCoordinator = await signIn(strict.app, world.coordinator.email);
    hostsFile(lenient.app, HOSTS);
    hostsFile(strict.app, HOSTS);
    await receiver.listen(RECEIVER_PORT);
  });
  afterAll(async () => {
    await receiver.close();
    await strict.close();
    await lenient.close();
  });

  it('refuses at registration every address that is not public unicast, literal or resolved (400 on url)', async () => {
    const before = await db.query(`SELECT count(*)::int AS n FROM webhook WHERE organization_id = $1`, [
      world.teamId,
    ]);
    for (const [url, problem] of [
      ['https://localhost./hook', /local or private network/],
      ['https://[::7f00:1]/hook', /local or private network/],
      ['https://[fec0::1]/hook', /local or private network/],
      ['https://[::ffff:127.0.0.1]/hook', /local or private network/],
      ['https://[fe80::1]/hook', /local or private network/],
      ['https://169.254.169.254/latest/meta-data', /local or private network/],
      ['https://100.64.0.1/hook', /local or private network/],
      ['https://0.0.0.0/hook', /local or private network/],
      ['https://2130706433/hook', /local or private network/],
      ['https://192.0.2.10/hook', /local or private network/],
      ['https://255.255.255.255/hook', /local or private network/],
      [`http://127.0.0.1:${RECEIVER_PORT}/hook`, /https/],
      // Host names are judged by every address they resolve to now.
      ['https://ehr.rebinding.test/hook', /resolves to public internet addresses only/],
      ['https://ehr.rebinding.test./hook', /resolves to public internet addresses only/],
      ['https://ehr.mixed.test/hook', /resolves to public internet addresses only/],
      ['https://ehr.sitelocal.test/hook', /resolves to public internet addresses only/],
      // A name that does not resolve gets the same words: registration does not tell which it was.
      ['https://no-such-host.invalid/hook', /resolves to public internet addresses only/],
    ] as const) {
      const response = await register(as(strict, strictCoordinator), url);
      expect({ url, status: response.statusCode }).toEqual({ url, status: 400 });
      expect(response.json()).toMatchObject({
        error: 'validation_failed',
        details: [{ field: 'url', problem: expect.stringMatching(problem) }],
      });
    }
    const after = await db.query(`SELECT count(*)::int AS n FROM webhook WHERE organization_id = $1`, [
      world.teamId,
    ]);
    expect(after[0].n).toBe(before[0].n);

    const accepted = await register(as(strict, strictCoordinator), 'https://ehr.public.test/kap-events');
    expect(accepted.statusCode).toBe(201);
    await disable(accepted.json().id);
  });

  it('refuses the connection at attempt time when the name now resolves to loopback; the log does not tell what is there', async () => {
    // Registered while they resolved elsewhere (or under development rules); the strict worker sends.
    const byName = await registered(`http://localhost:${RECEIVER_PORT}/by-name`);
    const rebound = await registered(`http://localhost:${RECEIVER_PORT}/rebound`);
    await db.query(`UPDATE webhook SET url = $2 WHERE id = $1`, [
      rebound,
      `http://ehr.rebinding.test:${RECEIVER_PORT}/rebound`,
    ]);
    const literal = await registered(`http://127.0.0.1:${RECEIVER_PORT}/literal`);
    await sharedPatientWithEvent();

    await strict.app.get(WebhookDeliveryWorker).deliverDue();

    for (const [webhookId, path] of [
      [byName, '/by-name'],
      [rebound, '/rebound'],
      [literal, '/literal'],
    ]) {
      expect(receiver.on(path)).toHaveLength(0);
      const delivery = await deliveryOf(webhookId);
      expect(delivery).toMatchObject({ status: 'pending', attempts: 1 });
      expect(await errorsOf(delivery.id)).toEqual([CONNECTION_FAILED]);
    }
    // A closed port under development rules reads exactly the same as a refused address.
    const closed = await registered('http://127.0.0.1:9/closed');
    await sharedPatientWithEvent();
    await lenient.app.get(WebhookDeliveryWorker).deliverDue();
    expect(await errorsOf((await deliveryOf(closed)).id)).toEqual([CONNECTION_FAILED]);
    for (const id of [byName, rebound, literal, closed]) await disable(id);
  });

  it('connects to the address it checked, not to a second lookup of the name', async () => {
    // The system resolver does not know this name: only the checked answer can reach the receiver.
    const hook = await registered(`http://localhost:${RECEIVER_PORT}/pinned`);
    await db.query(`UPDATE webhook SET url = $2 WHERE id = $1`, [
      hook,
      `http://ehr.rebinding.test:${RECEIVER_PORT}/pinned`,
    ]);
    await sharedPatientWithEvent();
    await lenient.app.get(WebhookDeliveryWorker).deliverDue();
    expect(receiver.on('/pinned')).toHaveLength(1);
    expect(receiver.on('/pinned')[0].headers.host).toBe(`ehr.rebinding.test:${RECEIVER_PORT}`);
    expect(await deliveryOf(hook)).toMatchObject({ status: 'delivered', attempts: 1 });
    await disable(hook);
  });

  it('cancels a queued delivery whose release was revoked: never sent, and a manual retry answers 409', async () => {
    const hook = await registered(`http://127.0.0.1:${RECEIVER_PORT}/revoked`);
    const therapist = cookiesOf(world, world.therapist);
    const coordinator = cookiesOf(world, world.coordinator);
    const patient = await sharedPatientWithEvent();
    const queued = await deliveryOf(hook);
    expect(queued).toMatchObject({ status: 'pending', attempts: 0 });

    // The practice records that the release ended yesterday.
    await linkTeam(lenient.app, therapist, patient.id, world.teamId, {
      signedOn: dayFromToday(lenient.clock, -5),
      expiresOn: dayFromToday(lenient.clock, -1),
    });
    await lenient.app.get(WebhookDeliveryWorker).deliverDue();
    expect(receiver.on('/revoked')).toHaveLength(0);
    expect(await deliveryOf(hook)).toMatchObject({ status: 'cancelled', attempts: 0 });

    const log = await lenient.app.inject({
      method: 'GET',
      url: `/api/webhooks/${hook}/deliveries`,
      cookies: coordinator,
    });
    expect(log.json().items).toEqual([
      expect.objectContaining({
        id: queued.id,
        status: 'cancelled',
        nextAttemptAt: null,
        deliveredAt: null,
        attempts: [],
      }),
    ]);
    const retry = await lenient.app.inject({
      method: 'POST',
      url: `/api/webhook-deliveries/${queued.id}/retry`,
      cookies: coordinator,
    });
    expect(retry.statusCode).toBe(409);
    expect(retry.json().error).toBe('release_of_information_required');

    // A new valid release does not revive it: events from then on are new deliveries.
    await linkTeam(lenient.app, therapist, patient.id, world.teamId, {
      signedOn: dayFromToday(lenient.clock, 0),
      expiresOn: dayFromToday(lenient.clock, 90),
    });
    const again = await lenient.app.inject({
      method: 'POST',
      url: `/api/webhook-deliveries/${queued.id}/retry`,
      cookies: coordinator,
    });
    expect(again.statusCode).toBe(409);
    await lenient.app.get(WebhookDeliveryWorker).deliverDue();
    expect(receiver.on('/revoked')).toHaveLength(0);
    const cancels = await db.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = 'webhook_delivery.cancel'`,
      [queued.id],
    );
    expect(cancels[0].n).toBe(1);
    await disable(hook);
  });

  it('a failed delivery cannot be retried by hand once the patient is linked to another team', async () => {
    const hook = await registered('http://127.0.0.1:9/moved');
    const therapist = cookiesOf(world, world.therapist);
    const coordinator = cookiesOf(world, world.coordinator);
    const patient = await sharedPatientWithEvent();
    await lenient.app.get(WebhookDeliveryWorker).deliverDue();
    const tried = await deliveryOf(hook);
    expect(tried).toMatchObject({ status: 'pending', attempts: 1 });

    await linkTeam(lenient.app, therapist, patient.id, world.otherTeamId, {
      signedOn: dayFromToday(lenient.clock, -1),
      expiresOn: dayFromToday(lenient.clock, 90),
    });
    const retry = await lenient.app.inject({
      method: 'POST',
      url: `/api/webhook-deliveries/${tried.id}/retry`,
      cookies: coordinator,
    });
    expect(retry.statusCode).toBe(409);
    expect(retry.json().error).toBe('release_of_information_required');
    expect(await deliveryOf(hook)).toMatchObject({ status: 'cancelled', attempts: 1 });
    // The worker leaves it alone from now on, even once it would have been due.
    lenient.clock.advance(60_000);
    await lenient.app.get(WebhookDeliveryWorker).deliverDue();
    expect(await errorsOf(tried.id)).toEqual([CONNECTION_FAILED]);
    await disable(hook);
  });
});
