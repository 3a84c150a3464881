#!/usr/bin/env node
// Fault scripts of issue 7 (docs/requirements.md R20, R21, P7), against the production build of the API on a
// private PostgreSQL of our own, loopback only, bounded in time, cleaning up even on failure.
//
//   node tools/faults/run-faults.mjs          (npm run test:faults)
//
// Env: FAULTS_PG_PORT / FAULTS_API_PORT (default: free ports), FAULTS_CLIENTS (6), FAULTS_SEED,
// FAULTS_REPORT (dist/faults/report.json), FAULTS_KEEP=1 keeps the temp dir, PG_BIN.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { ApiProcess } from './api-process.mjs';
import { restartFigures, round } from './figures.mjs';
import { checkLedger } from './ledger-check.mjs';
import { findPostgresBin, PrivatePostgres } from './private-postgres.mjs';
import { WriteLoad } from './write-load.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = join(ROOT, 'dist/apps/api/main.js');
const BUDGET_MS = 5 * 60 * 1000;
const DEMO_THERAPIST = 'therapist@demo.test';
const DEMO_PASSWORD = 'kap-demo-2026';
const DB_DOWN_MS = 3000;
const T0 = performance.now();
const now = () => round(performance.now() - T0);

const seed = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const random = mulberry32(seed);
const clients = Number(process.env.FAULTS_CLIENTS ?? 6);
const reportPath = resolve(ROOT, process.env.FAULTS_REPORT ?? 'dist/faults/report.json');

let pgInstance = null;
let api = null;
let load = null;
let workDir = null;
let healthPoller = null;
let cleaned = false;

