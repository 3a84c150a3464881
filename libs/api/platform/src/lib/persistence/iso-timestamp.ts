/**
 * A timestamptz as the text `Date#toISOString` gives (UTC, milliseconds, `Z`), made by PostgreSQL.
 * Hot reads that only pass a moment on to the client select it this way: parsing PostgreSQL's own
 * timestamp text into a Date and formatting it again cost the API more than the statement (P3 in
 * docs/requirements.md). Fixed width, so the text sorts in time order.
 */
export function isoTimestampSql(expression: string): string {
  return `to_char((${expression}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
