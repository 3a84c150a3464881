import { createHash } from 'node:crypto';

/**
 * Repeatable ids: an md5 of `<kind>:<n>` shaped as a version-4 UUID (version nibble 4, variant
 * 8), the same in PostgreSQL and Node, so SQL and Node name the same rows without a lookup and
 * every run makes the same ids. They are spread like random UUIDs, so indexes see the same
 * locality as real data. The shape matters: the API checks ids in queries and bodies with
 * `@IsUUID('all')`, which refuses a raw md5 (its version and variant nibbles are arbitrary), so
 * the clinic day's pages would fail on most scale patients (`?patientId=`, `courseId`).
 */
export function scaleId(kind: string, n: number): string {
  const h = createHash('md5').update(`${kind}:${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`;
}

/** The SQL expression for the same id. */
export function scaleIdSql(kind: string, n: string): string {
  return `overlay(overlay(md5('${kind}:' || (${n})) placing '4' from 13) placing '8' from 17)::uuid`;
}
