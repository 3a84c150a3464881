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

/**
 * Whether patient n is linked to its medical team (7 in 10). A hash of n, not a residue such as
 * n % 10: a patient's team is n % M and its therapist n % T, so a residue rule would link whole
 * teams and caseloads or none of them.
 */
export function isLinked(n: number): boolean {
  return parseInt(createHash('md5').update(`linked:${n}`).digest('hex').slice(0, 7), 16) % 10 < 7;
}

/** The SQL expression for the same rule. */
export function isLinkedSql(n: string): string {
  return `(('x' || substr(md5('linked:' || (${n})), 1, 7))::bit(28)::int % 10 < 7)`;
}