async function cleanup(failed) {
  if (cleaned) return;
  cleaned = true;
  if (healthPoller) healthPoller.stop();
  if (load) load.stopped = true;
  if (api) await api.stopQuietly();
  if (pgInstance) await pgInstance.stopQuietly();
  if (workDir) {
    if (failed) {
      for (const file of ['api.log', 'postgres.log']) tail(join(workDir, file), 15);
    }
    if (process.env.FAULTS_KEEP === '1') console.log(`Kept ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void cleanup(true).finally(() => process.exit(130)));
}
process.on('uncaughtException', (error) => {
  console.error('Fault scripts crashed:', error);
  void cleanup(true).finally(() => process.exit(1));
});

async function main() {
  await ensureBuild();
  const watchdog = setTimeout(() => {
    console.error(`Fault scripts exceeded their ${BUDGET_MS / 1000} s budget; stopping everything.`);
    void cleanup(true).finally(() => process.exit(2));
  }, BUDGET_MS);

  // ---- set-up -------------------------------------------------------------------------------
  workDir = mkdtempSync(join(tmpdir(), 'kap-faults-'));
  const pgPort = Number(process.env.FAULTS_PG_PORT ?? (await freePort()));
  const apiPort = Number(process.env.FAULTS_API_PORT ?? (await freePort()));
  pgInstance = new PrivatePostgres({ dir: workDir, port: pgPort, bin: findPostgresBin() });
  await phase('private PostgreSQL up', 90_000, async () => {
    await pgInstance.init();
    await pgInstance.start();
  });
  api = new ApiProcess({
    main: MAIN,
    port: apiPort,
    databaseUrl: pgInstance.url,
    logFile: join(workDir, 'api.log'),
    cwd: ROOT,
  });
  await phase('API up (migrations and demo seed)', 90_000, async () => {
    api.start();
    await api.waitHealthy(80_000);
  });
  const { cookie, patientIds } = await phase('sign in as the demo therapist', 20_000, () => signIn(api.base));
  const runId = `${Date.now().toString(36)}${Math.floor(random() * 1e6).toString(36)}`;
  load = new WriteLoad({ base: api.base, cookie, patientIds, clients, runId, clock: now });
  console.log(
    `Private PostgreSQL on 127.0.0.1:${pgPort}, API on ${api.base}, ${clients} clients, seed ${seed}.`,
  );

  // ---- R20 / P7: database restart under write load -----------------------------------------
  const r20 = await phase('R20 database restart under load', 60_000, async () => {
    healthPoller = pollHealth(api.base);
    const pidBefore = api.pid;
    const exitsBefore = api.exits.length;
    load.start();
    await sleep(6000);
    const stopAt = now();
    await pgInstance.stop('fast');
    const stoppedAt = now();
    await sleep(DB_DOWN_MS);
    const startAt = now();
    await pgInstance.start();
    const dbReadyAt = now();
    let figures = restartFigures(load.attempts, { stopAt, dbReadyAt });
    while (now() < dbReadyAt + 15_000) {
      await sleep(250);
      figures = restartFigures(load.attempts, { stopAt, dbReadyAt });
      if (figures.timeToThroughput90Ms !== null && now() > dbReadyAt + figures.timeToThroughput90Ms + 1500)
        break;
    }
    healthPoller.stop();
    const polls = healthPoller.polls;
    const whileDown = polls.filter((p) => p.start >= stoppedAt && p.end <= startAt);
    const firstHealthyAfter = polls.find((p) => p.start >= dbReadyAt && p.status === 200);
    return {
      stopAt,
      stoppedAt,
      startAt,
      dbReadyAt,
      ...figures,
      apiStayedUp: api.pid === pidBefore && api.exits.length === exitsBefore,
      healthWhileDown: summarize(whileDown.map((p) => p.status ?? p.error)),
      healthWhileDownSlowestMs: round(whileDown.reduce((m, p) => Math.max(m, p.end - p.start), 0)),
      healthOkAfterMs: firstHealthyAfter ? round(firstHealthyAfter.end - dbReadyAt) : null,
      statusesDuringOutage: summarize(
        load.attempts
          .filter((a) => a.end >= stopAt && a.end <= dbReadyAt + 2000 && !a.ok)
          .map((a) => a.status ?? a.error),
      ),
    };
  });

  // ---- R21: kill -9 of the API at several points of the write load -------------------------
  const kills = await phase('R21 kill -9 of the API under load', 150_000, async () => {
    const done = [];
    for (const point of KILL_POINTS) {
      const acksBefore = load.acked().length;
      const trigger = await point.trigger();
      const at = now();
      const record = {
        point: point.name,
        at,
        inFlight: load.inFlight,
        pendingKeys: load.pending().length,
        acksBefore,
        forced: trigger.forced,
      };
      if (trigger.committedKey) record.committedKey = trigger.committedKey;
      await api.kill9();
      const spawnAt = now();
      if (point.duringStartup) {
        // The victim here is the restart itself: migrations and the idempotent demo seed.
        api.start();
        await sleep(250 + random() * 500);
        record.startupKillAt = now();
        record.startupKilledAfterMs = round(record.startupKillAt - spawnAt);
        await api.kill9();
      }
      const restartAt = now();
      api.start();
      const healthyAt = round((await api.waitHealthy(60_000)) - T0);
      record.restartMs = round(healthyAt - restartAt);
      record.healthyAt = healthyAt;
      done.push(record);
      console.log(
        `  kill ${done.length}: ${point.name} at ${(at / 1000).toFixed(1)} s, ${record.inFlight} requests in flight` +
          `${record.committedKey ? ` (${record.committedKey} committed, not yet answered)` : ''}` +
          `${record.startupKilledAfterMs ? `, then again ${record.startupKilledAfterMs} ms into the restart` : ''}` +
          `; back in ${record.restartMs} ms${trigger.forced ? ' (trigger forced)' : ''}`,
      );
    }
    await sleep(2000);
    for (const record of done) {
      const first = load.attempts
        .filter((a) => a.ok && a.end >= record.healthyAt)
        .sort((a, b) => a.end - b.end)[0];
      record.firstAckAfterRestartMs = first ? round(first.end - record.healthyAt) : null;
    }
    return done;
  });

  // ---- drain, then the ledger in SQL ---------------------------------------------------------
  const drained = await phase('drain (every held key acknowledged)', 30_000, () => load.drain(20_000));
  const ledger = await phase('ledger check in SQL', 30_000, () =>
    checkLedger(pgInstance.url, [...load.ledger.values()], `fault-${runId}-`),
  );
  const audit = await phase('audit chain verify', 30_000, () => api.runCommand(['verify-audit'], 25_000));

  // ---- figures and guarantees ---------------------------------------------------------------
  const entries = [...load.ledger.values()];
  const unexpected = load.attempts.filter((a) => a.status !== null && !a.ok && a.status !== 503);
  const timeouts = load.attempts.filter((a) => a.error === 'timeout');
  const report = {
    ranAt: new Date().toISOString(),
    seed,
    clients,
    durationS: round(now() / 1000),
    writes: {
      keysAttempted: entries.length,
      acknowledged: ledger.acknowledged,
      httpRequests: load.attempts.length,
      retries: load.attempts.length - entries.length,
      keysRetried: entries.filter((e) => e.attempts > 1).length,
      acknowledgedByReplay: entries.filter((e) => e.replayed).length,
      lost: ledger.lost.length,
      duplicated: ledger.duplicated.length,
      acknowledgedButOtherRow: ledger.wrongRow.length,
      unacknowledgedStoredOnce: ledger.unacknowledgedStored,
      unacknowledgedNotStored: ledger.unacknowledgedAbsent,
      strayRows: ledger.strayRows,
      idempotencyRecordMismatch: ledger.idempotencyMismatch.length,
      auditEventMismatch: ledger.auditMismatch.length,
      rejectedKeys: entries.filter((e) => e.rejected).map((e) => ({ key: e.key, answer: e.rejected })),
      unexpectedAnswers: summarize(unexpected.map((a) => `${a.status} ${a.errorCode ?? ''}`.trim())),
      requestTimeouts: timeouts.length,
      drained,
    },
    r20: r20,
    r21: {
      killPoints: kills.length,
      killsUnderLoad: kills.filter((k) => !k.forced).length,
      killsDuringStartup: kills.filter((k) => k.startupKillAt !== undefined).length,
      committedThenKilled: kills
        .filter((k) => k.committedKey)
        .map((k) => ({
          key: k.committedKey,
          answeredByReplay: load.ledger.get(k.committedKey)?.replayed ?? false,
        })),
      kills,
    },
    auditVerify: { exitCode: audit.code, output: audit.output.split('\n').slice(-3).join(' ') },
    examples: {
      lost: ledger.lost.slice(0, 5),
      duplicated: ledger.duplicated.slice(0, 5),
      wrongRow: ledger.wrongRow.slice(0, 5),
      auditMismatch: ledger.auditMismatch.slice(0, 5),
    },
  };
  report.guarantees = {
    'R20 first client-visible error within 2 s of the stop':
      r20.timeToFirstErrorMs !== null && r20.timeToFirstErrorMs <= 2000,
    'R20 no request hung while the database was down (each failed within 2 s)':
      r20.longestFailedRequestMs <= 2000 && timeouts.length === 0,
    'R20 API process kept running': r20.apiStayedUp,
    'R20 /api/health 503 while down, 200 after':
      r20.healthWhileDown['503'] > 0 &&
      Object.keys(r20.healthWhileDown).every((k) => k === '503') &&
      r20.healthOkAfterMs !== null,
    'R20 first success within 10 s of the database returning':
      r20.timeToFirstSuccessMs !== null && r20.timeToFirstSuccessMs <= 10_000,
    'P7 throughput back to 90 % within 10 s':
      r20.timeToThroughput90Ms !== null && r20.timeToThroughput90Ms <= 10_000,
    'R21 at least 5 kill points under load': kills.filter((k) => !k.forced).length >= 5,
    'no acknowledged write lost': ledger.lost.length === 0 && ledger.wrongRow.length === 0,
    'no write duplicated': ledger.duplicated.length === 0 && ledger.strayRows === 0,
    'every held key acknowledged after the faults (drain)': drained && load.pending().length === 0,
    'no 4xx/5xx other than 503 (no 500 on retry)':
      unexpected.length === 0 && report.writes.rejectedKeys.length === 0,
    'one success audit event per stored score':
      ledger.auditMismatch.length === 0 && ledger.idempotencyMismatch.length === 0,
    'audit chain verifies': audit.code === 0,
  };
  // A 5xx other than 503 is a defect: name the server's own error for each (from its log).
  report.unexpectedErrors = explainFromLog(join(workDir, 'api.log'), unexpected.slice(0, 10));
  clearTimeout(watchdog);
  printReport(report);
  mkdirSync(dirname(reportPath), { recursive: true });
  writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nReport written to ${reportPath}`);
  return Object.values(report.guarantees).every(Boolean);
}

// ---- kill points ------------------------------------------------------------------------------
// Each trigger resolves at the moment to kill; `forced` when its moment did not come within 20 s.
const KILL_POINTS = [
  { name: 'random offset mid-burst', trigger: () => afterFirstAck(300 + random() * 1200) },
  { name: 'right after a batch of 25 acknowledgements', trigger: () => onAcks(25) },
  { name: 'every client waiting on the server', trigger: () => whenAllInFlight() },
  { name: 'on the first acknowledgement after a restart (replays pending)', trigger: () => onAcks(1) },
  { name: 'as soon as health answers (retry storm, no ack yet)', trigger: async () => ({ forced: false }) },
  {
    name: 'during the restart: migrations and demo seed',
    duringStartup: true,
    trigger: () => afterFirstAck(200 + random() * 800),
  },
  { name: 'random offset mid-burst', trigger: () => afterFirstAck(50 + random() * 600) },
  {
    name: 'after a commit, before its answer reached the client',
    trigger: () => whenCommittedButUnanswered(),
  },
];

function withTimeout(promise) {
  return Promise.race([
    promise.then(() => ({ forced: false })),
    sleep(20_000).then(() => ({ forced: true })),
  ]);
}
function onAcks(count) {
  let seen = 0;
  let off;
  return withTimeout(
    new Promise((resolve) => {
      off = load.onAck(() => {
        if (++seen >= count) resolve();
      });
    }),
  ).finally(() => off());
}
function afterFirstAck(delayMs) {
  return withTimeout(onAcks(1).then(() => sleep(delayMs)));
}
/**
 * The narrowest window of R21: the transaction committed (its idempotency record is visible in the
 * database) while the client still waits for the answer. Polls the private database for such a key.
 */
async function whenCommittedButUnanswered() {
  const db = new pg.Client({ connectionString: pgInstance.url, connectionTimeoutMillis: 5000 });
  await db.connect();
  try {
    const deadline = performance.now() + 20_000;
    while (performance.now() < deadline) {
      const keys = [...load.inFlightKeys];
      if (keys.length > 0) {
        const { rows } = await db.query(
          `SELECT key FROM idempotency_key WHERE key = ANY($1::text[]) AND response IS NOT NULL`,
          [keys],
        );
        const caught = rows.map((r) => r.key).find((k) => load.inFlightKeys.has(k));
        if (caught) return { forced: false, committedKey: caught };
      } else {
        await sleep(1);
      }
    }
    return { forced: true };
  } finally {
    await db.end().catch(() => undefined);
  }
}

async function whenAllInFlight() {
  const deadline = performance.now() + 20_000;
  while (load.inFlight < clients) {
    if (performance.now() > deadline) return { forced: true };
    await sleep(1);
  }
  return { forced: false };
}

// ---- helpers ----------------------------------------------------------------------------------
async function phase(name, timeoutMs, work) {
  const started = performance.now();
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Phase "${name}" exceeded ${timeoutMs / 1000} s.`)), timeoutMs);
  });
  try {
    const result = await Promise.race([work(), timeout]);
    console.log(`✓ ${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return result;
  } finally {
    clearTimeout(timer);
  }
}

async function ensureBuild() {
  if (existsSync(MAIN)) return;
  // CI builds first (.ci/run); a fresh clone gets the same production build here.
  console.log('dist/apps/api/main.js is missing: building the API (npx nx build api)…');
  await promisify(execFile)('npx', ['nx', 'build', 'api', '--output-style=static'], {
    cwd: ROOT,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    timeout: 10 * 60 * 1000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

async function signIn(base) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO_THERAPIST, password: DEMO_PASSWORD }),
    signal: AbortSignal.timeout(10_000),
  });
  if (res.status !== 200)
    throw new Error(`Sign-in as ${DEMO_THERAPIST} answered ${res.status}: ${await res.text()}`);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('kap_session='));
  if (!session) throw new Error('Sign-in set no kap_session cookie.');
  const cookie = session.split(';')[0];
  // No Origin header: the origin guard judges script clients by their session alone.
  const list = await fetch(`${base}/api/patients?limit=50`, {
    headers: { cookie },
    signal: AbortSignal.timeout(10_000),
  });
  if (list.status !== 200) throw new Error(`GET /api/patients answered ${list.status}`);
  const patientIds = (await list.json()).items.map((p) => p.id);
  if (patientIds.length === 0) throw new Error(`${DEMO_THERAPIST} sees no patients; is the demo seeded?`);
  return { cookie, patientIds };
}

