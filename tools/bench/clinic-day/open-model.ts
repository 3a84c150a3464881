/**
 * Open-model load for the clinic day (issue 23, P8). Page starts are put on a timeline before the
 * run, at a fixed rate, and each starts at its planned time whatever the earlier pages are doing:
 * a slow answer does not slow the arrivals (a closed loop would, and so hide its own queueing).
 * A page's time is counted from its *planned* start, so a generator that falls behind adds its lag
 * to the figures instead of hiding it.
 */
import { percentile } from '../sql-floor';
import { postgresCpuMicros, processCpuMicros, PROC_AVAILABLE, spentSince } from '../process-cpu';
import { CallError, PAGE_KINDS } from './journeys';

/**
 * The planned start of every page, in ms from the run's start: `count` clinicians with one page
 * every `intervalMs` each, i.e. `count / intervalMs` pages per ms, evenly spaced, for `spanMs`.
 * Arrival k belongs to clinician k mod count, so each clinician's pages are exactly `intervalMs`
 * apart (its think time) and the clinicians are staggered across the interval.
 */
export function arrivalTimes(count: number, intervalMs: number, spanMs: number): number[] {
  if (!(count > 0) || !(intervalMs > 0)) throw new Error('arrivalTimes needs a positive count and interval');
  const gap = intervalMs / count;
  const times: number[] = [];
  for (let k = 0; k * gap < spanMs; k++) times.push(k * gap);
  return times;
}

/**
 * `a` and `b` merged, each in its order and spread evenly over the result: the roles' clinicians
 * on the timeline, so that the few prescribers' pages do not all come in one burst.
 */
export function interleave<T>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const bDue = j < b.length && (i >= a.length || (j + 0.5) / b.length <= (i + 0.5) / a.length);
    out.push(bDue ? b[j++] : a[i++]);
  }
  return out;
}

