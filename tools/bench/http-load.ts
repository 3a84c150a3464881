import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { LoadResult } from './sql-floor';

export interface HttpTarget {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  /** Per-request headers, for single calls (capturing a write with a key the bench remembers). */
  headers?: () => Record<string, string>;
  /** Under load: a fresh `Idempotency-Key` on every request (a write, not its replay). */
  freshIdempotencyKey?: boolean;
}

/** What the load process needs: everything serialisable (no functions cross the process boundary). */
export interface LoadJob {
  baseUrl: string;
  targets: Omit<HttpTarget, 'headers'>[];
  connections: number;
  durationMs: number;
  warmupMs: number;
  cookie?: string;
  /** Prefix of the fresh idempotency keys, unique per run. */
  keyPrefix: string;
}

/**
 * autocannon against a list of targets, in a process of its own (http-load-process.ts), as with
 * autocannon's own command line: the benchmark's bookkeeping and its floor's pool never share the
 * load generator's event loop, and every HTTP figure, references included, is measured the same way.
 */
export function runHttp(
  baseUrl: string,
  targets: HttpTarget[],
  options: { connections: number; durationMs: number; warmupMs: number; cookie?: string },
): Promise<LoadResult> {
  const job: LoadJob = {
    baseUrl,
    targets: targets.map((target) => {
      if (target.headers && !target.freshIdempotencyKey)
        throw new Error(
          `${target.path}: per-request headers under load must be declared (freshIdempotencyKey)`,
        );
      return {
        method: target.method,
        path: target.path,
        body: target.body,
        freshIdempotencyKey: target.freshIdempotencyKey,
      };
    }),
    ...options,
    keyPrefix: `bench-${randomUUID().slice(0, 8)}-`,
  };
  const child = fork(resolve(__dirname, 'http-load-process.ts'), [], {
    execArgv: ['--max-semi-space-size=64', '-r', '@swc-node/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((done, fail) => {
    let result: LoadResult | null = null;
    child.once('message', (message) => {
      result = message as LoadResult;
      child.disconnect();
    });
    child.once('error', fail);
    child.once('exit', (code) =>
      result ? done(result) : fail(new Error(`the load process exited with ${code} before reporting`)),
    );
    child.send(job);
  });
}
