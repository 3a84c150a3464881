// The production build of the API as a child process we can kill -9 and start again.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export class ApiProcess {
  /** @param {{ main: string, port: number, databaseUrl: string, logFile: string, cwd: string }} options */
  constructor({ main, port, databaseUrl, logFile, cwd }) {
    this.main = main;
    this.port = port;
    this.databaseUrl = databaseUrl;
    this.cwd = cwd;
    this.base = `http://127.0.0.1:${port}`;
    this.logFile = logFile;
    this.log = createWriteStream(logFile, { flags: 'a' });
    this.child = null;
    /** Every exit, expected (our kill -9) or not: R20 checks that none happened. */
    this.exits = [];
  }

  env(extra = {}) {
    return {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: this.databaseUrl,
      // Production refuses to start without it; every start and verify-audit must use the same one.
      AUDIT_KEY: 'kap-faults-audit-key-0123456789abcdef0123',
      // Checkpoints of this private database beside its logs, not in the repository's .data/audit.
      AUDIT_CHECKPOINT_DIR: join(dirname(this.logFile), 'audit'),
      PORT: String(this.port),
      HOST: '127.0.0.1',
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      ...extra,
    };
  }

  start() {
    if (this.child) throw new Error('API already running');
    const child = spawn(process.execPath, [this.main], {
      cwd: this.cwd,
      env: this.env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(this.log, { end: false });
    child.stderr.pipe(this.log, { end: false });
    child.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exits.push({ pid: child.pid, code, signal, at: performance.now() });
        if (this.child === child) this.child = null;
        resolve({ code, signal });
      });
    });
    this.child = child;
    return child;
  }

  get pid() {
    return this.child?.pid ?? null;
  }

  /** kill -9: no shutdown hook runs, open transactions die with their connections. */
  async kill9() {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await Promise.race([
      child.exited,
      sleep(10_000).then(() => {
        throw new Error(`API pid ${child.pid} did not die after SIGKILL`);
      }),
    ]);
  }

  /** Resolves when GET /api/health answers 200; throws when the process exits or the time is up. */
  async waitHealthy(timeoutMs) {
    const child = this.child;
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if (this.child !== child || child === null)
        throw new Error('The API exited while starting; see its log.');
      try {
        const res = await fetch(`${this.base}/api/health`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return performance.now();
      } catch {
        /* not listening yet */
      }
      await sleep(100);
    }
    throw new Error(`The API did not answer /api/health with 200 within ${timeoutMs} ms.`);
  }

  /** Runs an operator command of the same build (e.g. verify-audit) and collects its output. */
  runCommand(args, timeoutMs) {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [this.main, ...args], {
        cwd: this.cwd,
        env: this.env(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, output: output.trim() });
      });
    });
  }

  async stopQuietly() {
    try {
      await this.kill9();
    } catch {
      /* already gone */
    }
    this.log.end();
  }
}
