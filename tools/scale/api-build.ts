import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

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

/** `node dist/apps/api/main.js <command>` (migrations run first); its output, or an error. */
export function runApiCommand(databaseUrl: string, command: string): string {
  const result = spawnSync(process.execPath, [API_MAIN, command], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${command} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout.trim();
}
