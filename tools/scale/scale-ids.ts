import { createHash } from 'node:crypto';

/**
 * Repeatable ids: the same as PostgreSQL's `md5('<kind>:<n>')::uuid`, so SQL and Node name the
 * same rows without a lookup, and every run makes the same ids. They are spread like random
 * UUIDs, so indexes see the same locality as real data.
 */
export function scaleId(kind: string, n: number): string {
  const h = createHash('md5').update(`${kind}:${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The SQL expression for the same id. */
export function scaleIdSql(kind: string, n: string): string {
  return `md5('${kind}:' || (${n}))::uuid`;
}
