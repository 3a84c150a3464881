import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import type { MigrationInterface } from 'typeorm';
import {
  AUDIT_KEY_FILE,
  ConfigError,
  databaseOptions,
  loadConfig,
  MIGRATIONS,
  runMigrations,
  withAuditKey,
  type AppConfig,
} from '@kap/api/platform';
import {
  AUDIT_CHECKPOINT_FILE,
  AuditCheckpointJob,
  AuditLog,
  compareWithCheckpoints,
  readAuditCheckpoints,
  verifyAuditChain,
  writeAuditCheckpoint,
} from '@kap/api/audit';
import { runAdminCommand } from '../app/admin-commands';
import { createTestApp } from '../testing/test-app';

const KeyedAuditChain = MIGRATIONS.find((m) => m.name === 'KeyedAuditChain1764980000000')!;

/** Issue 22, finding 3: the audit chain is keyed, and checkpoints outside the database show a deleted tail. */
describe('audit key configuration (issue 22, finding 3)', () => {
  const url = 'postgres://u@h/db';

  it('refuses to start in production on PostgreSQL without AUDIT_KEY, saying what to set', () => {
    const start = () => loadConfig({ NODE_ENV: 'production', DATABASE_URL: url });
    expect(start).toThrow(ConfigError);
    expect(start).toThrow(/AUDIT_KEY must be set in production on PostgreSQL.*openssl rand -hex 32/);
    expect(
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: url, AUDIT_KEY: 'k'.repeat(64) }).auditKey,
    ).toBe('k'.repeat(64));
  });

  it('refuses a short AUDIT_KEY', () => {
    expect(() => loadConfig({ DATABASE_URL: url, AUDIT_KEY: 'too-short' })).toThrow(
      /AUDIT_KEY must be at least 32 characters/,
    );
  });

  it('generates a key file (mode 0600) in DATA_DIR for the embedded database, once, and keeps using it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kap-audit-key-'));
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.auditKey).toBeNull();
    const first = withAuditKey(config).auditKey;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    const file = join(dataDir, AUDIT_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(withAuditKey(loadConfig({ DATA_DIR: dataDir })).auditKey).toBe(first);
    // AUDIT_KEY wins over the file.
    expect(withAuditKey(loadConfig({ DATA_DIR: dataDir, AUDIT_KEY: 'x'.repeat(40) })).auditKey).toBe(
      'x'.repeat(40),
    );
    expect(loadConfig({ DATA_DIR: dataDir }).auditCheckpointDir).toBe(join(dataDir, 'audit'));
    expect(loadConfig({ DATA_DIR: 'memory://' }).auditCheckpointDir).toBe(resolve('.data', 'audit'));
  });
});

