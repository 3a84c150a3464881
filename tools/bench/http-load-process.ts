/**
 * The load generator's process (see runHttp in http-load.ts): receives one LoadJob, runs autocannon
 * (a discarded warm-up, then the measured run), sends back the LoadResult and exits.
 */
import autocannon from 'autocannon';
import type { LoadJob } from './http-load';
import type { LoadResult } from './sql-floor';

async function run(job: LoadJob): Promise<LoadResult> {
  const common = {
    'content-type': 'application/json',
    ...(job.cookie ? { cookie: job.cookie } : {}),
  };
  let keys = 0;
  const headersOf = (target: LoadJob['targets'][number]) =>
    target.freshIdempotencyKey ? { ...common, 'idempotency-key': `${job.keyPrefix}${keys++}` } : common;
  // Writes to several targets (patients) take them in turn from one counter shared by all
  // connections, as the SQL floor does: with autocannon's own per-connection list, every
  // connection starts with the first patient and they move in step, so concurrent writes queue on
  // one patient's lock. Reads have no lock to queue on and keep autocannon's own list: it builds
  // each request once, where a setupRequest hook makes it build every request again (trend: 77-93
  // against 53-60 µs of the load process's CPU per request, taken from the cores the API runs on).
  let next = 0;
  const shared = [
    {
      setupRequest: (request: { headers?: Record<string, string> }) => {
        const target = job.targets[next++ % job.targets.length];
        return {
          ...request,
          method: target.method,
          path: target.path,
          headers: headersOf(target),
          ...(target.body === undefined ? {} : { body: target.body }),
        };
      },
    },
  ];
  const perConnection = job.targets.map((target) => ({
    method: target.method,
    path: target.path,
    headers: common,
    ...(target.body === undefined ? {} : { body: target.body }),
    // autocannon calls setupRequest whenever the key exists: only writes get one.
    ...(target.freshIdempotencyKey
      ? { setupRequest: (request: object) => ({ ...request, headers: headersOf(target) }) }
      : {}),
  }));
  const load = (durationMs: number) =>
    autocannon({
      url: job.baseUrl,
      connections: job.connections,
      duration: durationMs / 1000,
      requests: (job.targets.length > 1 && job.targets.some((target) => target.freshIdempotencyKey)
        ? shared
        : perConnection) as never,
      timeout: 10,
    });
  const cpuBefore = process.cpuUsage();
  const warmup = job.warmupMs > 0 ? (await load(job.warmupMs)).requests.total : 0;
  const result = await load(job.durationMs);
  const cpu = process.cpuUsage(cpuBefore);
  return {
    rps: result.requests.total / (job.durationMs / 1000),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requestsWithWarmup: warmup + result.requests.total,
    generatorCpuMicros: cpu.user + cpu.system,
  };
}

process.once('message', (job) => {
  run(job as LoadJob).then(
    (result) => process.send?.(result),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
});