/** Time as the timeline sees it: real in a run, a fake one in the tests. */
export interface Clock {
  now(): number;
  /** Resolves at (or just after) time `at`. */
  sleepUntil(at: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleepUntil: (at) => new Promise((done) => setTimeout(done, Math.max(0, at - performance.now()))),
};

export interface TimelineResult {
  /** How late the latest start was against its plan, in ms (the generator's own lag). */
  maxLagMs: number;
}

/**
 * Starts `start(k, plannedAt)` for each planned time (ms after `origin`) at that time, without
 * waiting for earlier starts to finish; resolves when every started page has settled.
 */
export async function runTimeline(
  times: readonly number[],
  start: (k: number, plannedAt: number) => Promise<void>,
  clock: Clock = realClock,
  origin = clock.now(),
): Promise<TimelineResult> {
  const running: Promise<void>[] = [];
  let maxLagMs = 0;
  for (let k = 0; k < times.length; k++) {
    const plannedAt = origin + times[k];
    if (clock.now() < plannedAt) await clock.sleepUntil(plannedAt);
    maxLagMs = Math.max(maxLagMs, clock.now() - plannedAt);
    // A page's failure is its own record; it must never stop the arrivals.
    running.push(start(k, plannedAt).catch(() => undefined));
  }
  await Promise.all(running);
  return { maxLagMs };
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles (the same rule as the SQL floor's), in the unit given. */
export function summarize(latencies: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(latencies).sort();
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

export interface KindResult extends LatencySummary {
  kind: string;
  errors: number;
}

export interface OpenModelResult {
  clinicians: number;
  pagesPerSecond: number;
  /** Pages planned in the measured window (warm-up excluded). */
  pages: number;
  errors: number;
  /** Up to 5 distinct error messages, with how often each came. */
  errorSamples: { message: string; count: number }[];
  all: LatencySummary;
  kinds: KindResult[];
  maxLagMs: number;
  /** Share of one core each process used over the measured window, in %; null without /proc. */
  cpu: { api: number; generator: number; postgres: number } | null;
}

/** One page of one clinician's journey, ready to run: through the API, or as its SQL floor. */
export interface Visit {
  kind: string;
  run(): Promise<void>;
}

export interface OpenModelOptions {
  /** How many clinicians are active. */
  clinicians: number;
  /** Arrival k's page: clinician k mod `clinicians`'s next page. */
  visit(k: number): Visit;
  /** Think time: one page per clinician per interval (10 s in P8). */
  intervalMs: number;
  warmupMs: number;
  durationMs: number;
  /** The process serving the pages (the API), for its CPU; none for the SQL floor. */
  apiPid?: number;
}

/** Runs the clinicians' journeys on an open-model timeline and measures the window after the warm-up. */
export async function runOpenModel(o: OpenModelOptions): Promise<OpenModelResult> {
  const n = o.clinicians;
  const times = arrivalTimes(n, o.intervalMs, o.warmupMs + o.durationMs);
  const perKind = new Map<string, { latencies: number[]; errors: number }>(
    PAGE_KINDS.map((kind) => [kind, { latencies: [], errors: 0 }]),
  );
  const of = (kind: string) => {
    const found = perKind.get(kind) ?? { latencies: [], errors: 0 };
    perKind.set(kind, found);
    return found;
  };
  const messages = new Map<string, number>();
  const origin = performance.now();
  const windowStart = origin + o.warmupMs;
  const windowEnd = windowStart + o.durationMs;

  // CPU from the end of the warm-up to when the last measured page has settled.
  const cpu: { before: CpuSnapshot | null } = { before: null };
  const beforeTimer = setTimeout(() => (cpu.before = cpuNow(o.apiPid)), o.warmupMs);

  const { maxLagMs } = await runTimeline(
    times,
    async (k, plannedAt) => {
      const page = o.visit(k);
      const measured = plannedAt >= windowStart && plannedAt < windowEnd;
      try {
        await page.run();
        if (measured) of(page.kind).latencies.push(performance.now() - plannedAt);
      } catch (error) {
        if (!measured) return;
        of(page.kind).errors++;
        const message =
          error instanceof CallError ? error.message : `${page.kind}: ${(error as Error).message}`;
        messages.set(message, (messages.get(message) ?? 0) + 1);
      }
    },
    realClock,
    origin,
  );
  clearTimeout(beforeTimer);
  const after = cpuNow(o.apiPid);
  const elapsedMs = performance.now() - windowStart;
  const kinds = [...perKind]
    .map(([kind, k]) => ({ kind, errors: k.errors, ...summarize(k.latencies) }))
    .filter((k) => k.count + k.errors > 0);
  const pct = (micros: number) => (micros / 1000 / elapsedMs) * 100;
  const before = cpu.before;
  return {
    clinicians: n,
    pagesPerSecond: (n / o.intervalMs) * 1000,
    pages: times.filter((t) => t >= o.warmupMs).length,
    errors: kinds.reduce((a, k) => a + k.errors, 0),
    errorSamples: [...messages]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([message, count]) => ({ message, count })),
    all: summarize([...perKind.values()].flatMap((k) => k.latencies)),
    kinds,
    maxLagMs,
    cpu:
      PROC_AVAILABLE && before
        ? {
            api: pct(after.api - before.api),
            generator: pct(after.generator - before.generator),
            postgres: pct(spentSince(before.postgres, after.postgres)),
          }
        : null,
  };
}

interface CpuSnapshot {
  api: number;
  generator: number;
  postgres: Map<number, number>;
}

function cpuNow(apiPid: number | undefined): CpuSnapshot {
  const { user, system } = process.cpuUsage();
  return { api: processCpuMicros(apiPid), generator: user + system, postgres: postgresCpuMicros() };
}

/** P8's bar: p99 page time at most this, with no error. */
export const P99_LIMIT_MS = 100;

export const passes = (r: OpenModelResult): boolean =>
  r.errors === 0 && r.all.count > 0 && r.all.p99 <= P99_LIMIT_MS;

/**
 * The clinician counts a capacity search tries: from `start`, `step` more each time, up to `max`.
 * The search stops at the first count that fails; the one before is the capacity.
 */
export function searchSteps(start: number, step: number, max: number): number[] {
  if (!(start > 0 && step > 0 && max >= start))
    throw new Error('SEARCH needs CLINICIANS > 0, STEP > 0 and MAX ≥ CLINICIANS');
  const steps: number[] = [];
  for (let n = start; n <= max; n += step) steps.push(n);
  return steps;
}
