import { AUDIT_KEY_SETTING, auditKeyPads } from './audit-key';

/**
 * The settings each connection starts with, as `pg`'s `options` (the start-up message, so no
 * statement per connection):
 * - the audit key, when there is one: the audit chain's trigger refuses rows without it, and no
 *   statement text (logs, pg_stat_activity) ever holds it;
 * - no parallel query: every request is short, and many run at once. Parallel workers then take
 *   cores from the other requests, and the parallel plans they invite read whole tables (every
 *   patient of every practice for one team's alert list), so a team's reads would grow with the
 *   database instead of with the team's caseload (P9 in docs/requirements.md).
 * The benchmark's SQL floors open their connections with the same settings.
 */
export function connectionSettings(auditKey: string | null | undefined): string {
  const settings = ['-c max_parallel_workers_per_gather=0'];
  if (auditKey) settings.push(`-c ${AUDIT_KEY_SETTING}=${auditKeyPads(auditKey)}`);
  return settings.join(' ');
}
