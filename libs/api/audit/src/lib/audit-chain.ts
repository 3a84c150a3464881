import type { DataSource, EntityManager } from 'typeorm';
import { AUDIT_KEY_SETTING } from '@kap/api/platform';

export interface AuditChainReport {
  checked: number;
  /** How many chains the rows are woven into (decision 0009: one per `txid % 32`). */
  chains: number;
  /** The first row whose link or content does not match, or null when the chain is intact. */
  firstBroken: { seq: string; id: string; reason: 'content_changed' | 'link_broken' } | null;
}

/**
 * Walks each audit chain in order and recomputes every MAC with the audit key. An edited row no
 * longer matches its MAC, nor does a chain recomputed without the key; a deleted row breaks the next
 * row's link in its chain (and a row moved to another chain breaks both). A deleted tail leaves a
 * shorter chain that is intact: only the checkpoints kept outside the database show it
 * (audit-checkpoints.ts). Runs in the database, streaming along the `(chain, seq)` index, any size;
 * the key is the connection's setting (database-options.ts), never a parameter of this query.
 */
export async function verifyAuditChain(dataSource: DataSource | EntityManager): Promise<AuditChainReport> {
  const [{ keyed }]: { keyed: boolean }[] = await dataSource.query(
    `SELECT length(current_setting('${AUDIT_KEY_SETTING}', true)) = 256 AS keyed`,
  );
  if (!keyed)
    throw new Error(
      'The audit chain can only be verified with the audit key: set AUDIT_KEY (or keep the key file in DATA_DIR).',
    );
  const [broken]: NonNullable<AuditChainReport['firstBroken']>[] = await dataSource.query(
    `WITH chain AS (
       SELECT a.seq, a.id, a.hash, a.prev_hash, audit_event_mac(a, current_setting('${AUDIT_KEY_SETTING}')) AS digest,
              lag(a.hash) OVER (PARTITION BY a.chain ORDER BY a.seq) AS previous
         FROM audit_event a)
     SELECT seq::text AS seq, id::text AS id,
            CASE WHEN hash <> digest THEN 'content_changed' ELSE 'link_broken' END AS reason
       FROM chain
      WHERE hash <> digest OR prev_hash <> coalesce(previous, 'genesis')
      ORDER BY seq
      LIMIT 1`,
  );
  const [{ count, chains }]: { count: number; chains: number }[] = await dataSource.query(
    `SELECT count(*)::int AS count, count(DISTINCT chain)::int AS chains FROM audit_event`,
  );
  return { checked: count, chains, firstBroken: broken ?? null };
}
