import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
/** The production build of the API: the one source of the schema and the thing the benchmark measures. */
export const API_MAIN = resolve(ROOT, 'dist/apps/api/main.js');
/**
 * Node's flags for a serving API, as `npm start` and the image give them (decision 0012: a young
 * generation twice V8's default). Tools that serve or measure the API start it with these.
 */
export const API_NODE_FLAGS = ['--max-semi-space-size=32'];

/** Builds the API when dist/ has none, under the lock every helper uses for the shared dist/. */
export function ensureApiBuilt(log: (text: string) => void): void {
  if (existsSync(API_MAIN)) return;
  log('dist/apps/api/main.js is missing: building the API (under /tmp/kap-e2e.lock) …');
  execFileSync('flock', ['/tmp/kap-e2e.lock', 'npx', 'nx', 'run', 'api:build', '--output-style=static'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
}

/**
 * The audit key the API uses on this machine outside production: AUDIT_KEY, else the key file the
 * API made in DATA_DIR (default .data) on its first command. The generator MACs the chain with it,
 * and the benchmark's production API must be given the same one.
 */
export function auditKeyForTools(): string {
  const key = process.env['AUDIT_KEY']?.trim();
  if (key) return key;
  return readFileSync(
    join(resolve(ROOT, process.env['DATA_DIR']?.trim() || '.data'), 'audit.key'),
    'utf8',
  ).trim();
}

/** `node dist/apps/api/main.js <command>` (migrations run first); its output, or an error. */
export function runApiCommand(databaseUrl: string, command: string): string {
  const result = spawnSync(process.execPath, [API_MAIN, command], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`${command} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout.trim();
}
