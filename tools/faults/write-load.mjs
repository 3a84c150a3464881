// Concurrent clients that record outcome scores with an Idempotency-Key and keep a ledger. A key is
// acknowledged when a 2xx arrived; until then the client resends the SAME key and body, with
// backoff, through database outages and API crashes, until acknowledged or the phase ends.
import { setTimeout as sleep } from 'node:timers/promises';

const REQUEST_TIMEOUT_MS = 10_000;
/** Kept small so recovery is measured on the server, not hidden behind a client's long back-off. */
const MAX_BACKOFF_MS = 400;

export class WriteLoad {
  /**
   * @param {{ base: string, cookie: string, patientIds: string[], clients: number, runId: string,
   *   clock: () => number }} options
   */
  constructor({ base, cookie, patientIds, clients, runId, clock }) {
    this.base = base;
    this.cookie = cookie;
    this.patientIds = patientIds;
    this.clients = clients;
    this.runId = runId;
    this.clock = clock;
    // Every key's administeredAt is unique (to the millisecond, ending in .777), so the ledger can
    // find a key's rows in SQL without relying on the API's own idempotency table.
    this.baseTime = Math.floor(Date.now() / 1000) * 1000 - 30 * 24 * 3600 * 1000;
    /** @type {Map<string, LedgerEntry>} */
    this.ledger = new Map();
    /** Every attempt: { start, end, key, ok, status?, error? } on the run's clock (ms). */
    this.attempts = [];
    this.inFlight = 0;
    /** Keys whose request is on the wire right now. */
    this.inFlightKeys = new Set();
    this.newKeys = true;
    this.stopped = false;
    this.listeners = new Set();
    this.loops = [];
  }

  start() {
    for (let i = 0; i < this.clients; i++) this.loops.push(this.#client(i));
  }

  /** fn(entry) on every acknowledgement; returns the unsubscribe function. */
  onAck(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  acked() {
    return [...this.ledger.values()].filter((e) => e.ackedAt !== null);
  }

  pending() {
    return [...this.ledger.values()].filter((e) => e.ackedAt === null && e.rejected === null);
  }

  /** Stop opening new keys, let each client finish (acknowledge) the key it holds, then stop. */
  async drain(timeoutMs) {
    this.newKeys = false;
    const done = Promise.all(this.loops).then(() => true);
    const finished = await Promise.race([done, sleep(timeoutMs).then(() => false)]);
    this.stopped = true;
    await Promise.race([done, sleep(REQUEST_TIMEOUT_MS + 1000)]);
    return finished;
  }

  async #client(index) {
    const patientId = this.patientIds[index % this.patientIds.length];
    for (let n = 0; this.newKeys && !this.stopped; n++) {
      const key = `fault-${this.runId}-c${index}-${n}`;
      const administeredAt = new Date(this.baseTime + (index * 100_000 + n) * 1000 + 777).toISOString();
      // CGI-S, not a questionnaire watched for deterioration: recording one of those reads the
      // patient's whole history for the baseline, and at 50 scores a second per patient the writes
      // slowed down as the run went on, so P7 compared the recovery with a rate the workload itself
      // could no longer reach (docs/reliability.md, session 8).
      const body = JSON.stringify({ instrument: 'CGI_S', administeredAt, items: [3] });
      /** @type {LedgerEntry} */
      const entry = {
        key,
        client: index,
        patientId,
        administeredAt,
        attempts: 0,
        firstSentAt: this.clock(),
        ackedAt: null,
        status: null,
        outcomeId: null,
        rejected: null,
        replayed: false,
      };
      this.ledger.set(key, entry);
      for (let attempt = 0; !this.stopped; attempt++) {
        entry.attempts++;
        const result = await this.#send(patientId, key, body);
        if (result.ok) {
          entry.ackedAt = result.end;
          entry.status = result.status;
          entry.outcomeId = result.outcomeId;
          // The score was created before this attempt began: an earlier attempt committed it and
          // its answer was lost (crash or cut connection); the key replayed the stored answer.
          entry.replayed = result.createdAt !== null && Date.parse(result.createdAt) < result.wallStart;
          for (const fn of this.listeners) fn(entry);
          break;
        }
        // A 4xx other than 408/429 is a deterministic refusal: resending cannot help, and the
        // guarantees count it as a failure.
        if (
          result.status &&
          result.status >= 400 &&
          result.status < 500 &&
          result.status !== 408 &&
          result.status !== 429
        ) {
          entry.rejected = `${result.status} ${result.errorCode ?? ''}`.trim();
          break;
        }
        await sleep(Math.min(MAX_BACKOFF_MS, 25 * 2 ** attempt) + Math.random() * 50);
      }
    }
  }

  async #send(patientId, key, body) {
    const start = this.clock();
    this.inFlight++;
    this.inFlightKeys.add(key);
    const record = {
      start,
      wallStart: Date.now(),
      end: 0,
      key,
      ok: false,
      status: null,
      error: null,
      errorCode: null,
      outcomeId: null,
      createdAt: null,
    };
    try {
      const res = await fetch(`${this.base}/api/patients/${patientId}/outcomes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: this.cookie, 'idempotency-key': key },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      record.status = res.status;
      let json = null;
      try {
        json = JSON.parse(text);
      } catch {
        /* not JSON: kept as a status only */
      }
      if (res.ok) {
        record.ok = true;
        record.outcomeId = json?.id ?? null;
        record.createdAt = json?.createdAt ?? null;
      } else {
        record.errorCode = json?.error ?? null;
        record.requestId = json?.requestId ?? null;
      }
    } catch (error) {
      record.error =
        error?.name === 'TimeoutError'
          ? 'timeout'
          : (error?.cause?.code ?? error?.code ?? error?.message ?? String(error));
    } finally {
      this.inFlight--;
      this.inFlightKeys.delete(key);
      record.end = this.clock();
      this.attempts.push(record);
    }
    return record;
  }
}

/**
 * @typedef {{ key: string, client: number, patientId: string, administeredAt: string, attempts: number,
 *   firstSentAt: number, ackedAt: number | null, status: number | null, outcomeId: string | null,
 *   rejected: string | null, replayed: boolean }} LedgerEntry
 */
