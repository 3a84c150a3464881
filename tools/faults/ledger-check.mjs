// The ledger against the database itself, in SQL: the API's answers are not trusted here.
import pg from 'pg';

/**
 * @param {string} databaseUrl
 * @param {import('./write-load.mjs').LedgerEntry[]} entries
 * @param {string} keyPrefix every key of this run starts with it
 */
export async function checkLedger(databaseUrl, entries, keyPrefix) {
  const client = new pg.Client({
    connectionString: databaseUrl,
    connectionTimeoutMillis: 5000,
    statement_timeout: 20_000,
  });
  await client.connect();
  try {
    const stamps = entries.map((e) => e.administeredAt);
    const { rows } = await client.query(
      `SELECT id, patient_id, administered_at FROM outcome WHERE administered_at = ANY($1::timestamptz[])`,
      [stamps],
    );
    const rowsByStamp = new Map();
    for (const row of rows) {
      const stamp = new Date(row.administered_at).toISOString();
      if (!rowsByStamp.has(stamp)) rowsByStamp.set(stamp, []);
      rowsByStamp.get(stamp).push(row);
    }
    const { rows: keys } = await client.query(
      `SELECT key, response->>'id' AS outcome_id FROM idempotency_key WHERE key LIKE $1`,
      [`${keyPrefix}%`],
    );
    const idByKey = new Map(keys.map((k) => [k.key, k.outcome_id]));
    // Each stored score must leave exactly one successful audit event (R10), even after a crash.
    const { rows: audits } = await client.query(
      `SELECT entity_id, count(*)::int AS n FROM audit_event
        WHERE action = 'outcome.create' AND outcome = 'success' AND entity_id = ANY($1::text[])
        GROUP BY entity_id`,
      [rows.map((r) => r.id)],
    );
    const auditsById = new Map(audits.map((a) => [a.entity_id, a.n]));
    // Rows carrying the run's marker (dates in its range ending in .777 s) that belong to no key.
    const {
      rows: [{ n: strayRows }],
    } = await client.query(
      `SELECT count(*)::int AS n FROM outcome
        WHERE administered_at BETWEEN $1::timestamptz AND $2::timestamptz
          AND to_char(administered_at AT TIME ZONE 'UTC', 'MS') = '777'
          AND NOT (administered_at = ANY($3::timestamptz[]))`,
      [stamps.reduce((a, b) => (a < b ? a : b)), stamps.reduce((a, b) => (a > b ? a : b)), stamps],
    );

    const result = {
      keys: entries.length,
      acknowledged: 0,
      lost: [],
      duplicated: [],
      wrongRow: [],
      unacknowledgedStored: 0,
      unacknowledgedAbsent: 0,
      idempotencyMismatch: [],
      auditMismatch: [],
      strayRows,
    };
    for (const entry of entries) {
      const found = rowsByStamp.get(entry.administeredAt) ?? [];
      if (found.length > 1) result.duplicated.push({ key: entry.key, rows: found.length });
      if (entry.ackedAt !== null) {
        result.acknowledged++;
        if (found.length === 0) result.lost.push(entry.key);
        else if (
          found.length === 1 &&
          (found[0].id !== entry.outcomeId || found[0].patient_id !== entry.patientId)
        ) {
          result.wrongRow.push({ key: entry.key, acknowledged: entry.outcomeId, stored: found[0].id });
        }
      } else if (found.length > 0) result.unacknowledgedStored++;
      else result.unacknowledgedAbsent++;
      if (found.length === 1) {
        if (idByKey.get(entry.key) !== found[0].id) {
          result.idempotencyMismatch.push({
            key: entry.key,
            stored: found[0].id,
            recorded: idByKey.get(entry.key) ?? null,
          });
        }
        const events = auditsById.get(found[0].id) ?? 0;
        if (events !== 1) result.auditMismatch.push({ key: entry.key, outcomeId: found[0].id, events });
      }
    }
    return result;
  } finally {
    await client.end();
  }
}
