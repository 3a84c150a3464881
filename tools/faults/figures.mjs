// Pure arithmetic over the attempt log: no I/O, so it is tested on its own (figures.test.mjs).

/**
 * Figures of a database restart from the clients' point of view.
 * @param {{ start: number, end: number, ok: boolean, error?: string | null }[]} attempts
 * @param {{ stopAt: number, dbReadyAt: number, preWindowMs?: number, recoveryWindowMs?: number }} marks
 */
export function restartFigures(attempts, { stopAt, dbReadyAt, preWindowMs = 4000, recoveryWindowMs = 1000 }) {
  const oks = attempts
    .filter((a) => a.ok)
    .map((a) => a.end)
    .sort((a, b) => a - b);
  const preCount = oks.filter((t) => t >= stopAt - preWindowMs && t < stopAt).length;
  const preRatePerSecond = (preCount * 1000) / preWindowMs;

  const failures = attempts.filter((a) => !a.ok && a.end >= stopAt).sort((a, b) => a.end - b.end);
  const firstError = failures[0] ?? null;
  // Requests that failed while the database was away: none may hang.
  const outageFailures = failures.filter((a) => a.end <= dbReadyAt + 1000);
  const longestFailureMs = outageFailures.reduce((max, a) => Math.max(max, a.end - a.start), 0);

  const firstSuccess = oks.find((t) => t >= dbReadyAt) ?? null;

  // Throughput is back when a whole window starting at s (s after the database returned) carries
  // at least 90 % of the acknowledgements the same window carried before the restart.
  const needed = 0.9 * preRatePerSecond * (recoveryWindowMs / 1000);
  let recoveredAt = null;
  const last = oks.length > 0 ? oks[oks.length - 1] : dbReadyAt;
  for (let s = dbReadyAt; s + recoveryWindowMs <= last + 1; s += 50) {
    const count = countIn(oks, s, s + recoveryWindowMs);
    if (preCount > 0 && count >= needed) {
      recoveredAt = s;
      break;
    }
  }
  return {
    preRatePerSecond: round(preRatePerSecond),
    timeToFirstErrorMs: firstError ? round(firstError.end - stopAt) : null,
    firstError: firstError ? describe(firstError) : null,
    failedRequestsDuringOutage: outageFailures.length,
    longestFailedRequestMs: round(longestFailureMs),
    timeToFirstSuccessMs: firstSuccess === null ? null : round(firstSuccess - dbReadyAt),
    timeToThroughput90Ms: recoveredAt === null ? null : round(recoveredAt - dbReadyAt),
  };
}

function countIn(sorted, from, to) {
  let n = 0;
  for (const t of sorted) {
    if (t >= to) break;
    if (t >= from) n++;
  }
  return n;
}

function describe(attempt) {
  return attempt.status
    ? `HTTP ${attempt.status}${attempt.errorCode ? ` ${attempt.errorCode}` : ''}`
    : String(attempt.error);
}

export function round(value) {
  return Math.round(value * 10) / 10;
}
