/**
 * The clinic day's SQL floor (P8): the same journeys with no HTTP, no framework and no application
 * code, only the statements each page made the database run. A second API, with
 * tools/bench/capture-sql.cjs preloaded, serves every page of both journeys for a few patients
 * while the capture records what it sent; each page becomes a plan (sql-floor.ts: transactions on
 * one connection, concurrent statements concurrent again), and the floor replays those plans on the
 * same open-model timeline as the API run, through a pool as large as the API's.
 *
 * A replay must not collide with the capture's own rows, so values a page made fresh (idempotency
 * keys, outbox ids, link tokens: values that differ between two captures of the same page and are
 * first sent in an INSERT) are fresh again on every replay, and ids a replayed INSERT … RETURNING
 * gets back replace the captured ones in the page's later statements (the note it then signs).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Pool } from 'pg';
import { planOf, runPlan, type CapturedStatement, type RequestPlan } from '../sql-floor';
import { journeyOf, type ClinicContext, type Clinician, type Role } from './journeys';
import type { Visit } from './open-model';

/** One page as the database saw it, with the values a replay must make fresh. */
export interface CapturedPage {
  kind: string;
  plan: RequestPlan;
  fresh: ReadonlySet<string>;
}

/** Captured pages by role, then by page of the journey, then one per captured patient. */
export type CapturedJourneys = Record<Role, CapturedPage[][]>;

const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const HAS_UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const ID_LIKE = /^[A-Za-z0-9_.:-]{16,200}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}/;
const INSERT = /^\s*INSERT\b/i;
/** Refreshing the session's last-seen time is throttled: a page makes it now and then, not each time. */
const SESSION_TOUCH = /^\s*UPDATE auth_session SET last_seen_at/i;

/**
 * The values `first` made fresh: id- or token-shaped, absent from a second capture of the same
 * page (`second`), and first sent in an INSERT. An existing row's id (an alert acknowledged, a
 * patient) is first sent in a read or an update and stays as captured.
 */
export function freshValues(first: CapturedStatement[], second: CapturedStatement[]): Set<string> {
  const inSecond = new Set(second.flatMap((s) => s.params));
  const fresh = new Set<string>();
  const sent = new Set<string>();
  for (const statement of [...first].sort((a, b) => a.start - b.start)) {
    for (const value of statement.params) {
      if (value === null || sent.has(value)) continue;
      sent.add(value);
      if (
        INSERT.test(statement.text) &&
        ID_LIKE.test(value) &&
        !TIMESTAMP.test(value) &&
        !inSecond.has(value)
      )
        fresh.add(value);
    }
  }
  return fresh;
}

/** A value of the same shape as `value`: its UUIDs new, or else new characters of its alphabet. */
export function freshLike(value: string): string {
  if (HAS_UUID.test(value)) return value.replace(UUIDS, () => randomUUID());
  const hex = /^[0-9a-f]+$/.test(value);
  const chars = randomBytes(value.length).toString(hex ? 'hex' : 'base64url');
  return chars.slice(0, value.length);
}

/**
 * One replay of a page: its fresh values renewed, and the ids its inserts return followed into its
 * later statements. Parameters are rewritten whole, and inside longer texts (a stored answer's JSON).
 */
export function replayOf(page: CapturedPage): {
  rewrite: (params: (string | null)[]) => (string | null)[];
  seen: (statement: CapturedStatement, rows: unknown[]) => void;
} {
  const map = new Map<string, string>();
  for (const value of page.fresh) map.set(value, freshLike(value));
  return {
    rewrite: (params) =>
      map.size === 0
        ? params
        : params.map((p) => {
            if (p === null) return p;
            const whole = map.get(p);
            if (whole !== undefined) return whole;
            if (p.length < 40) return p;
            let out = p;
            for (const [from, to] of map) if (out.includes(from)) out = out.split(from).join(to);
            return out;
          }),
    seen: (statement, rows) => {
      const captured = statement.returnedIds;
      if (!captured) return;
      captured.forEach((id, i) => {
        const row = rows[i] as { id?: unknown } | undefined;
        if (typeof row?.id === 'string') map.set(id, row.id);
      });
    },
  };
}

const OWN_AUDIT_ROW = /^\s*INSERT INTO audit_event\b/i;

/**
 * The statement as a replay sends it: an INSERT that would meet a row the capture made under a key
 * the page does not make fresh (the acknowledgement of the alert it acknowledged, keyed by the
 * alert and the side) skips it instead of failing, so the rest of the page still runs. Audit rows
 * keep their text: the floor writes them through the API's own group commit.
 */
export function replayable(statement: CapturedStatement): CapturedStatement {
  const { text } = statement;
  if (!INSERT.test(text) || OWN_AUDIT_ROW.test(text) || /\bON\s+CONFLICT\b/i.test(text)) return statement;
  const returning = text.search(/\bRETURNING\b(?![\s\S]*\bRETURNING\b)/i);
  const withSkip =
    returning < 0
      ? `${text.trimEnd()} ON CONFLICT DO NOTHING`
      : `${text.slice(0, returning)}ON CONFLICT DO NOTHING ${text.slice(returning)}`;
  return { ...statement, text: withSkip };
}

/** What the capture instance appended after byte `from` (a byte offset: names are UTF-8). */
function statementsSince(file: string, from: number): CapturedStatement[] {
  return readFileSync(file)
    .subarray(from)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as CapturedStatement)
    .filter((s) => !SESSION_TOUCH.test(s.text));
}

/**
 * Serves each page of `clinician`'s journey for its first `patients` patients through the capture
 * instance, twice each (the second capture tells the fresh values apart), one page at a time so
 * that a page's statements are its own.
 */
export async function captureJourney(
  clinician: Clinician,
  context: ClinicContext,
  captureFile: string,
  patients: number,
): Promise<CapturedPage[][]> {
  const journey = journeyOf(clinician.role);
  const byPage: CapturedPage[][] = journey.map(() => []);
  for (let r = 0; r < Math.min(patients, clinician.patients.length); r++) {
    const patientId = clinician.patients[r];
    for (const [i, page] of journey.entries()) {
      const runs: CapturedStatement[][] = [];
      for (let twice = 0; twice < 2; twice++) {
        const from = statSync(captureFile).size;
        await page.run(clinician, context, patientId);
        runs.push(statementsSince(captureFile, from));
      }
      byPage[i].push({
        kind: page.kind,
        plan: planOf(runs[0].map(replayable)),
        fresh: freshValues(runs[0], runs[1]),
      });
    }
  }
  return byPage;
}

/**
 * The floor's clinicians: the same roles on the same timeline as the API run's, each stepping
 * through its journey as `nextVisit` does, on the captured patients (clinician i starting at
 * patient i, so that they spread over the captures as the API run's spread over their caseloads).
 */
export function floorVisits(
  pool: Pool,
  roles: readonly Role[],
  captured: CapturedJourneys,
): (k: number) => Visit {
  const seen: Record<Role, number> = { therapist: 0, prescriber: 0 };
  // Each starts where the API run's clinician of the same place starts (firstStep in clinic-day.ts).
  const steps = roles.map((role) => seen[role]++ % captured[role].length);
  return (k) => {
    const c = k % roles.length;
    const pages = captured[roles[c]];
    const step = steps[c]++;
    const perPatient = pages[step % pages.length];
    const page = perPatient[(c + Math.floor(step / pages.length)) % perPatient.length];
    return {
      kind: page.kind,
      run: () => {
        const replay = replayOf(page);
        return runPlan(pool, page.plan, replay.rewrite, k, replay.seen);
      },
    };
  };
}
