import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CapturedStatement } from '../sql-floor';
import { freshLike, freshValues, replayable, replayOf } from './journey-floor';

let clock = 0;
const statement = (text: string, params: (string | null)[], returnedIds?: string[]): CapturedStatement => ({
  client: 1,
  text,
  params,
  start: clock++,
  end: clock,
  ...(returnedIds ? { returnedIds } : {}),
});

const PATIENT = '0b9f4a52-6c1e-4f7e-9d55-2a7f3c1e8b10';
const ALERT = '5d0c2f1e-3b4a-4c6d-8e9f-0a1b2c3d4e5f';

/** One page captured twice: an idempotency key and an outbox id new each time, the rest the same. */
function capture(key: string, outboxId: string): CapturedStatement[] {
  return [
    statement('SELECT * FROM patient WHERE id = $1', [PATIENT]),
    statement('INSERT INTO idempotency_key (actor_id, key) VALUES ($1, $2)', [PATIENT, key]),
    statement('UPDATE alert SET status = $2 WHERE id = $1', [ALERT, 'acknowledged']),
    statement('INSERT INTO alert_event (alert_id, at) VALUES ($1, $2)', [ALERT, '2026-12-04T21:00:00.000Z']),
    statement('INSERT INTO webhook_outbox (id, body) VALUES ($1, $2)', [outboxId, '{"a":1}']),
  ];
}

test('fresh values: made by the page (first sent in an INSERT, new on each capture), not existing rows', () => {
  const first = capture(
    'clinic-1f0e3c2a-9b8d-4e7f-a6b5-c4d3e2f1a0b9',
    'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  );
  const second = capture(
    'clinic-2f0e3c2a-9b8d-4e7f-a6b5-c4d3e2f1a0b9',
    'b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  );
  assert.deepEqual(
    [...freshValues(first, second)].sort(),
    ['a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', 'clinic-1f0e3c2a-9b8d-4e7f-a6b5-c4d3e2f1a0b9'].sort(),
  );
  // The patient and the alert are in both captures, and the alert is first sent in an UPDATE.
  assert.equal(freshValues(first, second).has(ALERT), false);
  assert.equal(freshValues(first, second).has(PATIENT), false);
  // A value that is new but first sent in a read names an existing row (a different alert each time).
  const other = [
    statement('UPDATE alert SET status = $2 WHERE id = $1', ['6d0c2f1e-3b4a-4c6d-8e9f-0a1b2c3d4e5f', 'x']),
  ];
  assert.equal(freshValues(other, []).size, 0);
  // Timestamps are never ids.
  const at = [statement('INSERT INTO outcome (at) VALUES ($1)', ['2026-12-04T21:00:00.000Z'])];
  assert.equal(freshValues(at, []).size, 0);
});

test('fresh values keep their shape', () => {
  const key = 'clinic-1f0e3c2a-9b8d-4e7f-a6b5-c4d3e2f1a0b9';
  const renewed = freshLike(key);
  assert.match(renewed, /^clinic-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(renewed, key);
  const hash = 'ab'.repeat(32);
  assert.match(freshLike(hash), /^[0-9a-f]{64}$/);
  assert.notEqual(freshLike(hash), hash);
  const token = 'Zx_9-abcdefghijklmnopqrstu';
  assert.match(freshLike(token), /^[A-Za-z0-9_-]{26}$/);
});

test('a replay renews the fresh values and follows the ids its own inserts return', () => {
  const key = 'clinic-1f0e3c2a-9b8d-4e7f-a6b5-c4d3e2f1a0b9';
  const capturedNote = '7e6d5c4b-3a29-4817-9605-f4e3d2c1b0a9';
  const insert = statement('INSERT INTO note (body) VALUES ($1) RETURNING id', ['x'], [capturedNote]);
  const page = { kind: 'note', plan: [], fresh: new Set([key]) };
  const one = replayOf(page);
  const two = replayOf(page);
  const [k1] = one.rewrite([key]);
  const [k2] = two.rewrite([key]);
  assert.notEqual(k1, key);
  assert.notEqual(k1, k2); // each replay its own key
  assert.deepEqual(one.rewrite([key]), [k1]); // the same within one replay
  // A stored answer's JSON carries the key inside a longer text.
  assert.equal(one.rewrite([`{"key":"${key}","n":1}`])[0], `{"key":"${k1}","n":1}`);
  // Before the insert ran, the captured note id stays; after it, the new row's id replaces it.
  assert.deepEqual(one.rewrite([capturedNote]), [capturedNote]);
  one.seen(insert, [{ id: '11111111-2222-4333-8444-555555555555' }]);
  assert.deepEqual(one.rewrite([capturedNote, PATIENT, null]), [
    '11111111-2222-4333-8444-555555555555',
    PATIENT,
    null,
  ]);
  assert.deepEqual(two.rewrite([capturedNote]), [capturedNote]);
});

test('a replayed INSERT skips a row the capture already made; audit rows and upserts keep their text', () => {
  const text = (sql: string) => replayable(statement(sql, [])).text;
  assert.equal(
    text('INSERT INTO alert_acknowledgement (alert_id, side) VALUES ($1, $2)'),
    'INSERT INTO alert_acknowledgement (alert_id, side) VALUES ($1, $2) ON CONFLICT DO NOTHING',
  );
  assert.equal(
    text('INSERT INTO note (body) VALUES ($1) RETURNING id, body'),
    'INSERT INTO note (body) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id, body',
  );
  const upsert = 'INSERT INTO k (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET a = $1 RETURNING a';
  assert.equal(text(upsert), upsert);
  const audit = 'INSERT INTO audit_event (action) VALUES ($1)';
  assert.equal(text(audit), audit);
  assert.equal(text('SELECT 1'), 'SELECT 1');
});
