#!/usr/bin/env node
/**
 * `npm test` while every core is kept busy, several times in a row: a test that leans on timing
 * (a guessed wait, the order two files write to one database) fails here before it fails in CI.
 *
 *   npm run test:under-load                 (3 runs, one busy loop per core)
 *   RUNS=5 HOGS=4 npm run test:under-load
 *
 * Each run gets its own PostgreSQL database on 127.0.0.1:5432 (dropped after); without a reachable
 * server the runs use the embedded database, like `npm test`. Exits 1 when any run fails.
 */
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

const runs = Number(process.env.RUNS ?? 3);
const hogCount = Number(process.env.HOGS ?? availableParallelism());
const pg = (sql) =>
  spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-qc', sql], { stdio: 'ignore' }).status === 0;
const havePostgres = spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-q']).status === 0;

const hogs = Array.from({ length: hogCount }, () =>
  spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
);
const stopHogs = () => hogs.forEach((hog) => hog.kill('SIGKILL'));
process.on('exit', stopHogs);
process.on('SIGINT', () => process.exit(130));
console.log(
  `${hogCount} busy loops running; ${runs} runs of npm test${havePostgres ? ' on PostgreSQL' : ' on the embedded database'}`,
);

const results = [];
for (let run = 1; run <= runs; run++) {
  // Every run runs every test: a result from Nx's cache would prove nothing about this load.
  const env = { ...process.env, NX_SKIP_NX_CACHE: 'true' };
  const database = `kap_under_load_${process.pid}_${run}`;
  if (havePostgres) {
    pg(`DROP DATABASE IF EXISTS ${database}`);
    if (!pg(`CREATE DATABASE ${database}`)) throw new Error(`could not create the database ${database}`);
    env.DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${database}`;
  }
  const started = Date.now();
  const test = spawnSync('npm', ['test'], { env, stdio: 'inherit' });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (havePostgres) pg(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  results.push({ run, passed: test.status === 0, seconds });
  console.log(`\n=== run ${run}/${runs}: ${test.status === 0 ? 'passed' : 'FAILED'} in ${seconds} s\n`);
}
stopHogs();
for (const { run, passed, seconds } of results)
  console.log(`run ${run}: ${passed ? 'passed' : 'FAILED'} (${seconds} s)`);
process.exit(results.every((r) => r.passed) ? 0 : 1);