function pollHealth(base) {
  const polls = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const start = now();
      const poll = { start, end: 0, status: null, error: null };
      try {
        const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        poll.status = res.status;
      } catch (error) {
        poll.error = error?.name === 'TimeoutError' ? 'timeout' : (error?.cause?.code ?? String(error));
      }
      poll.end = now();
      polls.push(poll);
      await sleep(200);
    }
  })();
  return {
    polls,
    stop: () => {
      running = false;
      return loop;
    },
  };
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function summarize(values) {
  const counts = {};
  for (const v of values) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
  return counts;
}

function explainFromLog(file, attempts) {
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  return attempts.map((a) => {
    const line = a.requestId ? lines.find((l) => l.includes(a.requestId) && l.includes('"err"')) : undefined;
    let error = null;
    try {
      error = line ? (JSON.parse(line).err?.message ?? null) : null;
    } catch {
      /* not a JSON log line */
    }
    return {
      at: a.end,
      status: a.status,
      code: a.errorCode,
      requestId: a.requestId ?? null,
      serverError: error,
    };
  });
}

function tail(file, lines) {
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .slice(-lines)
    .map((l) => l.slice(0, 400))
    .join('\n');
  console.error(`\n--- last ${lines} lines of ${file.split('/').pop()} ---\n${text}`);
}

