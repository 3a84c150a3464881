// A PostgreSQL of our own for the fault scripts: initdb into a temp dir, loopback only, trust auth,
// on its own port. The machine's shared cluster is never touched, so restarting ours harms nobody.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** initdb/pg_ctl of PostgreSQL 15 when present (the version the product targets), else the newest. */
export function findPostgresBin() {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (existsSync(join(root, '15/bin/initdb'))) return join(root, '15/bin');
  const versions = existsSync(root)
    ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin/initdb')))
    : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0)
    throw new Error(
      'No PostgreSQL server binaries found (set PG_BIN to the directory holding initdb and pg_ctl).',
    );
  return join(root, versions[0], 'bin');
}

export class PrivatePostgres {
  /** @param {{ dir: string, port: number, bin: string }} options */
  constructor({ dir, port, bin }) {
    this.dir = dir;
    this.dataDir = join(dir, 'pgdata');
    this.logFile = join(dir, 'postgres.log');
    this.port = port;
    this.bin = bin;
    // PostgreSQL refuses to run as root: then run it as the postgres account, which owns the dir.
    this.asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  async #tool(name, args, timeoutMs) {
    const tool = join(this.bin, name);
    const [file, argv] = this.asRoot ? ['runuser', ['-u', 'postgres', '--', tool, ...args]] : [tool, args];
    return run(file, argv, { timeout: timeoutMs, killSignal: 'SIGKILL' });
  }

  async init() {
    if (this.asRoot) chownSync(this.dir, await uidOf('postgres'), await gidOf('postgres'));
    await this.#tool(
      'initdb',
      ['-D', this.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'],
      60_000,
    );
  }

  async start() {
    const options = [
      `-p ${this.port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${this.dir}`,
      '-c max_connections=100',
    ].join(' ');
    await this.#tool(
      'pg_ctl',
      ['-D', this.dataDir, '-o', options, '-l', this.logFile, '-w', '-t', '30', 'start'],
      40_000,
    );
  }

  /** `fast`: active sessions are terminated, as when an operator restarts the database. */
  async stop(mode = 'fast') {
    await this.#tool('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '30', 'stop'], 40_000);
  }

  /** Last resort during cleanup: never leave a server running. */
  async stopQuietly() {
    try {
      await this.stop('immediate');
    } catch {
      /* not running */
    }
  }
}

async function uidOf(user) {
  return Number((await run('id', ['-u', user])).stdout.trim());
}
async function gidOf(user) {
  return Number((await run('id', ['-g', user])).stdout.trim());
}
