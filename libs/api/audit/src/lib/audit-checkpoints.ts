import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { AUDIT_CHAIN_STRIPES, auditHmac } from '@kap/api/platform';

/** The file in AUDIT_CHECKPOINT_DIR that checkpoints are appended to, one JSON object a line. */
export const AUDIT_CHECKPOINT_FILE = 'audit-checkpoints.jsonl';

/** The newest row of one chain. */
export interface AuditChainHead {
  chain: number;
  seq: string;
  hash: string;
}

/** The chains' heads at one moment, with a MAC over them so the file cannot be edited unseen. */
export interface AuditCheckpoint {
  at: string;
  /**
   * The database's name (`current_database()`): a directory may hold the checkpoints of several
   * databases (a development machine's default `.data/audit`), and each is compared only with its own.
   */
  database: string;
  heads: AuditChainHead[];
  mac: string;
}

/** What a checkpoint shows that the chain walk cannot. */
export interface AuditCheckpointFinding {
  chain: number;
  reason: 'tail_deleted' | 'row_deleted' | 'content_changed';
  message: string;
}

export interface AuditCheckpointFile {
  path: string;
  checkpoints: AuditCheckpoint[];
  /** Lines (1-based) that are not a checkpoint signed with this key: edited, or another key's. */
  badLines: number[];
}

type Queryable = DataSource | EntityManager;

/**
 * Appends a checkpoint of every chain's head to `dir`, flushed to disk before it returns. Kept
 * outside the database on purpose: the chain proves each row follows the one before it, but the
 * newest rows have no successor, so deleting them leaves a shorter chain that still verifies. A
 * checkpoint remembers how far each chain reached.
 */
export async function writeAuditCheckpoint(
  db: Queryable,
  key: string,
  dir: string,
  now: Date,
): Promise<AuditCheckpoint> {
  // One statement, one snapshot; each chain's head is one step down the (chain, seq) index.
  const [{ database }]: { database: string }[] = await db.query(`SELECT current_database() AS database`);
  const rows: { chain: number; seq: string; hash: string }[] = await db.query(
    `SELECT c.chain, h.seq::text AS seq, h.hash
       FROM generate_series(0, ${AUDIT_CHAIN_STRIPES - 1}) AS c(chain)
       CROSS JOIN LATERAL (SELECT seq, hash FROM audit_event WHERE chain = c.chain ORDER BY seq DESC LIMIT 1) h
      ORDER BY c.chain`,
  );
  const at = now.toISOString();
  const heads = rows.map((r) => ({ chain: Number(r.chain), seq: r.seq, hash: r.hash }));
  const checkpoint: AuditCheckpoint = { at, database, heads, mac: checkpointMac(key, at, database, heads) };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = await open(join(dir, AUDIT_CHECKPOINT_FILE), 'a', 0o600);
  try {
    await file.write(`${JSON.stringify(checkpoint)}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  return checkpoint;
}

/** Reads the checkpoints in `dir`, keeping those whose MAC matches this key; none if no file yet. */
export async function readAuditCheckpoints(dir: string, key: string): Promise<AuditCheckpointFile> {
  const path = join(dir, AUDIT_CHECKPOINT_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path, checkpoints: [], badLines: [] };
    throw error;
  }
  const checkpoints: AuditCheckpoint[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const checkpoint = parseCheckpoint(line);
    if (
      checkpoint &&
      checkpoint.mac === checkpointMac(key, checkpoint.at, checkpoint.database, checkpoint.heads)
    )
      checkpoints.push(checkpoint);
    else badLines.push(index + 1);
  });
  return { path, checkpoints, badLines };
}

/**
 * Compares the database with its checkpoints (those of other databases are skipped). Chains only grow, and the chain walk already proves
 * every row up to a chain's newest one, so per chain only the furthest head any checkpoint saw
 * needs looking up: it must still be there, with the same MAC.
 */
export async function compareWithCheckpoints(
  db: Queryable,
  checkpoints: AuditCheckpoint[],
): Promise<AuditCheckpointFinding[]> {
  const [{ database }]: { database: string }[] = await db.query(`SELECT current_database() AS database`);
  // On a tie the later checkpoint is named: the latest time the head was seen.
  const furthest = new Map<number, { head: AuditChainHead; at: string }>();
  for (const checkpoint of checkpoints) {
    if (checkpoint.database !== database) continue;
    for (const head of checkpoint.heads) {
      const known = furthest.get(head.chain);
      if (!known || BigInt(head.seq) >= BigInt(known.head.seq))
        furthest.set(head.chain, { head, at: checkpoint.at });
    }
  }
  if (furthest.size === 0) return [];
  const expected = [...furthest.values()].sort((a, b) => a.head.chain - b.head.chain);
  const rows: {
    chain: number;
    seq: string;
    hash: string | null;
    actual_chain: number | null;
    now_at: string | null;
  }[] = await db.query(
    `SELECT x.chain, x.seq::text AS seq, a.hash, a.chain AS actual_chain,
            (SELECT max(h.seq) FROM audit_event h WHERE h.chain = x.chain)::text AS now_at
       FROM unnest($1::int[], $2::bigint[]) AS x(chain, seq)
       LEFT JOIN audit_event a ON a.seq = x.seq
      ORDER BY x.chain`,
    [expected.map((e) => e.head.chain), expected.map((e) => e.head.seq)],
  );
  const findings: AuditCheckpointFinding[] = [];
  rows.forEach((row, i) => {
    const { head, at } = expected[i];
    const chain = head.chain;
    if (row.hash === null) {
      if (row.now_at === null || BigInt(row.now_at) < BigInt(head.seq)) {
        findings.push({
          chain,
          reason: 'tail_deleted',
          message: `rows after seq ${row.now_at ?? 0} deleted: the checkpoint of ${at} had chain ${chain} at seq ${head.seq}`,
        });
      } else {
        findings.push({
          chain,
          reason: 'row_deleted',
          message: `row seq ${head.seq} deleted: the checkpoint of ${at} had it as the head of chain ${chain}`,
        });
      }
    } else if (row.hash !== head.hash || Number(row.actual_chain) !== chain) {
      findings.push({
        chain,
        reason: 'content_changed',
        message: `content changed: chain ${chain} at seq ${head.seq} no longer has the MAC the checkpoint of ${at} recorded (its rows were edited or the chain recomputed)`,
      });
    }
  });
  return findings;
}

function checkpointMac(key: string, at: string, database: string, heads: AuditChainHead[]): string {
  // A prefix of its own: a checkpoint's MAC can never pass for a row's, nor the other way round.
  const canonical = JSON.stringify({
    at,
    database,
    heads: heads.map((h) => ({ chain: h.chain, seq: h.seq, hash: h.hash })),
  });
  return auditHmac(key, `kap-audit-checkpoint\n${canonical}`);
}

function parseCheckpoint(line: string): AuditCheckpoint | null {
  try {
    const value = JSON.parse(line) as Partial<AuditCheckpoint>;
    if (
      typeof value.at !== 'string' ||
      typeof value.database !== 'string' ||
      typeof value.mac !== 'string' ||
      !Array.isArray(value.heads)
    )
      return null;
    const heads = value.heads.filter(
      (h): h is AuditChainHead =>
        Number.isInteger(h?.chain) &&
        typeof h?.seq === 'string' &&
        /^\d+$/.test(h.seq) &&
        typeof h?.hash === 'string',
    );
    return heads.length === value.heads.length
      ? { at: value.at, database: value.database, heads, mac: value.mac }
      : null;
  } catch {
    return null;
  }
}