function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function printReport(r) {
  const ms = (v) => (v === null ? 'n/a' : `${v} ms`);
  const rows = [
    ['writes attempted (idempotency keys)', r.writes.keysAttempted],
    ['writes acknowledged (2xx)', r.writes.acknowledged],
    ['HTTP requests (incl. retries)', `${r.writes.httpRequests} (${r.writes.retries} retries)`],
    [
      'keys retried / answered by replay of an earlier commit',
      `${r.writes.keysRetried} / ${r.writes.acknowledgedByReplay}`,
    ],
    ['acknowledged writes lost', r.writes.lost],
    ['writes duplicated', r.writes.duplicated],
    [
      'unacknowledged keys stored once / not stored',
      `${r.writes.unacknowledgedStoredOnce} / ${r.writes.unacknowledgedNotStored}`,
    ],
    ['answers other than 2xx/503', JSON.stringify(r.writes.unexpectedAnswers)],
    ['R20 throughput before the restart', `${r.r20.preRatePerSecond} writes/s`],
    ['R20 time from stop to first error', `${ms(r.r20.timeToFirstErrorMs)} (${r.r20.firstError})`],
    ['R20 slowest failed request while down', ms(r.r20.longestFailedRequestMs)],
    ['R20 answers while down', JSON.stringify(r.r20.statusesDuringOutage)],
    ['R20 /api/health while down', JSON.stringify(r.r20.healthWhileDown)],
    ['R20 API process kept running', r.r20.apiStayedUp ? 'yes' : 'NO'],
    ['R20 database back → first success', ms(r.r20.timeToFirstSuccessMs)],
    ['R20 database back → health 200', ms(r.r20.healthOkAfterMs)],
    ['P7 database back → throughput ≥ 90 %', ms(r.r20.timeToThroughput90Ms)],
    [
      'R21 kill -9 points',
      `${r.r21.killsUnderLoad} under load (+${r.r21.killsDuringStartup} during a restart)`,
    ],
    [
      'R21 kill after commit, before answer',
      r.r21.committedThenKilled
        .map(
          (c) =>
            `${c.key}: ${c.answeredByReplay ? 'answered by replay after the restart' : 'its answer had already left (race), not a replay'}`,
        )
        .join(', ') || 'window not caught (trigger forced)',
    ],
    ['R21 API restart (spawn → health 200)', r.r21.kills.map((k) => k.restartMs).join(', ') + ' ms'],
    ['audit chain', `${r.auditVerify.exitCode === 0 ? 'verified' : 'BROKEN'}: ${r.auditVerify.output}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log('\nFault scripts: figures');
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
  console.log('\nGuarantees');
  for (const [name, ok] of Object.entries(r.guarantees)) console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${name}`);
  for (const e of r.unexpectedErrors)
    console.log(`  unexpected ${e.status} at ${e.at} ms (request ${e.requestId}): ${e.serverError}`);
}

main().then(
  async (ok) => {
    await cleanup(!ok);
    process.exit(ok ? 0 : 1);
  },
  async (error) => {
    console.error(`Fault scripts failed: ${error?.message ?? error}`);
    await cleanup(true);
    process.exit(1);
  },
);
