// Several API instances on one database (issue 22), proved on the production build: two API
// processes on one fresh PostgreSQL database, started at the same moment, share sessions,
// idempotency keys and sign-in throttling, and deliver each webhook event exactly once.
//
//   npx nx run-many -t build -p api web && npm run test:instances
//
// Env: INSTANCES_ADMIN_URL (a PostgreSQL to create the fresh database on; default
// postgres://postgres@127.0.0.1:5432/postgres), INSTANCES_DB (its name; default kap_instances_<time>_<pid>),
// INSTANCES_KEEP=1 keeps the database and the logs.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, test as nodeTest } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ApiProcess } from '../faults/api-process.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = join(ROOT, 'dist/apps/api/main.js');
const ADMIN_URL = process.env.INSTANCES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = process.env.INSTANCES_DB ?? `kap_instances_${Date.now()}_${process.pid}`;
const KEEP = process.env.INSTANCES_KEEP === '1';
const DEMO_PASSWORD = 'kap-demo-2026';
const THERAPIST = 'therapist@demo.test';
const COORDINATOR = 'coordinator@demo.test';
/** SessionStore.RECHECK_INTERVAL_MS: how long another instance may trust a session it checked. */
const SESSION_RECHECK_MS = 2000;
/** LoginThrottle.MAX_FAILURES_PER_EMAIL: failures per (email, address) before 429. */
const MAX_FAILURES = 10;

/** One API process of the production build, with the settings every instance shares. */
class Instance extends ApiProcess {
  constructor(name, options) {
    super(options);
    this.name = name;
    this.dataDir = options.dataDir;
  }

  env() {
    return super.env({
      // The same AUDIT_KEY on every instance: they append to one keyed chain.
      AUDIT_KEY: 'kap-instances-test-audit-key-0123456789abcdef',
      DATA_DIR: this.dataDir,
      DB_POOL_MAX: '4',
      // The receiver below listens on 127.0.0.1; production refuses loopback webhook addresses.
      WEBHOOK_ALLOW_LOOPBACK: 'true',
      WEBHOOK_WORKER: 'true',
      WEB_DIST_DIR: join(ROOT, 'dist/apps/web/browser'),
    });
  }
}

let workDir = null;
let admin = null;
let db = null;
let a = null;
let b = null;
let receiver = null;
let failed = false;

/** node:test's `test`, noting a failure so that `after` prints the instances' logs. */
function test(name, fn) {
  return nodeTest(name, async () => {
    try {
      await fn();
    } catch (error) {
      failed = true;
      throw error;
    }
  });
}

before(async () => {
  assert.ok(
    existsSync(MAIN),
    `No production build at ${MAIN}: run \`npx nx run-many -t build -p api web\` first.`,
  );
  workDir = mkdtempSync(join(tmpdir(), 'kap-instances-'));
  admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  const databaseUrl = new URL(ADMIN_URL);
  databaseUrl.pathname = `/${DB_NAME}`;
  const [portA, portB] = [await freePort(), await freePort()];
  for (const [name, port] of [
    ['a', portA],
    ['b', portB],
  ]) {
    const instance = new Instance(name, {
      main: MAIN,
      port,
      databaseUrl: databaseUrl.href,
      logFile: join(workDir, `api-${name}.log`),
      cwd: ROOT,
      dataDir: join(workDir, `data-${name}`),
    });
    if (name === 'a') a = instance;
    else b = instance;
  }
  db = new pg.Client({ connectionString: databaseUrl.href });
  receiver = await Receiver.start();
});

