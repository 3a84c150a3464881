import assert from 'node:assert/strict';
import { test } from 'node:test';
import { processCpuMicros, PROC_AVAILABLE, spentSince, ticksOf } from './process-cpu';

test('reads utime + stime from a stat line whose command holds spaces and parentheses', () => {
  // proc(5): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime …
  const stat = '4242 (node (main) x) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 37 0 0 20 0 11 0';
  assert.deepEqual(ticksOf(stat), { command: 'node (main) x', ticks: 287 });
});

test('counts only what processes alive at the second reading spent since the first', () => {
  const before = new Map([
    [1, 1000],
    [2, 5000],
    [3, 70_000],
  ]);
  // pid 3 ended (its 70 ms must not be subtracted), pid 4 started (counts whole).
  const after = new Map([
    [1, 1500],
    [2, 5000],
    [4, 300],
  ]);
  assert.equal(spentSince(before, after), 800);
});

test('sees this process spend CPU', { skip: !PROC_AVAILABLE && 'no /proc here' }, () => {
  const start = processCpuMicros(process.pid);
  const until = Date.now() + 60;
  while (Date.now() < until) Math.sqrt(Math.random());
  assert.ok(processCpuMicros(process.pid) > start);
  assert.ok(Number.isNaN(processCpuMicros(undefined)));
});
