/**
 * The clinic day (docs/requirements.md P8 and P9): simulated clinicians on the scale data, each on
 * its journey of whole pages (journeys.ts), one page per 10 s each, arriving on an open-model
 * timeline (open-model.ts), and beside each run the same journeys' SQL floor (journey-floor.ts).
 * Prints p50/p95/p99 page time per page kind, the errors and the CPU of the API, this load
 * generator and PostgreSQL.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/kap_scale CLINICIANS=200 DURATION=60 npm run bench:clinic
 *   … SEARCH=1 CLINICIANS=100 STEP=100 MAX=2000 DATABASE_URL_5K=…/kap_scale5k npm run bench:clinic
 *
 * Settings (environment): CLINICIANS (50), DURATION s measured (30), WARMUP s (5), INTERVAL s
 * between one clinician's pages (10), PRESCRIBERS share of the clinicians who are prescribers (0.1,
 * at least one), PAGE_TIMEOUT s per call (10), PORT of the API it starts (4360; the capture
 * instance takes PORT + 1), CAPTURE_PATIENTS per role whose pages the floor replays (10), FLOOR=0
 * to skip the floor. SEARCH=1: steps the count from CLINICIANS by STEP (CLINICIANS) up to MAX
 * (10 × CLINICIANS), the API and its floor at each count, until both fail (p99 page time over
 * 100 ms, or a failed page); the largest passing count is each one's capacity, and P8 holds when
 * the API's is at least 0.7 × the floor's. DATABASE_URL_5K (the 5,000-patient data) adds P9: the
 * same journeys at GROWTH_CLINICIANS (else CLINICIANS) on both data sets, each on its own API (the
 * second on PORT + 2), in GROWTH_ROUNDS (3) alternating rounds, before the search: median p99 at
 * 50,000 ≤ 1.2 × median p99 at 5,000.
 * Writes dist/bench/clinic-day.json. Exit 0 when P8 (and P9 when measured) hold, 1 when not, 2
 * when it could not run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { API_MAIN, API_NODE_FLAGS, auditKeyForTools, ensureApiBuilt, ROOT } from '../../scale/api-build';
import { openFloorPool } from '../sql-floor';
import { captureJourney, floorVisits, type CapturedJourneys } from './journey-floor';
import {
  journeyOf,
  nextVisit,
  signInClinician,
  type ClinicContext,
  type Clinician,
  type Role,
} from './journeys';
import {
  interleave,
  P99_LIMIT_MS,
  passes,
  runOpenModel,
  searchSteps,
  type OpenModelResult,
  type Visit,
} from './open-model';

const started = Date.now();
const say = (text: string) =>
  console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0 (got "${raw}").`);
  return value;
}

interface Settings {
  clinicians: number;
  durationMs: number;
  warmupMs: number;
  intervalMs: number;
  prescriberShare: number;
  pageTimeoutMs: number;
  port: number;
  capturePatients: number;
  floor: boolean;
  search: boolean;
  step: number;
  max: number;
  growthClinicians: number | null;
  growthRounds: number;
}

function settings(): Settings {
  const clinicians = Math.round(setting('CLINICIANS', 50));
  if (clinicians < 1) throw new Error('CLINICIANS must be at least 1.');
  const share = setting('PRESCRIBERS', 0.1);
  if (share > 1) throw new Error('PRESCRIBERS is a share of the clinicians, from 0 to 1.');
  const growth = process.env['GROWTH_CLINICIANS'];
  return {
    clinicians,
    durationMs: setting('DURATION', 30) * 1000,
    warmupMs: setting('WARMUP', 5) * 1000,
    intervalMs: setting('INTERVAL', 10) * 1000,
    prescriberShare: share,
    pageTimeoutMs: setting('PAGE_TIMEOUT', 10) * 1000,
    port: setting('PORT', 4360),
    capturePatients: Math.max(1, Math.round(setting('CAPTURE_PATIENTS', 10))),
    floor: process.env['FLOOR'] !== '0',
    search: process.env['SEARCH'] === '1',
    step: Math.round(setting('STEP', clinicians)),
    max: Math.round(setting('MAX', clinicians * 10)),
    growthClinicians: growth ? Math.max(1, Math.round(setting('GROWTH_CLINICIANS', clinicians))) : null,
    growthRounds: Math.max(1, Math.round(setting('GROWTH_ROUNDS', 3))),
  };
}

const children = new Set<ChildProcess>();
const stop = (child?: ChildProcess | null) => {
  for (const c of child ? [child] : [...children]) {
    if (c.exitCode === null) c.kill('SIGTERM');
    children.delete(c);
  }
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stop();
    process.exit(130);
  });
}

/**
 * The production API as bench.ts starts it (production mode, default pool and log level); with
 * `captureFile`, the capture instance (capture-sql.cjs preloaded), never the measured one.
 */
