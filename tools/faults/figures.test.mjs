// node --test tools/faults/figures.test.mjs
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { restartFigures } from './figures.mjs';

/** Acknowledgements every `stepMs` in [from, to). */
function acks(from, to, stepMs) {
  const out = [];
  for (let t = from; t < to; t += stepMs) out.push({ start: t - 20, end: t, ok: true });
  return out;
}
const failure = (start, end, status = 503) => ({
  start,
  end,
  ok: false,
  status,
  errorCode: 'service_unavailable',
});

test('an outage answered at once and a full-speed return', () => {
  const attempts = [
    ...acks(0, 5000, 100),
    failure(4990, 5030),
    failure(5100, 5250),
    ...acks(8100, 12000, 100),
  ];
  const f = restartFigures(attempts, { stopAt: 5000, dbReadyAt: 8000 });
  assert.equal(f.preRatePerSecond, 10);
  assert.equal(f.timeToFirstErrorMs, 30);
  assert.equal(f.firstError, 'HTTP 503 service_unavailable');
  assert.equal(f.failedRequestsDuringOutage, 2);
  assert.equal(f.longestFailedRequestMs, 150);
  assert.equal(f.timeToFirstSuccessMs, 100);
  assert.equal(f.timeToThroughput90Ms, 0);
});

test('a slow ramp counts from the first whole window at 90 % of the earlier rate', () => {
  // 2/s for three seconds after the database returns, then the earlier 10/s.
  const attempts = [
    ...acks(0, 5000, 100),
    failure(5000, 5010),
    ...acks(8000, 11000, 500),
    ...acks(11000, 14000, 100),
  ];
  const f = restartFigures(attempts, { stopAt: 5000, dbReadyAt: 8000 });
  assert.equal(f.timeToFirstSuccessMs, 0);
  // 90 % of 10/s is 9 acks in a 1 s window: [10.80, 11.80) holds 11.0..11.7 (8), [10.85, 11.85)
  // holds 11.0..11.8 (9), so throughput is back 2.85 s after the database.
  assert.equal(f.timeToThroughput90Ms, 2850);
});

test('a hang shows as a long failed request and no recovery as null', () => {
  const attempts = [...acks(0, 5000, 100), failure(5000, 9000, null)];
  attempts[attempts.length - 1].error = 'timeout';
  const f = restartFigures(attempts, { stopAt: 5000, dbReadyAt: 8000 });
  assert.equal(f.timeToFirstErrorMs, 4000);
  assert.equal(f.firstError, 'timeout');
  assert.equal(f.longestFailedRequestMs, 4000);
  assert.equal(f.timeToFirstSuccessMs, null);
  assert.equal(f.timeToThroughput90Ms, null);
});

test('no error at all after the stop is reported as null, not zero', () => {
  const f = restartFigures(acks(0, 10_000, 100), { stopAt: 5000, dbReadyAt: 6000 });
  assert.equal(f.timeToFirstErrorMs, null);
});
