import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseOptions } from '@kap/api/platform';
import { verifyAuditChain } from '@kap/api/audit';
import { createOrganization, signIn } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

const SCRIPT = join(__dirname, '../../../../tools/db-backup.sh');
// pg_dump 15 cannot read the embedded PGlite (PostgreSQL 18); R19 is about the production server.
const onRealPostgres = !process.env['KAP_TEST_EMBEDDED'];

(onRealPostgres ? describe : describe.skip)('backup and restore (R19)', () => {
  let t: TestApp;
  let restored: DataSource | null = null;
  const restoredName = `kap_restore_${Date.now()}`;

  beforeAll(async () => (t = await createTestApp()));
  afterAll(async () => {
    await restored?.destroy();
    await t.app.get(DataSource).query(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`);
    await t.close();
  });

  it('dumps the database and restores it into a new one with the same rows and an intact audit chain', async () => {
    const source = t.app.get(DataSource);
    const {
      people: [admin],
    } = await createOrganization(t.app, 'practice', ['practice_admin']);
    await signIn(t.app, admin.email); // leaves audit events behind
    const file = join(mkdtempSync(join(tmpdir(), 'kap-backup-')), 'kap.dump');
    const url = process.env['DATABASE_URL']!;
    execFileSync('bash', [SCRIPT, 'backup', file], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: 'pipe',
    });

    await source.query(`CREATE DATABASE ${restoredName}`);
    const target = new URL(url);
    target.pathname = `/${restoredName}`;
    execFileSync('bash', [SCRIPT, 'restore', file, target.toString()], { stdio: 'pipe' });

    restored = new DataSource(
      databaseOptions(
        { dbPoolMax: 2, dbConnectTimeoutMs: 5000, auditKey: process.env['AUDIT_KEY']! },
        target.toString(),
      ),
    );
    await restored.initialize();
    const tables: { table_name: string }[] = await source.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const counts = async (db: DataSource) =>
      Object.fromEntries(
        await Promise.all(
          tables.map(async ({ table_name }) => [
            table_name,
            (await db.query(`SELECT count(*)::int AS n FROM "${table_name}"`))[0].n,
          ]),
        ),
      );
    // Other suites may write while this one runs (two workers on PostgreSQL): compare against a
    // count taken from the dump's own snapshot, i.e. the restored copy must not be ahead of the source.
    const [after, copy] = await Promise.all([counts(source), counts(restored)]);
    expect(Object.keys(copy)).toEqual(Object.keys(after));
    for (const table of Object.keys(copy)) expect(copy[table]).toBeLessThanOrEqual(after[table]);
    expect(copy['app_user']).toBeGreaterThan(0);
    expect(copy['audit_event']).toBeGreaterThan(0);
    expect((await verifyAuditChain(restored)).firstBroken).toBeNull();
    const [{ email }] = await restored.query(`SELECT email FROM app_user WHERE id = $1`, [admin.id]);
    expect(email).toBe(admin.email);
  });
});
