/**
 * The clinic day (issue 23, docs/requirements.md P8), first slice: simulated clinicians on the
 * scale data, each on its journey of whole pages (journeys.ts), one page per 10 s each, arriving on
 * an open-model timeline (open-model.ts). Prints p50/p95/p99 page time per page kind, the errors and
 * the CPU of the API, this load generator and PostgreSQL.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/kap_scale CLINICIANS=200 DURATION=60 npm run bench:clinic
 *   … SEARCH=1 CLINICIANS=100 STEP=100 MAX=2000 npm run bench:clinic      (capacity search)
 *
 * Settings (environment): CLINICIANS (50), DURATION s measured (30), WARMUP s (5), INTERVAL s
 * between one clinician's pages (10), PRESCRIBERS share of the clinicians who are prescribers (0.1,
 * at least one), PAGE_TIMEOUT s per call (10), PORT of the API it starts (4360), or API_URL of one
 * already running on DATABASE_URL's data (then its CPU is not read). SEARCH=1: steps the count
 * from CLINICIANS by STEP (CLINICIANS) up to MAX (10 × CLINICIANS) until the p99 page time passes
 * 100 ms or a page fails; the largest passing count is the capacity.
 * Writes dist/bench/clinic-day.json. Exit 0 when the (last) run passed, 1 when not, 2 when it could not run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { API_MAIN, API_NODE_FLAGS, auditKeyForTools, ensureApiBuilt, ROOT } from '../../scale/api-build';
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
  search: boolean;
  step: number;
  max: number;
}

function settings(): Settings {
  const clinicians = Math.round(setting('CLINICIANS', 50));
  if (clinicians < 1) throw new Error('CLINICIANS must be at least 1.');
  const share = setting('PRESCRIBERS', 0.1);
  if (share > 1) throw new Error('PRESCRIBERS is a share of the clinicians, from 0 to 1.');
  return {
    clinicians,
    durationMs: setting('DURATION', 30) * 1000,
    warmupMs: setting('WARMUP', 5) * 1000,
    intervalMs: setting('INTERVAL', 10) * 1000,
    prescriberShare: share,
    pageTimeoutMs: setting('PAGE_TIMEOUT', 10) * 1000,
    port: setting('PORT', 4360),
    search: process.env['SEARCH'] === '1',
    step: Math.round(setting('STEP', clinicians)),
    max: Math.round(setting('MAX', clinicians * 10)),
  };
}

let api: ChildProcess | null = null;
const stop = () => {
  if (api && api.exitCode === null) api.kill('SIGTERM');
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stop();
    process.exit(130);
  });
}

/** The production API as bench.ts starts it (production mode, default pool and log level). */
async function startApi(databaseUrl: string, port: number): Promise<ChildProcess> {
  ensureApiBuilt(say);
  const logDir = mkdtempSync(resolve(tmpdir(), 'kap-clinic-day-'));
  const log = openSync(resolve(logDir, 'api.log'), 'w');
  const child = spawn(process.execPath, [...API_NODE_FLAGS, API_MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      AUDIT_KEY: auditKeyForTools(),
      SEED_DEMO: 'false',
    },
    stdio: ['ignore', log, log],
  });
  say(`API log: ${logDir}/api.log`);
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
    const prescribers =
      this.s.prescriberShare === 0
        ? 0
        : Math.min(count - 1, Math.max(1, Math.round(count * this.s.prescriberShare)));
    const want: Record<Role, number> = { therapist: count - prescribers, prescriber: prescribers };
    for (const role of ['therapist', 'prescriber'] as const) {
      const list = this.byRole[role];
      if (want[role] > 0 && this.available[role] === 0)
        throw new Error(`The data set has no ${role} account.`);
      while (list.length < want[role]) {
        const n = list.length;
        // Beyond the data set's accounts, a clinician shares one (its own session), starting on other patients.
        list.push(
          await signInClinician(
            this.baseUrl,
            role,
            n % this.available[role],
            this.s.pageTimeoutMs,
            Math.floor(n / this.available[role]) * 7,
          ),
        );
      }
    }
    // Roles interleaved on the timeline, so that the prescribers' pages spread over the interval.
    return interleave(
      this.byRole.therapist.slice(0, want.therapist),
      this.byRole.prescriber.slice(0, want.prescriber),
    );
  }
}

