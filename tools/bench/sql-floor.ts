import { Pool, type PoolClient } from 'pg';
import { AUDIT_COLUMNS, AuditGroupCommit } from '../../libs/api/audit/src/lib/audit-group-commit';
import { connectionSettings } from '../../libs/api/platform/src/lib/database/connection-settings';
import { auditKeyForTools } from '../scale/api-build';
import type { CpuPerRequest } from './process-cpu';

/** One statement as the API sent it (see capture-sql.cjs). */
export interface CapturedStatement {
  client: number;
  /** Set when the API sent a named (prepared) statement: the floor prepares it the same way. */
  name?: string;
  text: string;
  params: (string | null)[];
  start: number;
  end: number;
  /** The `id`s an INSERT … RETURNING answered with (see capture-sql.cjs). */
  returnedIds?: string[];
}

/** Told each replayed statement's rows: a replay that must follow the ids its own inserts made. */
export type RowsSeen = (statement: CapturedStatement, rows: unknown[]) => void;

/** A pool for a floor, its connections opened with the API's settings (`connectionSettings`). */
export function openFloorPool(connectionString: string, max: number): Pool {
  return new Pool({
    connectionString,
    max,
    options: connectionSettings(auditKeyForTools()),
  });
}

/** A statement on its own, or a transaction that must run on one connection. */
interface Unit {
  statements: CapturedStatement[];
  transaction: boolean;
  start: number;
  end: number;
}

/** What one request does to the database: waves of units; the units of a wave ran concurrently. */
export type RequestPlan = Unit[][];

const BEGIN = /^\s*(START TRANSACTION|BEGIN)\b/i;
const END = /^\s*(COMMIT|ROLLBACK)\b/i;

/**
 * Rebuilds how a request used the database: transactions stay on one connection, statements that
 * overlapped in time (Promise.all in a service) run concurrently again, everything else in order.
 */
export function planOf(statements: CapturedStatement[]): RequestPlan {
  const units: Unit[] = [];
  const open = new Map<number, Unit>();
  for (const statement of [...statements].sort((a, b) => a.start - b.start)) {
    const current = open.get(statement.client);
    if (current) {
      current.statements.push(statement);
      current.end = statement.end;
      if (END.test(statement.text)) open.delete(statement.client);
      continue;
    }
    const unit: Unit = {
      statements: [statement],
      transaction: BEGIN.test(statement.text),
      start: statement.start,
      end: statement.end,
    };
    if (unit.transaction) open.set(statement.client, unit);
    units.push(unit);
  }
  const waves: RequestPlan = [];
  for (const unit of units) {
    const wave = waves[waves.length - 1];
    if (wave && unit.start < Math.min(...wave.map((u) => u.end))) wave.push(unit);
    else waves.push([unit]);
  }
  return waves;
}

export function statementsOf(plan: RequestPlan): CapturedStatement[] {
  return plan.flat().flatMap((unit) => unit.statements);
}

/** The same plan without some statements (P4: the read without its audit insert). */
export function withoutStatements(plan: RequestPlan, drop: (text: string) => boolean): RequestPlan {
  return plan
    .map((wave) =>
      wave
        .map((unit) => ({ ...unit, statements: unit.statements.filter((s) => !drop(s.text)) }))
        .filter((unit) => unit.statements.length > 0),
    )
    .filter((wave) => wave.length > 0);
}

export type ParamRewrite = (params: (string | null)[], iteration: number) => (string | null)[];

const OWN_AUDIT_ROWS = /^\s*INSERT INTO audit_event\b/i;
const groupCommits = new WeakMap<Pool, AuditGroupCommit>();

/**
 * An audit row written on its own goes through the API's own group commit (libs/api/audit), bound
 * to the floor's pool: the floor runs the statements the way the API runs them, and rows of
 * concurrent loops share INSERTs as concurrent requests' rows do. Multi-row texts are prepared
 * under names of their own, as AutocommitQueries does.
 */
function auditRowsOf(pool: Pool): AuditGroupCommit {
  let rows = groupCommits.get(pool);
  if (!rows) {
    const names = new Map<string, string>();
    const nameOf = (text: string) => {
      let name = names.get(text);
      if (name === undefined) names.set(text, (name = `floor-audit-${names.size}`));
      return name;
    };
    rows = new AuditGroupCommit({
      query: (text, values) => pool.query({ name: nameOf(text), text, values }),
    });
    groupCommits.set(pool, rows);
  }
  return rows;
}

async function runUnit(
  pool: Pool,
  unit: Unit,
  rewrite: ParamRewrite,
  iteration: number,
  seen?: RowsSeen,
): Promise<void> {
  if (!unit.transaction) {
    const [statement] = unit.statements;
    if (OWN_AUDIT_ROWS.test(statement.text)) {
      const values = rewrite(statement.params, iteration);
      const rows: Promise<void>[] = [];
      for (let at = 0; at < values.length; at += AUDIT_COLUMNS.length)
        rows.push(auditRowsOf(pool).write(values.slice(at, at + AUDIT_COLUMNS.length)));
      await Promise.all(rows);
      return;
    }
    const result = await pool.query({
      name: statement.name,
      text: statement.text,
      values: rewrite(statement.params, iteration),
    });
    seen?.(statement, result.rows);
    return;
  }
  const client: PoolClient = await pool.connect();
  try {
    for (const statement of unit.statements) {
      const result = await client.query({
        name: statement.name,
        text: statement.text,
        values: rewrite(statement.params, iteration),
      });
      seen?.(statement, result.rows);
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function runPlan(
  pool: Pool,
  plan: RequestPlan,
  rewrite: ParamRewrite,
  iteration: number,
  seen?: RowsSeen,
): Promise<void> {
  for (const wave of plan)
    await Promise.all(wave.map((unit) => runUnit(pool, unit, rewrite, iteration, seen)));
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** Requests completed during the warm-up and the measured run: what the CPU times below cover. */
  requestsWithWarmup: number;
  /** CPU of the load generator's process over the warm-up and the run, in µs (HTTP runs only). */
  generatorCpuMicros?: number;
  /** CPU per request (warm-up included) of each process taking part, in µs (bench.ts fills it in). */
  cpuPerRequest?: CpuPerRequest;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * The SQL floor: `concurrency` loops replay the captured plans (round robin over the targets, like
 * autocannon cycles its request list) through `pool` for `durationMs`, with no HTTP at all.
 */
export async function runFloor(
  pool: Pool,
  plans: RequestPlan[],
  options: { concurrency: number; durationMs: number; warmupMs: number; rewrite?: ParamRewrite },
): Promise<LoadResult> {
  const rewrite = options.rewrite ?? ((params) => params);
  let iteration = 0;
  let errors = 0;
  let firstError: unknown = null;
  const latencies: number[] = [];
  const measureFrom = performance.now() + options.warmupMs;
  const stopAt = measureFrom + options.durationMs;
  let measured = 0;
  let completed = 0;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < stopAt) {
        const i = iteration++;
        const started = performance.now();
        try {
          await runPlan(pool, plans[i % plans.length], rewrite, i);
        } catch (error) {
          errors++;
          firstError ??= error;
        }
        const ended = performance.now();
        completed++;
        if (started >= measureFrom && ended <= stopAt) {
          latencies.push(ended - started);
          measured++;
        }
      }
    }),
  );
  if (firstError) console.warn(`  floor: ${errors} errors, first: ${(firstError as Error).message}`);
  const sorted = Float64Array.from(latencies).sort();
  return {
    rps: measured / (options.durationMs / 1000),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    requests: measured,
    errors,
    non2xx: 0,
    requestsWithWarmup: completed,
  };
}