async function startApi(databaseUrl: string, port: number, captureFile?: string): Promise<ChildProcess> {
  ensureApiBuilt(say);
  const logDir = mkdtempSync(resolve(tmpdir(), 'kap-clinic-day-'));
  const log = openSync(resolve(logDir, 'api.log'), 'w');
  const preload = captureFile ? ['-r', resolve(__dirname, '../capture-sql.cjs')] : [];
  const child = spawn(process.execPath, [...API_NODE_FLAGS, ...preload, API_MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      AUDIT_KEY: auditKeyForTools(),
      SEED_DEMO: 'false',
      ...(captureFile ? { BENCH_CAPTURE_FILE: captureFile } : {}),
    },
    stdio: ['ignore', log, log],
  });
  children.add(child);
  say(`${captureFile ? 'capture instance' : 'API'} log: ${logDir}/api.log`);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The API exited (${child.exitCode}); see ${logDir}/api.log`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error('The API did not become healthy within 60 s');
}

/** How many therapist and prescriber accounts the data set has (tools/scale names them by number). */
async function accounts(databaseUrl: string): Promise<Record<Role, number> & { patients: number }> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ therapists: number; prescribers: number; patients: number }>(
      `SELECT (SELECT count(*) FROM app_user WHERE role = 'therapist')::int AS therapists,
              (SELECT count(*) FROM app_user WHERE role = 'prescriber')::int AS prescribers,
              (SELECT count(*) FROM patient)::int AS patients`,
    );
    return { therapist: rows[0].therapists, prescriber: rows[0].prescribers, patients: rows[0].patients };
  } finally {
    await pool.end();
  }
}

/**
 * The simulated clinicians, signed in one after another (sign-in hashes a password: done before
 * anything is measured). Kept across the steps of a search; a larger step signs in only the new ones.
 */
class Roster {
  private readonly byRole: Record<Role, Clinician[]> = { therapist: [], prescriber: [] };

  constructor(
    private readonly baseUrl: string,
    private readonly available: Record<Role, number>,
    private readonly s: Settings,
  ) {}

  async take(count: number): Promise<Clinician[]> {
    const want = roleCounts(count, this.s.prescriberShare);
    for (const role of ['therapist', 'prescriber'] as const) {
      const list = this.byRole[role];
      if (want[role] > 0 && this.available[role] === 0)
        throw new Error(`The data set has no ${role} account.`);
      while (list.length < want[role]) {
        const n = list.length;
        // Beyond the data set's accounts, a clinician shares one (its own session), starting on other patients.
        const clinician = await signInClinician(
          this.baseUrl,
          role,
          n % this.available[role],
          this.s.pageTimeoutMs,
          Math.floor(n / this.available[role]) * 7,
        );
        clinician.step = firstStep(role, n);
        list.push(clinician);
      }
    }
    // Roles interleaved on the timeline, so that the prescribers' pages spread over the interval.
    return interleave(
      this.byRole.therapist.slice(0, want.therapist),
      this.byRole.prescriber.slice(0, want.prescriber),
    );
  }
}

function roleCounts(count: number, prescriberShare: number): Record<Role, number> {
  const prescribers =
    prescriberShare === 0 ? 0 : Math.min(count - 1, Math.max(1, Math.round(count * prescriberShare)));
  return { therapist: count - prescribers, prescriber: prescribers };
}

/**
 * Where in its journey the n-th clinician of a role starts: spread over the journey, so that every
 * page kind (the writes too) is in the mix from the first measured second, as in a clinic whose
 * clinicians do not all start their day at once.
 */
const firstStep = (role: Role, n: number) => n % journeyOf(role).length;

/** The roles of a run's clinicians in timeline order: the floor's clinicians are the same. */
function rolesOf(count: number, prescriberShare: number): Role[] {
  const want = roleCounts(count, prescriberShare);
  return interleave<Role>(Array(want.therapist).fill('therapist'), Array(want.prescriber).fill('prescriber'));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');

function printRun(label: string, r: OpenModelResult, s: Settings): void {
  console.log(
    `\n${label}: ${r.clinicians} clinicians, one page per ${s.intervalMs / 1000} s each (${r.pagesPerSecond.toFixed(1)} pages/s, open model), ` +
      `${s.durationMs / 1000} s measured after ${s.warmupMs / 1000} s warm-up\n`,
  );
  console.log('| page | pages | p50 ms | p95 ms | p99 ms | max ms | errors |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const k of r.kinds)
    console.log(
      `| ${k.kind} | ${k.count} | ${fmt(k.p50)} | ${fmt(k.p95)} | ${fmt(k.p99)} | ${fmt(k.max)} | ${k.errors} |`,
    );
  console.log(
    `| **all pages** | ${r.all.count} | ${fmt(r.all.p50)} | ${fmt(r.all.p95)} | ${fmt(r.all.p99)} | ${fmt(r.all.max)} | ${r.errors} |`,
  );
  if (r.cpu) {
    const api = Number.isFinite(r.cpu.api) ? `API ${r.cpu.api.toFixed(0)}, ` : '';
    console.log(
      `\nCPU, % of one core over the measured window: ${api}load generator ${r.cpu.generator.toFixed(0)}, PostgreSQL ${r.cpu.postgres.toFixed(0)} (of ${cpus().length * 100})`,
    );
  }
  console.log(`Generator lag (latest page start against its plan): ${r.maxLagMs.toFixed(1)} ms`);
  for (const e of r.errorSamples) console.log(`  error ×${e.count}: ${e.message}`);
  console.log(`\np99 ≤ ${P99_LIMIT_MS} ms with 0 errors → ${passes(r) ? 'pass' : 'FAIL'}\n`);
}

/**
 * Before anything is measured: one clinician of each role goes twice through its journey, a page at
 * a time, so that the first measured pages do not pay the fresh API's first calls (code not yet
 * optimised, statements not yet prepared). Small runs would otherwise measure start-up.
 */
async function warmUp(clinicians: Clinician[], context: ClinicContext): Promise<void> {
  for (const role of ['therapist', 'prescriber'] as const) {
    const clinician = clinicians.find((c) => c.role === role);
    if (!clinician) continue;
    for (let i = 0; i < 2 * journeyOf(role).length; i++) {
      const { page, patientId } = nextVisit(clinician);
      await page.run(clinician, context, patientId);
    }
  }
}

function apiVisits(clinicians: Clinician[], context: ClinicContext): (k: number) => Visit {
  return (k) => {
    const clinician = clinicians[k % clinicians.length];
    const { page, patientId } = nextVisit(clinician);
    return { kind: page.kind, run: () => page.run(clinician, context, patientId) };
  };
}

/**
 * The journeys as the database saw them: a capture instance on the same data serves each page of
 * both journeys for the first CAPTURE_PATIENTS patients of one clinician of each role. Run before
 * the measured API starts, so the two never share the cores.
 */
async function captureJourneys(
  databaseUrl: string,
  s: Settings,
  context: ClinicContext,
): Promise<CapturedJourneys> {
  const dir = mkdtempSync(resolve(tmpdir(), 'kap-clinic-floor-'));
  const file = resolve(dir, 'captured-sql.jsonl');
  writeFileSync(file, '');
  const port = s.port + 1;
  const capture = await startApi(databaseUrl, port, file);
  try {
    const base = `http://127.0.0.1:${port}`;
    const captured = {} as CapturedJourneys;
    for (const role of ['therapist', 'prescriber'] as const) {
      const clinician = await signInClinician(base, role, 0, s.pageTimeoutMs);
      // Once through first: the instance's first calls are not what a warm API sends.
      for (const page of journeyOf(role)) await page.run(clinician, context, clinician.patients[0]);
      captured[role] = await captureJourney(clinician, context, file, s.capturePatients);
    }
    const statements = (role: Role) =>
      captured[role].map((pages) => pages[0].plan.flat().reduce((a, u) => a + u.statements.length, 0));
    say(
      `captured the journeys' SQL (${file}): statements per page, therapist ${statements('therapist').join(' ')}, prescriber ${statements('prescriber').join(' ')}`,
    );
    return captured;
  } finally {
    stop(capture);
  }
}