function printRun(r: OpenModelResult, s: Settings): void {
  const f = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
  console.log(
    `\nClinic day: ${r.clinicians} clinicians, one page per ${s.intervalMs / 1000} s each (${r.pagesPerSecond.toFixed(1)} pages/s, open model), ` +
      `${s.durationMs / 1000} s measured after ${s.warmupMs / 1000} s warm-up\n`,
  );
  console.log('| page | pages | p50 ms | p95 ms | p99 ms | max ms | errors |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const k of r.kinds)
    console.log(
      `| ${k.kind} | ${k.count} | ${f(k.p50)} | ${f(k.p95)} | ${f(k.p99)} | ${f(k.max)} | ${k.errors} |`,
    );
  console.log(
    `| **all pages** | ${r.all.count} | ${f(r.all.p50)} | ${f(r.all.p95)} | ${f(r.all.p99)} | ${f(r.all.max)} | ${r.errors} |`,
  );
  if (r.cpu)
    console.log(
      `\nCPU, % of one core over the measured window: API ${r.cpu.api.toFixed(0)}, load generator ${r.cpu.generator.toFixed(0)}, PostgreSQL ${r.cpu.postgres.toFixed(0)} (of ${cpus().length * 100})`,
    );
  console.log(`Generator lag (latest page start against its plan): ${r.maxLagMs.toFixed(1)} ms`);
  for (const e of r.errorSamples) console.log(`  error ×${e.count}: ${e.message}`);
  console.log(
    `\nP8 bar: p99 page time ≤ ${P99_LIMIT_MS} ms with 0 errors → ${passes(r) ? 'PASS' : 'FAIL'}\n`,
  );
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

async function main(): Promise<number> {
  const s = settings();
  const databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) throw new Error('Set DATABASE_URL to a database filled by npm run seed:scale.');
  const data = await accounts(databaseUrl);
  say(
    `Data: ${data.patients.toLocaleString('en')} patients, ${data.therapist} therapist and ${data.prescriber} prescriber accounts`,
  );
  const baseUrl = process.env['API_URL'] || `http://127.0.0.1:${s.port}`;
  if (!process.env['API_URL']) api = await startApi(databaseUrl, s.port);
  const roster = new Roster(baseUrl, data, s);
  const context: ClinicContext = { takenAlerts: new Set(), now: () => new Date() };
  const counts = s.search ? searchSteps(s.clinicians, s.step, s.max) : [s.clinicians];
  const runs: OpenModelResult[] = [];
  for (const [i, count] of counts.entries()) {
    say(`signing in ${count} clinicians …`);
    const clinicians = await roster.take(count);
    if (i === 0) {
      say('warming up the API: each journey twice, one page at a time …');
      await warmUp(clinicians, context);
    }
    say(`running ${count} clinicians for ${(s.warmupMs + s.durationMs) / 1000} s …`);
    const result = await runOpenModel({
      clinicians,
      context,
      intervalMs: s.intervalMs,
      warmupMs: s.warmupMs,
      durationMs: s.durationMs,
      apiPid: api?.pid,
    });
    runs.push(result);
    printRun(result, s);
    if (s.search && !passes(result)) break;
  }
  stop();
  const passing = runs.filter(passes);
  if (s.search) {
    const capacity = passing.length ? passing[passing.length - 1].clinicians : 0;
    const last = runs[runs.length - 1];
    console.log(
      `Capacity search: ${runs.map((r) => `${r.clinicians} ${passes(r) ? 'pass' : 'FAIL'}`).join(', ')}` +
        `\nCapacity: ${capacity} clinicians (p99 ≤ ${P99_LIMIT_MS} ms, 0 errors)${passes(last) ? ` — still passing at MAX=${s.max}: raise MAX` : ''}. Aim: 1,000.\n`,
    );
  }
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
        runs,
      },
      null,
      2,
    ),
  );
  say(`wrote ${resolve(out, 'clinic-day.json')}`);
  return passes(runs[runs.length - 1]) || (s.search && passing.length > 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    stop();
    process.exit(2);
  },
);
