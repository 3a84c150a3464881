import autocannon from 'autocannon';
import type { LoadResult } from './sql-floor';

export interface HttpTarget {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  /** Per-request headers (a fresh Idempotency-Key for each write). */
  headers?: () => Record<string, string>;
}

/**
 * autocannon (programmatic) against a list of targets, cycled in order per connection. A short
 * warm-up run first (discarded), so JIT and pools are hot in both the app and its reference.
 */
export async function runHttp(
  baseUrl: string,
  targets: HttpTarget[],
  options: { connections: number; durationMs: number; warmupMs: number; cookie?: string },
): Promise<LoadResult> {
  const common = {
    'content-type': 'application/json',
    ...(options.cookie ? { cookie: options.cookie } : {}),
  };
  // Several targets (patients) are taken in turn from one counter shared by all connections, as
  // the SQL floor does: with autocannon's own per-connection list, every connection starts with
  // the first patient and they move in step, so concurrent writes queue on one patient's lock.
  let next = 0;
  const shared = [
    {
      setupRequest: (request: { headers?: Record<string, string> }) => {
        const target = targets[next++ % targets.length];
        return {
          ...request,
          method: target.method,
          path: target.path,
          headers: { ...common, ...(target.headers ? target.headers() : {}) },
          ...(target.body === undefined ? {} : { body: target.body }),
        };
      },
    },
  ];
  const perConnection = targets.map((target) => ({
    method: target.method,
    path: target.path,
    headers: common,
    ...(target.body === undefined ? {} : { body: target.body }),
    // autocannon calls setupRequest whenever the key exists: only writes get one.
    ...(target.headers
      ? { setupRequest: (request: { headers?: Record<string, string> }) => ({ ...request, headers: { ...common, ...target.headers!() } }) }
      : {}),
  }));
  const run = (durationMs: number) =>
    autocannon({
      url: baseUrl,
      connections: options.connections,
      duration: durationMs / 1000,
      requests: (targets.length > 1 ? shared : perConnection) as never,
      timeout: 10,
    });
  if (options.warmupMs > 0) await run(options.warmupMs);
  const result = await run(options.durationMs);
  return {
    rps: result.requests.total / (options.durationMs / 1000),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