after(async () => {
  await Promise.all([a?.stopQuietly(), b?.stopQuietly()]);
  await receiver?.close();
  await db?.end().catch(() => {});
  if (admin) {
    if (!KEEP) await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
  if (workDir) {
    if (failed || KEEP) {
      for (const name of ['a', 'b']) tail(join(workDir, `api-${name}.log`), 20);
    }
    if (KEEP) console.log(`Kept ${workDir} and database ${DB_NAME}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
});

test('both start at once on a new database: migrations run once, under the lock', async () => {
  a.start();
  b.start();
  await Promise.all([a.waitHealthy(60_000), b.waitHealthy(60_000)]);
  assert.deepEqual([...a.exits, ...b.exits], [], 'neither instance exited while starting');
  await db.connect();
  const { rows } = await db.query(`SELECT name, count(*)::int AS n FROM migrations GROUP BY name`);
  assert.ok(rows.length > 0, 'migrations were recorded');
  assert.deepEqual(
    rows.filter((r) => r.n !== 1),
    [],
    'no migration ran twice',
  );
  // Both seeded the demo too (SEED_DEMO on both): one account per address, no duplicates.
  const people = await db.query(
    `SELECT email_key, count(*)::int AS n FROM app_user WHERE email_key LIKE '%@demo.test' GROUP BY email_key`,
  );
  assert.ok(people.rows.length >= 5);
  assert.ok(people.rows.every((r) => r.n === 1));
});

test('a session made on one instance works on the other', async () => {
  const cookie = await signIn(a, THERAPIST);
  const onB = await call(b, 'GET', '/api/auth/me', { cookie });
  assert.equal(onB.status, 200);
  assert.equal(onB.body.email, THERAPIST);
  const onA = await call(a, 'GET', '/api/auth/me', { cookie });
  assert.equal(onA.status, 200);
});

test('logout on one instance ends the session on both', async () => {
  const cookie = await signIn(b, THERAPIST);
  // Both have checked (and may hold) the session before it ends.
  assert.equal((await call(a, 'GET', '/api/auth/me', { cookie })).status, 200);
  assert.equal((await call(b, 'GET', '/api/auth/me', { cookie })).status, 200);

  assert.equal((await call(b, 'POST', '/api/auth/logout', { cookie })).status, 204);
  const loggedOutAt = performance.now();
  assert.equal(
    (await call(b, 'GET', '/api/auth/me', { cookie })).status,
    401,
    'at once on the instance that logged out',
  );
  // The other instance trusts a session it checked for at most SESSION_RECHECK_MS, then reads it again.
  let status = 200;
  while (performance.now() - loggedOutAt < SESSION_RECHECK_MS + 3000) {
    status = (await call(a, 'GET', '/api/auth/me', { cookie })).status;
    if (status === 401) break;
    await sleep(100);
  }
  const lagMs = performance.now() - loggedOutAt;
  assert.equal(status, 401, 'the other instance refuses the ended session');
  assert.ok(
    lagMs <= SESSION_RECHECK_MS + 1000,
    `the other instance refused it after ${Math.round(lagMs)} ms`,
  );
});

test('an Idempotency-Key used on one instance replays on the other: one patient', async () => {
  const cookie = await signIn(a, THERAPIST);
  const run = Date.now().toString(36);
  const familyName = `Twice ${run}`;
  const body = { givenName: 'Instance', familyName, dateOfBirth: '1980-01-01', conditions: ['depression'] };
  const headers = { 'idempotency-key': `instances-${run}` };
  const first = await call(a, 'POST', '/api/patients', { cookie, body, headers });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  const replay = await call(b, 'POST', '/api/patients', { cookie, body, headers });
  assert.equal(replay.status, 201);
  assert.equal(replay.body.id, first.body.id);
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM patient WHERE family_name = $1`, [
    familyName,
  ]);
  assert.equal(rows[0].n, 1);
  // Reused for another body on the other instance: refused, as on one.
  const reused = await call(b, 'POST', '/api/patients', {
    cookie,
    body: { ...body, givenName: 'Other' },
    headers,
  });
  assert.equal(reused.status, 422);
});

test('sign-in throttling counts failures made on both instances together', async () => {
  const email = `nobody-${Date.now().toString(36)}@instances.test`;
  const fail = (instance) =>
    call(instance, 'POST', '/api/auth/login', { body: { email, password: 'wrong password here' } });
  for (let i = 0; i < MAX_FAILURES; i++) {
    const response = await fail(i % 2 === 0 ? a : b);
    assert.equal(response.status, 401, `failure ${i + 1} is an ordinary refusal`);
  }
  // Five on each: neither alone reached the limit, together they did, and both say so.
  for (const instance of [a, b]) {
    const throttled = await fail(instance);
    assert.equal(throttled.status, 429, `instance ${instance.name} counts the other's failures`);
    assert.equal(throttled.body.error, 'too_many_attempts');
    assert.ok(Number(throttled.headers.get('retry-after')) > 0);
  }
});

test('a webhook event is delivered exactly once with both workers running', async () => {
  const coordinator = await signIn(b, COORDINATOR);
  const team = (await call(b, 'GET', '/api/auth/me', { cookie: coordinator })).body.organizationId;
  const registered = await call(b, 'POST', '/api/webhooks', {
    cookie: coordinator,
    body: { url: `${receiver.url}/hook` },
  });
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
  const secret = registered.body.secret;

  const therapist = await signIn(a, THERAPIST);
  const patient = await call(a, 'POST', '/api/patients', {
    cookie: therapist,
    body: {
      givenName: 'Webhook',
      familyName: `Once ${Date.now().toString(36)}`,
      dateOfBirth: '1979-03-03',
      conditions: ['ptsd'],
    },
  });
  assert.equal(patient.status, 201);
  const today = new Date().toISOString().slice(0, 10);
  const linked = await call(a, 'PUT', `/api/patients/${patient.body.id}/care-team`, {
    cookie: therapist,
    body: {
      medicalTeamId: team,
      releaseOfInformation: { signedOn: addDays(today, -1), expiresOn: addDays(today, 90) },
    },
  });
  assert.equal(linked.status, 200, JSON.stringify(linked.body));

  // Events written through both instances; the receiver answers slowly, so both workers' polls
  // overlap with deliveries in flight.
  const EVENTS = 12;
  for (let i = 0; i < EVENTS; i++) {
    const response = await call(
      i % 2 === 0 ? a : b,
      'POST',
      `/api/patients/${patient.body.id}/status-updates`,
      {
        cookie: therapist,
        body: { kind: 'general', urgency: 'routine', body: `Update ${i + 1}` },
      },
    );
    assert.equal(response.status, 201);
  }
  const deliveries = async () =>
    (
      await call(b, 'GET', `/api/webhooks/${registered.body.id}/deliveries?limit=100`, {
        cookie: coordinator,
      })
    ).body.items;
  const deadline = performance.now() + 60_000;
  let items = await deliveries();
  while (
    performance.now() < deadline &&
    !(items.length === EVENTS && items.every((d) => d.status === 'delivered'))
  ) {
    await sleep(500);
    items = await deliveries();
  }
  assert.equal(items.length, EVENTS);
  assert.deepEqual(
    items.filter((d) => d.status !== 'delivered'),
    [],
    'every delivery was made',
  );
  // Both workers poll every 5 s: after two more rounds nothing is sent again.
  await sleep(11_000);

  const ids = receiver.received.map((r) => JSON.parse(r.body).id);
  assert.equal(ids.length, EVENTS, `the receiver got ${ids.length} requests for ${EVENTS} events`);
  assert.equal(new Set(ids).size, EVENTS, 'no event arrived twice');
  for (const r of receiver.received) {
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(r.signature) ?? [];
    assert.equal(
      createHmac('sha256', secret).update(`${t}.${r.body}`).digest('hex'),
      v1,
      'signed with the webhook secret',
    );
  }
});

/** A medical team's endpoint that records every request and answers after a short delay. */
class Receiver {
  static async start() {
    const receiver = new Receiver();
    receiver.received = [];
    receiver.server = createServer((request, response) => {
      const chunks = [];
      request.on('data', (chunk) => chunks.push(chunk));
      request.on('end', () => {
        receiver.received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: String(request.headers['kap-signature'] ?? ''),
        });
        setTimeout(() => response.writeHead(200, { 'content-type': 'text/plain' }).end('thanks'), 300);
      });
    });
    await new Promise((resolveListen) => receiver.server.listen(0, '127.0.0.1', resolveListen));
    receiver.url = `http://127.0.0.1:${receiver.server.address().port}`;
    return receiver;
  }

  async close() {
    this.server.closeAllConnections();
    await new Promise((resolveClose) => this.server.close(() => resolveClose()));
  }
}

/** A script client: JSON in and out, the session cookie by hand, no Origin header. */
async function call(instance, method, path, { cookie, body, headers = {} } = {}) {
  const response = await fetch(`${instance.base}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(cookie ? { cookie } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

async function signIn(instance, email) {
  const response = await fetch(`${instance.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
    signal: AbortSignal.timeout(15_000),
  });
  assert.equal(
    response.status,
    200,
    `sign-in as ${email} on instance ${instance.name}: ${await response.clone().text()}`,
  );
  const session = response.headers.getSetCookie().find((c) => c.startsWith('kap_session='));
  assert.ok(session, 'a session cookie');
  return session.split(';')[0];
}

function addDays(isoDate, days) {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function tail(file, lines) {
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  console.log(`--- last lines of ${file} ---\n${text}`);
}