describe('audit checkpoints written by the API (issue 22, finding 3)', () => {
  it('appends a signed checkpoint of this database that the live chain reaches', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kap-audit-job-'));
    const t = await createTestApp({ env: { AUDIT_CHECKPOINT_DIR: dir } });
    try {
      const db = t.app.get(DataSource);
      await t.app.get(AuditLog).record({ action: 'test.checkpointed', outcome: 'success' });
      const written = await t.app.get(AuditCheckpointJob).checkpoint();
      const file = await readAuditCheckpoints(dir, process.env['AUDIT_KEY']!);
      expect(file).toMatchObject({ badLines: [], checkpoints: [written] });
      expect(written.at).toBe(t.clock.now().toISOString());
      expect(written.heads.length).toBeGreaterThan(0);
      expect(statSync(join(dir, AUDIT_CHECKPOINT_FILE)).mode & 0o777).toBe(0o600);
      expect(await compareWithCheckpoints(db, file.checkpoints)).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

// Each case tampers with committed rows, so it runs on a database of its own (CREATE DATABASE: the
// PostgreSQL server only; the embedded PGlite has one database).
const onRealPostgres = !process.env['KAP_TEST_EMBEDDED'];

(onRealPostgres ? describe : describe.skip)('keyed audit chain and checkpoints (issue 22, finding 3)', () => {
  const key = process.env['AUDIT_KEY']!;
  const name = `kap_audit_key_${process.pid}_${Date.now()}`;
  const target = new URL(process.env['DATABASE_URL']!);
  target.pathname = `/${name}`;
  const checkpointDir = mkdtempSync(join(tmpdir(), 'kap-audit-checkpoints-'));
  const options = (auditKey: string | null, migrations = MIGRATIONS) => ({
    ...databaseOptions({ dbPoolMax: 2, dbConnectTimeoutMs: 5000, auditKey }, target.toString()),
    migrations,
  });
  let server: DataSource;
  let db: DataSource;
  let config: AppConfig;

  /** Runs an operator command as `main.js` would; answers its exit code and what it printed. */
  async function command(name: string): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    const error = jest.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
    try {
      return { code: await runAdminCommand([name], config, {}), out: lines.join('\n') };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }
  /** Rows in separate transactions: they spread over several chains. */
  const write = (from: DataSource, count: number, action: string) =>
    Promise.all(
      Array.from({ length: count }, (_, i) =>
        from.query(`INSERT INTO audit_event (action, outcome) VALUES ($1, 'success')`, [`${action}.${i}`]),
      ),
    );
  /** Rows in one transaction: one chain. */
  const writeChain = (count: number, action: string) =>
    db.transaction(async (m) => {
      for (let i = 0; i < count; i++)
        await m.query(`INSERT INTO audit_event (action, outcome) VALUES ($1, 'success')`, [`${action}.${i}`]);
    });
  // What someone with write access to the database can do: switch the triggers off.
  const tamper = (sql: string, params: unknown[] = []) =>
    db.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(sql, params);
    });
  // `at` as text: a JS Date would drop its microseconds, and the row put back would not match its MAC.
  const row = (seq: string) =>
    db.query(`SELECT a.*, a.at::text AS at FROM audit_event a WHERE seq = $1`, [seq]).then((rows) => rows[0]);
  const putBack = (full: Record<string, unknown>) => {
    const columns = Object.keys(full);
    return tamper(
      `INSERT INTO audit_event (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      columns.map((c) => (c === 'detail' ? JSON.stringify(full[c]) : full[c])),
    );
  };
  /** The newest rows of a chain that has at least `count` rows (ordered by `a.seq`: the output `seq` is text). */
  async function chainTail(count: number): Promise<{ chain: number; seqs: string[] }> {
    const [{ chain }] = await db.query(
      `SELECT chain FROM audit_event GROUP BY chain HAVING count(*) >= $1 ORDER BY chain LIMIT 1`,
      [count],
    );
    const rows = await db.query(
      `SELECT a.seq::text AS seq FROM audit_event a WHERE a.chain = $1 ORDER BY a.seq DESC LIMIT $2`,
      [chain, count],
    );
    return { chain, seqs: rows.map((r: { seq: string }) => r.seq) };
  }

  beforeAll(async () => {
    server = new DataSource(
      databaseOptions(
        { dbPoolMax: 1, dbConnectTimeoutMs: 5000, auditKey: null },
        process.env['DATABASE_URL']!,
      ),
    );
    await server.initialize();
    await server.query(`CREATE DATABASE ${name}`);
    config = {
      ...loadConfig({ DATABASE_URL: target.toString(), AUDIT_KEY: key, AUDIT_CHECKPOINT_DIR: checkpointDir }),
      dbPoolMax: 2,
    };
  });
  afterAll(async () => {
    if (db?.isInitialized) await db.destroy();
    await server.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await server.destroy();
  });

  it('re-keys an existing unkeyed chain once, and a row edited before keeps being reported', async () => {
    // The database as the previous release left it: an unkeyed SHA-256 chain, written without a key.
    const before = new DataSource(
      options(
        null,
        MIGRATIONS.filter((m) => m !== KeyedAuditChain),
      ),
    );
    await before.initialize();
    await runMigrations(before);
    await write(before, 24, 'before.rekey');
    const unkeyed: { seq: string; hash: string }[] = await before.query(
      `SELECT a.seq::text AS seq, a.hash FROM audit_event a ORDER BY a.seq`,
    );
    await before.destroy();

    db = new DataSource(options(key));
    await db.initialize();
    // A row edited before the upgrade: re-keying must not launder it into a valid MAC. Tried in a
    // transaction that is rolled back, so the real run below starts from the clean trail.
    const victim = unkeyed[5].seq;
    const runner = db.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query(`SET LOCAL session_replication_role = replica`);
      await runner.query(`UPDATE audit_event SET action = 'innocent.read' WHERE seq = $1`, [victim]);
      await runner.query(`SET LOCAL session_replication_role = origin`);
      await (new KeyedAuditChain() as MigrationInterface).up(runner);
      expect((await verifyAuditChain(runner.manager)).firstBroken).toMatchObject({
        seq: victim,
        reason: 'content_changed',
      });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }

    await runMigrations(db);
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ checked: 24, firstBroken: null });
    expect(report.chains).toBeGreaterThan(1);
    const keyed: { seq: string; hash: string }[] = await db.query(
      `SELECT a.seq::text AS seq, a.hash FROM audit_event a ORDER BY a.seq`,
    );
    expect(keyed.map((r) => r.seq)).toEqual(unkeyed.map((r) => r.seq));
    keyed.forEach((r, i) => expect(r.hash).not.toBe(unkeyed[i].hash));
    expect(await db.query(`SELECT to_regproc('audit_event_digest') AS digest`)).toEqual([{ digest: null }]);

    // A session without the key (psql, a restored copy) cannot add to the chain at all.
    const keyless = new DataSource(options(null));
    await keyless.initialize();
    try {
      await expect(write(keyless, 1, 'keyless')).rejects.toThrow(/no audit key/);
    } finally {
      await keyless.destroy();
    }
  });

  it('reports an intact chain that reaches every checkpointed head', async () => {
    for (let i = 0; i < 4; i++) await writeChain(4, `intact.${i}`);
    expect(await command('verify-audit')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/intact: 40 events .*No checkpoint/),
    });
    expect(await command('audit-checkpoint')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/Audit checkpoint of .* written/),
    });
    await write(db, 4, 'after.checkpoint');
    // A checkpoint of another database in the same directory (the shared test database, whose
    // chains reach far higher seqs) is not this database's and is left out.
    await writeAuditCheckpoint(server, key, checkpointDir, new Date());
    expect(await command('verify-audit')).toMatchObject({
      code: 0,
      out: expect.stringMatching(
        /intact: 44 events .*every head of 1 checkpoint\(s\) of database kap_audit_key_/,
      ),
    });
    // Take it out again: the edited-file case below counts lines.
    const file = join(checkpointDir, AUDIT_CHECKPOINT_FILE);
    writeFileSync(file, readFileSync(file, 'utf8').trim().split('\n').slice(0, -1).join('\n') + '\n');
  });

  it('names an edited row', async () => {
    const { seqs } = await chainTail(3);
    const victim = await row(seqs[1]);
    await tamper(`UPDATE audit_event SET action = 'innocent.read' WHERE seq = $1`, [victim.seq]);
    expect((await verifyAuditChain(db)).firstBroken).toEqual({
      seq: victim.seq,
      id: victim.id,
      reason: 'content_changed',
    });
    const verified = await command('verify-audit');
    expect(verified.code).toBe(2);
    expect(verified.out).toContain(
      `first bad row seq=${victim.seq} id=${victim.id} (its content was changed`,
    );
    await tamper(`UPDATE audit_event SET action = $2 WHERE seq = $1`, [victim.seq, victim.action]);
    expect((await verifyAuditChain(db)).firstBroken).toBeNull();
  });

  it('names the row after a deleted middle row', async () => {
    const { seqs } = await chainTail(3);
    const [after, victim] = [await row(seqs[0]), await row(seqs[1])];
    await tamper(`DELETE FROM audit_event WHERE seq = $1`, [victim.seq]);
    expect((await verifyAuditChain(db)).firstBroken).toEqual({
      seq: after.seq,
      id: after.id,
      reason: 'link_broken',
    });
    expect((await command('verify-audit')).out).toContain(
      `first bad row seq=${after.seq} id=${after.id} (the row before it was removed or changed)`,
    );
    await putBack(victim);
    expect((await verifyAuditChain(db)).firstBroken).toBeNull();
  });

  it('names a tail deleted after a checkpoint, which the chain alone cannot see', async () => {
    expect((await command('audit-checkpoint')).code).toBe(0);
    const lines = readFileSync(join(checkpointDir, AUDIT_CHECKPOINT_FILE), 'utf8').trim().split('\n');
    const { at } = JSON.parse(lines[lines.length - 1]);
    const { chain, seqs } = await chainTail(3);
    const tail = [await row(seqs[0]), await row(seqs[1])];
    await tamper(`DELETE FROM audit_event WHERE seq = ANY($1::bigint[])`, [[seqs[0], seqs[1]]]);
    // The shorter chain is a valid chain: without a checkpoint this would say "intact".
    expect((await verifyAuditChain(db)).firstBroken).toBeNull();
    const verified = await command('verify-audit');
    expect(verified.code).toBe(2);
    expect(verified.out).toContain(
      `rows after seq ${seqs[2]} deleted: the checkpoint of ${at} had chain ${chain} at seq ${seqs[0]}`,
    );
    // A checkpoint taken after the deletion does not hide it: the earlier one saw further.
    expect((await command('audit-checkpoint')).code).toBe(0);
    expect((await command('verify-audit')).out).toContain(
      `rows after seq ${seqs[2]} deleted: the checkpoint of ${at}`,
    );
    // Put back, and drop the checkpoint that saw the shorter chain (it would flag the rows put back).
    for (const full of tail.reverse()) await putBack(full);
    writeFileSync(join(checkpointDir, AUDIT_CHECKPOINT_FILE), `${lines.join('\n')}\n`);
    expect((await command('verify-audit')).code).toBe(0);
  });

  it('notices an edited checkpoint file', async () => {
    const file = join(checkpointDir, AUDIT_CHECKPOINT_FILE);
    const original = readFileSync(file, 'utf8');
    const lines = original.trim().split('\n');
    const last = JSON.parse(lines[lines.length - 1]);
    // A real change whatever the head was: on a run whose chain 0 holds one event, '1' was none.
    last.heads[0].seq = String(BigInt(last.heads[0].seq) + 1n);
    writeFileSync(file, [...lines.slice(0, -1), JSON.stringify(last)].join('\n') + '\n');
    const verified = await command('verify-audit');
    expect(verified.code).toBe(2);
    expect(verified.out).toContain(
      `checkpoint line ${lines.length} of ${file} is not signed with this audit key`,
    );
    writeFileSync(file, original);
  });

  it('reports a chain recomputed inside the database with SHA-256 and no key as changed content', async () => {
    const { chain } = await chainTail(2);
    const [{ first }] = await db.query(`SELECT min(seq)::text AS first FROM audit_event`);
    // The old recipe (the unkeyed digest the database used to hold), applied to every chain in order.
    await tamper(`
      DO $$
      DECLARE e audit_event; current_chain smallint := -1; previous text;
      BEGIN
        FOR e IN SELECT * FROM audit_event ORDER BY chain, seq LOOP
          IF e.chain IS DISTINCT FROM current_chain THEN current_chain := e.chain; previous := 'genesis'; END IF;
          e.prev_hash := previous;
          e.hash := encode(sha256(convert_to(
            e.prev_hash || '|' || e.seq::text || '|' || e.id::text || '|' ||
            to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '|' ||
            coalesce(e.actor_id::text, '') || '|' || coalesce(e.actor_role, '') || '|' ||
            coalesce(e.organization_id::text, '') || '|' || e.action || '|' ||
            coalesce(e.entity_type, '') || '|' || coalesce(e.entity_id, '') || '|' ||
            coalesce(e.patient_id::text, '') || '|' || e.outcome || '|' ||
            coalesce(e.request_id, '') || '|' || coalesce(e.ip, '') || '|' || e.detail::text, 'UTF8')), 'hex');
          UPDATE audit_event SET prev_hash = e.prev_hash, hash = e.hash WHERE seq = e.seq;
          previous := e.hash;
        END LOOP;
      END $$`);
    expect((await verifyAuditChain(db)).firstBroken).toMatchObject({ seq: first, reason: 'content_changed' });
    const verified = await command('verify-audit');
    expect(verified.code).toBe(2);
    expect(verified.out).toContain(`first bad row seq=${first}`);
    expect(verified.out).toContain('its content was changed, or the chain recomputed without the key');
    // The checkpoints say the same of the heads they saw.
    const findings = await compareWithCheckpoints(
      db,
      (await readAuditCheckpoints(checkpointDir, key)).checkpoints,
    );
    expect(findings).toContainEqual(expect.objectContaining({ chain, reason: 'content_changed' }));
    expect(verified.out).toContain(`content changed: chain ${chain} at seq`);
  });
});

// The embedded PGlite has one database, shared with every suite: there the migration is run down
// (back to the unkeyed chain) and up again inside a transaction that is rolled back.
(onRealPostgres ? describe.skip : describe)(
  'keyed audit chain on the embedded PGlite (issue 22, finding 3)',
  () => {
    it('re-keys existing rows, and a row edited before keeps being reported', async () => {
      const db = new DataSource(
        databaseOptions(
          { dbPoolMax: 1, dbConnectTimeoutMs: 5000, auditKey: process.env['AUDIT_KEY']! },
          process.env['DATABASE_URL']!,
        ),
      );
      await db.initialize();
      const runner = db.createQueryRunner();
      await runner.startTransaction();
      try {
        const migration = new KeyedAuditChain() as MigrationInterface;
        await migration.down(runner);
        for (let i = 0; i < 6; i++)
          await runner.query(`INSERT INTO audit_event (action, outcome) VALUES ($1, 'success')`, [
            `pglite.before.${i}`,
          ]);
        const [victim] = await runner.query(
          `SELECT seq::text AS seq FROM audit_event WHERE action = 'pglite.before.2'`,
        );
        await migration.up(runner);
        expect((await verifyAuditChain(runner.manager)).firstBroken).toBeNull();
        await runner.query(`INSERT INTO audit_event (action, outcome) VALUES ('pglite.after', 'success')`);
        expect((await verifyAuditChain(runner.manager)).firstBroken).toBeNull();

        await migration.down(runner);
        await runner.query(`SET LOCAL session_replication_role = replica`);
        await runner.query(`UPDATE audit_event SET action = 'innocent.read' WHERE seq = $1`, [victim.seq]);
        await runner.query(`SET LOCAL session_replication_role = origin`);
        await migration.up(runner);
        expect((await verifyAuditChain(runner.manager)).firstBroken).toMatchObject({
          seq: victim.seq,
          reason: 'content_changed',
        });
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
        await db.destroy();
      }
    });
  },
);
