import type { Pool } from 'pg';
import type { CapturedStatement } from './sql-floor';

/**
 * A table this big read by a sequential scan on a hot route is a finding. Below it (the 5,000-patient
 * size has 10,500 status entries) a hash join over the whole table can be the planner's right choice.
 */
export const LARGE_TABLE_ROWS = 50_000;

export interface StatementPlan {
  route: string;
  statement: string;
  /** Warm execution time, best of five EXPLAIN (ANALYZE, TIMING OFF) runs (reads only): no per-node clock overhead. */
  executionMs: number | null;
  seqScans: { table: string; rows: number }[];
  indexes: string[];
}

export interface RoutePlan {
  route: string;
  statements: StatementPlan[];
  /** Sum of the warm execution times of the route's reads. */
  readMs: number;
  /** The route's own query (its slowest read): what docs/requirements.md's "trend SQL ≤ 1 ms" means. */
  mainMs: number;
  /** The limit for `mainMs` from docs/requirements.md, when there is one. */
  limitMs: number | null;
  ok: boolean;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function walk(node: PlanNode, visit: (node: PlanNode) => void): void {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

const READ = /^\s*(SELECT|WITH)\b/i;
const SKIP = /^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SET|SAVEPOINT|RELEASE)\b/i;

/**
 * EXPLAINs every statement a hot route sent (as captured from the API) on the scale data: fails on
 * a sequential scan over a large table, and times the reads warm with EXPLAIN ANALYZE. Writes are
 * only EXPLAINed (not run), so the check changes nothing.
 */
export async function checkPlans(
  pool: Pool,
  routes: { route: string; statements: CapturedStatement[]; limitMs: number | null }[],
): Promise<RoutePlan[]> {
  const { rows: sizes } = await pool.query(
    `SELECT c.relname AS name, greatest(c.reltuples, 0)::bigint AS rows FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'`,
  );
  const rowsOf = new Map<string, number>(
    sizes.map((s: { name: string; rows: string }) => [s.name, Number(s.rows)]),
  );
  const report: RoutePlan[] = [];
  for (const { route, statements, limitMs } of routes) {
    const plans: StatementPlan[] = [];
    for (const statement of statements) {
      if (SKIP.test(statement.text)) continue;
      const read = READ.test(statement.text) && !/\bFOR UPDATE\b/i.test(statement.text);
      let executionMs: number | null = null;
      let root: PlanNode | null = null;
      for (let i = 0; i < (read ? 5 : 1); i++) {
        const { rows } = await pool.query(
          `EXPLAIN (${read ? 'ANALYZE, TIMING OFF, ' : ''}FORMAT JSON) ${statement.text}`,
          statement.params,
        );
        const [explained] = rows[0]['QUERY PLAN'];
        root = explained.Plan;
        if (read) executionMs = Math.min(executionMs ?? Infinity, explained['Execution Time']);
      }
      const seqScans: { table: string; rows: number }[] = [];
      const indexes = new Set<string>();
      walk(root!, (node) => {
        if (node['Index Name']) indexes.add(node['Index Name']);
        const table = node['Relation Name'];
        if (node['Node Type'] === 'Seq Scan' && table && (rowsOf.get(table) ?? 0) >= LARGE_TABLE_ROWS) {
          seqScans.push({ table, rows: rowsOf.get(table)! });
        }
      });
      plans.push({
        route,
        statement: statement.text.replace(/\s+/g, ' ').trim(),
        executionMs,
        seqScans,
        indexes: [...indexes],
      });
    }
    const reads = plans.filter((p) => p.executionMs !== null).map((p) => p.executionMs!);
    const readMs = reads.reduce((a, b) => a + b, 0);
    const mainMs = reads.length ? Math.max(...reads) : 0;
    const ok = plans.every((p) => p.seqScans.length === 0) && (limitMs === null || mainMs <= limitMs);
    report.push({ route, statements: plans, readMs, mainMs, limitMs, ok });
  }
  return report;
}
