import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  arrivalTimes,
  interleave,
  passes,
  runTimeline,
  searchSteps,
  summarize,
  type Clock,
  type OpenModelResult,
} from './open-model';

/** A clock that jumps to each planned time (plus `lateBy`), so the tests never wait or race. */
function fakeClock(lateBy = 0): Clock & { time: number } {
  const clock = {
    time: 0,
    now: () => clock.time,
    sleepUntil: async (at: number) => {
      clock.time = Math.max(clock.time, at + lateBy);
    },
  };
  return clock;
}

test('arrivals: a fixed rate, each clinician one page per interval, staggered', () => {
  const times = arrivalTimes(4, 1000, 2000);
  assert.deepEqual(times, [0, 250, 500, 750, 1000, 1250, 1500, 1750]);
  // Arrival k belongs to clinician k mod 4: clinician 1's pages are exactly one interval apart.
  assert.deepEqual(
    times.filter((_, k) => k % 4 === 1),
    [250, 1250],
  );
  assert.equal(arrivalTimes(1000, 10_000, 60_000).length, 6000); // 100 pages/s for 60 s
  assert.throws(() => arrivalTimes(0, 1000, 1000));
});

test('the timeline starts every page at its planned time without waiting for earlier pages (open model)', async () => {
  const clock = fakeClock();
  const started: [number, number][] = [];
  const release: (() => void)[] = [];
  let finished = 0;
  const run = runTimeline(
    [0, 100, 200, 300],
    (k, plannedAt) => {
      started.push([k, plannedAt]);
      // No page answers until all have started: a closed loop would stall after the first.
      return new Promise<void>((done) => release.push(done)).then(() => void finished++);
    },
    clock,
    1000,
  );
  await new Promise((done) => setImmediate(done));
  assert.deepEqual(started, [
    [0, 1000],
    [1, 1100],
    [2, 1200],
    [3, 1300],
  ]);
  assert.equal(finished, 0);
  release.forEach((done) => done());
  const result = await run;
  assert.equal(finished, 4);
  assert.equal(result.maxLagMs, 0);
});

test("the timeline reports the generator's lag and goes on after a failed page", async () => {
  const starts: number[] = [];
  const result = await runTimeline(
    [0, 10, 20],
    async (k) => {
      starts.push(k);
      if (k === 0) throw new Error('page failed');
    },
    fakeClock(3),
    0,
  );
  assert.deepEqual(starts, [0, 1, 2]);
  assert.equal(result.maxLagMs, 3);
});

test('percentiles: nearest rank over the sorted latencies', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose
  assert.deepEqual(summarize(hundred), { count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  // Fewer than 100 pages: p99 is the slowest page, never an interpolation below it.
  assert.deepEqual(summarize([3, 1, 2, 40]), { count: 4, p50: 2, p95: 40, p99: 40, max: 40 });
  assert.deepEqual(summarize([7]), { count: 1, p50: 7, p95: 7, p99: 7, max: 7 });
  const empty = summarize([]);
  assert.equal(empty.count, 0);
  assert.ok(Number.isNaN(empty.p99));
});

test('P8 bar: p99 ≤ 100 ms and no error', () => {
  const run = (p99: number, errors: number, count = 10) =>
    ({ errors, all: { count, p50: 1, p95: 1, p99, max: p99 } }) as OpenModelResult;
  assert.equal(passes(run(100, 0)), true);
  assert.equal(passes(run(100.1, 0)), false);
  assert.equal(passes(run(10, 1)), false);
  assert.equal(passes(run(NaN, 0, 0)), false); // nothing measured is no pass
});

test('capacity search steps and role interleaving', () => {
  assert.deepEqual(searchSteps(100, 100, 400), [100, 200, 300, 400]);
  assert.deepEqual(searchSteps(5, 10, 20), [5, 15]);
  assert.throws(() => searchSteps(10, 0, 100));
  const mixed = interleave(['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8'], ['p1', 'p2']);
  assert.deepEqual(mixed, ['t1', 't2', 'p1', 't3', 't4', 't5', 't6', 'p2', 't7', 't8']);
  assert.deepEqual(interleave([], ['p1']), ['p1']);
});