interface Step {
  clinicians: number;
  api: OpenModelResult | null;
  floor: OpenModelResult | null;
}

/** The largest passing count of a search (runs in increasing order; 0 when none passed). */
function capacityOf(runs: (OpenModelResult | null)[]): number {
  let capacity = 0;
  for (const r of runs) if (r && passes(r)) capacity = Math.max(capacity, r.clinicians);
  return capacity;
}

interface Verdict {
  target: 'P8' | 'P9';
  text: string;
  pass: boolean | null;
}

async function main(): Promise<number> {
  const s = settings();
  const databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) throw new Error('Set DATABASE_URL to a database filled by npm run seed:scale.');
  const smallUrl = process.env['DATABASE_URL_5K'] || null;
  const data = await accounts(databaseUrl);
  say(
    `Data: ${data.patients.toLocaleString('en')} patients, ${data.therapist} therapist and ${data.prescriber} prescriber accounts`,
  );
  const context: ClinicContext = { takenAlerts: new Set(), now: () => new Date() };
  const captured = s.floor ? await captureJourneys(databaseUrl, s, context) : null;
  // The floor's pool is as large as the API's (DB_POOL_MAX, or defaultPoolSize in app-config.ts).
  const poolSize = Number(process.env['DB_POOL_MAX'] || 2 * availableParallelism() + 1);
  const floorPool = captured ? openFloorPool(databaseUrl, poolSize) : null;

  const api = await startApi(databaseUrl, s.port);
  const baseUrl = `http://127.0.0.1:${s.port}`;
  const roster = new Roster(baseUrl, data, s);
  const counts = s.search ? searchSteps(s.clinicians, s.step, s.max) : [s.clinicians];
  const steps: Step[] = [];
  const run = (count: number, visit: (k: number) => Visit, apiPid?: number) =>
    runOpenModel({
      clinicians: count,
      visit,
      intervalMs: s.intervalMs,
      warmupMs: s.warmupMs,
      durationMs: s.durationMs,
      apiPid,
    });
  // P9 first: the same load on both data sets, each on its own API, in alternating rounds (the
  // order flips each round; one minute's p99 moves too much for a ratio of single runs). Before the
  // search, because every run writes (scores raise alerts, notes, sessions) and the search writes
  // only to the large data set for many minutes.
  let growth: {
    clinicians: number;
    smallPatients: string;
    large: OpenModelResult[];
    small: OpenModelResult[];
  } | null = null;
  if (smallUrl) {
    const count = s.growthClinicians ?? s.clinicians;
    const smallData = await accounts(smallUrl);
    const smallPatients = smallData.patients.toLocaleString('en');
    say(`P9: ${smallPatients} patients: a second API on DATABASE_URL_5K (port ${s.port + 2}) …`);
    const smallApi = await startApi(smallUrl, s.port + 2);
    const smallClinicians = await new Roster(`http://127.0.0.1:${s.port + 2}`, smallData, s).take(count);
    const largeClinicians = await roster.take(count);
    await warmUp(smallClinicians, context);
    await warmUp(largeClinicians, context);
    const sides = {
      large: {
        label: 'P9, 50,000-patient data',
        clinicians: largeClinicians,
        pid: api.pid,
        runs: [] as OpenModelResult[],
      },
      small: {
        label: `P9, ${smallPatients} patients`,
        clinicians: smallClinicians,
        pid: smallApi.pid,
        runs: [] as OpenModelResult[],
      },
    };
    for (let round = 0; round < s.growthRounds; round++) {
      for (const side of round % 2 === 0 ? [sides.large, sides.small] : [sides.small, sides.large]) {
        say(`${side.label}: ${count} clinicians, round ${round + 1}/${s.growthRounds} …`);
        const result = await run(count, apiVisits(side.clinicians, context), side.pid);
        printRun(side.label, result, s);
        side.runs.push(result);
      }
    }
    stop(smallApi);
    growth = { clinicians: count, smallPatients, large: sides.large.runs, small: sides.small.runs };
  }

  // Each side stops at its first failing count; the other goes on until it fails too.
  const failed = (pick: (x: Step) => OpenModelResult | null) =>
    steps.some((x) => pick(x) !== null && !passes(pick(x)!));
  for (const [i, count] of counts.entries()) {
    const apiGoesOn = !failed((x) => x.api);
    const floorGoesOn = floorPool !== null && !failed((x) => x.floor);
    const step: Step = { clinicians: count, api: null, floor: null };
    if (apiGoesOn) {
      say(`signing in ${count} clinicians …`);
      const clinicians = await roster.take(count);
      if (i === 0) {
        say('warming up the API: each journey twice, one page at a time …');
        await warmUp(clinicians, context);
      }
      say(`API: ${count} clinicians for ${(s.warmupMs + s.durationMs) / 1000} s …`);
      step.api = await run(count, apiVisits(clinicians, context), api.pid);
      printRun('Clinic day through the API', step.api, s);
    }
    if (floorGoesOn && captured && floorPool) {
      say(`SQL floor: ${count} clinicians for ${(s.warmupMs + s.durationMs) / 1000} s …`);
      step.floor = await run(count, floorVisits(floorPool, rolesOf(count, s.prescriberShare), captured));
      printRun("The same journeys' SQL floor", step.floor, s);
    }
    steps.push(step);
    if (!apiGoesOn && !floorGoesOn) break;
    if (failed((x) => x.api) && (floorPool === null || failed((x) => x.floor))) break;
  }

  const verdicts: Verdict[] = [];
  const capacity = capacityOf(steps.map((x) => x.api));
  const floorCapacity = floorPool ? capacityOf(steps.map((x) => x.floor)) : null;
  const lastStep = steps[steps.length - 1];
  const stillPassing = (r: OpenModelResult | null) => s.search && r !== null && passes(r);
  if (s.search) {
    console.log(
      `Capacity search: ${steps
        .map(
          (x) =>
            `${x.clinicians} (API ${x.api ? (passes(x.api) ? 'pass' : 'FAIL') : '–'}, floor ${x.floor ? (passes(x.floor) ? 'pass' : 'FAIL') : '–'})`,
        )
        .join(', ')}`,
    );
    const floorText =
      floorCapacity === null
        ? 'floor not measured (FLOOR=0)'
        : `the journeys' SQL floor ${floorCapacity}${stillPassing(lastStep.floor) ? ` or more (still passing at MAX=${s.max})` : ''}`;
    // A floor that passed at no count is no reference: the verdict then cannot hold.
    const gate = floorCapacity === null ? null : floorCapacity > 0 && capacity >= 0.7 * floorCapacity;
    verdicts.push({
      target: 'P8',
      text:
        `capacity ${capacity}${stillPassing(lastStep.api) ? ` or more (still passing at MAX=${s.max}: raise MAX)` : ''} clinicians ` +
        `(p99 ≤ ${P99_LIMIT_MS} ms, 0 errors) against ${floorText}: ` +
        `${floorCapacity ? `${(capacity / floorCapacity).toFixed(2)}×, ` : ''}target ≥ 0.70×. Aim: 1,000 clinicians.`,
      pass: gate,
    });
  } else {
    const r = lastStep.api;
    verdicts.push({
      target: 'P8',
      text: `one run at ${s.clinicians} clinicians: p99 ${fmt(r?.all.p99 ?? NaN)} ms, ${r?.errors ?? 0} errors${lastStep.floor ? `; floor p99 ${fmt(lastStep.floor.all.p99)} ms` : ''} (SEARCH=1 for the capacity and its verdict)`,
      pass: null,
    });
  }

  if (growth) {
    const p99s = (runs: OpenModelResult[]) => runs.map((r) => r.all.p99);
    const large = median(p99s(growth.large));
    const small = median(p99s(growth.small));
    const ratio = large / small;
    const errors = [...growth.large, ...growth.small].reduce((a, r) => a + r.errors, 0);
    verdicts.push({
      target: 'P9',
      text:
        `median p99 of ${s.growthRounds} alternating rounds at ${growth.clinicians} clinicians: ${fmt(large)} ms at ${data.patients.toLocaleString('en')} patients ` +
        `(${p99s(growth.large).map(fmt).join(', ')}) against ${fmt(small)} ms at ${growth.smallPatients} (${p99s(growth.small).map(fmt).join(', ')}): ` +
        `${ratio.toFixed(2)}×, target ≤ 1.20×${errors ? `; ${errors} errors` : ''}`,
      pass: errors === 0 && ratio <= 1.2,
    });
  } else {
    verdicts.push({
      target: 'P9',
      text: 'not measured: set DATABASE_URL_5K to the 5,000-patient data',
      pass: null,
    });
  }
  stop();
  await floorPool?.end();

  console.log('\n| # | clinic day | result |\n| --- | --- | --- |');
  for (const v of verdicts)
    console.log(`| ${v.target} | ${v.text} | ${v.pass === null ? 'info' : v.pass ? 'PASS' : 'FAIL'} |`);
  console.log('');

  const out = resolve(ROOT, 'dist/bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    resolve(out, 'clinic-day.json'),
    JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        cpus: cpus().length,
        loadAverage: loadavg(),
        settings: s,
        patients: data.patients,
        poolSize,
        capacity,
        floorCapacity,
        verdicts,
        steps,
        growth,
      },
      null,
      2,
    ),
  );
  say(`wrote ${resolve(out, 'clinic-day.json')}`);
  return verdicts.some((v) => v.pass === false) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    stop();
    process.exit(2);
  },
);
