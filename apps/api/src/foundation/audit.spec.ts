import { DataSource } from 'typeorm';
import { UnitOfWork } from '@kap/api/platform';
import { AuditLog, verifyAuditChain } from '@kap/api/audit';
import { insertMember } from '@kap/api/identity';
import { createOrganization } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

describe('audit trail (R10, R11, R16)', () => {
  let t: TestApp;
  let db: DataSource;
  const record = (action: string) =>
    t.app.get(AuditLog).record({ action, outcome: 'success', detail: { test: true } });

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('chains every row to the one before it in its chain, and a transaction keeps to one chain', async () => {
    await t.app.get(UnitOfWork).run(async (manager) => {
      await t.app.get(AuditLog).record({ action: 'test.one', outcome: 'success' }, manager);
      await t.app.get(AuditLog).record({ action: 'test.two', outcome: 'success' }, manager);
    });
    const rows = await db.query(
      `SELECT seq, chain, prev_hash, hash FROM audit_event WHERE action IN ('test.one', 'test.two') ORDER BY seq DESC LIMIT 2`,
    );
    expect(rows[0].chain).toBe(rows[1].chain);
    expect(rows[0].prev_hash).toBe(rows[1].hash);
    expect(rows[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await verifyAuditChain(db)).firstBroken).toBeNull();
  });

  // The embedded PGlite has one connection (one backend): two open transactions cannot exist there.
  const onRealPostgres = !process.env['KAP_TEST_EMBEDDED'];
  (onRealPostgres ? it : it.skip)(
    'lets a second audited transaction commit while the first is still open (decision 0009)',
    async () => {
      // Unique names: the test database is shared by earlier runs and other suites.
      const held = `test.held.${Date.now()}`;
      const notWaiting = `test.not_waiting.${Date.now()}`;
      let releaseFirst!: () => void;
      const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
      let firstInserted!: () => void;
      const firstHasInserted = new Promise<void>((resolve) => (firstInserted = resolve));
      const first = t.app.get(UnitOfWork).run(async (manager) => {
        await t.app.get(AuditLog).record({ action: held, outcome: 'success' }, manager);
        firstInserted();
        await firstMayCommit;
      });
      try {
        await firstHasInserted;
        // Under one chain-wide lock this insert would wait for the held transaction and never finish
        // before it; on its own chain it commits at once.
        await t.app.get(AuditLog).record({ action: notWaiting, outcome: 'success' });
        const [{ visible }] = await db.query(
          `SELECT count(*)::int AS visible FROM audit_event WHERE action = $1`,
          [held],
        );
        expect(visible).toBe(0);
      } finally {
        releaseFirst();
        await first;
      }
      const rows = await db.query(
        `SELECT action, chain FROM audit_event WHERE action IN ($1, $2) ORDER BY seq`,
        [held, notWaiting],
      );
      expect(rows.map((r: { action: string }) => r.action)).toEqual([held, notWaiting]);
      expect(rows[0].chain).not.toBe(rows[1].chain);
      expect((await verifyAuditChain(db)).firstBroken).toBeNull();
    },
  );

  it('keeps every chain intact under 40 concurrent audited transactions', async () => {
    const run = Date.now();
    await Promise.all(Array.from({ length: 40 }, (_, i) => record(`test.concurrent.${run}.${i}`)));
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action LIKE $1`, [
      `test.concurrent.${run}.%`,
    ]);
    expect(n).toBe(40);
    const report = await verifyAuditChain(db);
    expect(report.firstBroken).toBeNull();
    expect(report.chains).toBeGreaterThan(1);
  });

  it('writes the rows of concurrent requests in shared INSERTs, each committed before its request goes on (P4)', async () => {
    const run = Date.now();
    const rows = Array.from({ length: 30 }, (_, i) => record(`test.grouped.${run}.${i}`));
    // The first request's row is committed when its promise settles, whatever the others do.
    await rows[0];
    const [{ first }] = await db.query(`SELECT count(*)::int AS first FROM audit_event WHERE action = $1`, [
      `test.grouped.${run}.0`,
    ]);
    expect(first).toBe(1);
    await Promise.all(rows);
    const [{ n, transactions }] = await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT xmin::text)::int AS transactions FROM audit_event WHERE action LIKE $1`,
      [`test.grouped.${run}.%`],
    );
    expect(n).toBe(30);
    // One row goes at once, a second beside it, and the 28 that arrived meanwhile go together.
    expect(transactions).toBeLessThanOrEqual(3);
    expect((await verifyAuditChain(db)).firstBroken).toBeNull();
  });

  it('fails only the request whose row the database refuses when rows share an INSERT', async () => {
    const run = Date.now();
    const good = Array.from({ length: 6 }, (_, i) => record(`test.neighbour.${run}.${i}`));
    // jsonb cannot hold U+0000 (SQLSTATE 22P05): the shared INSERT is refused for this row's data.
    const bad = t.app
      .get(AuditLog)
      .record({ action: `test.refused.${run}`, outcome: 'success', detail: { text: 'a\u0000b' } });
    const more = Array.from({ length: 6 }, (_, i) => record(`test.neighbour.${run}.${6 + i}`));
    await expect(bad).rejects.toMatchObject({ code: '22P05' });
    await Promise.all([...good, ...more]);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action LIKE $1`, [
      `test.neighbour.${run}.%`,
    ]);
    expect(n).toBe(12);
    const [{ refused }] = await db.query(
      `SELECT count(*)::int AS refused FROM audit_event WHERE action = $1`,
      [`test.refused.${run}`],
    );
    expect(refused).toBe(0);
    expect((await verifyAuditChain(db)).firstBroken).toBeNull();
  });

  it.each([
    ['UPDATE', `UPDATE audit_event SET action = 'rewritten' WHERE seq = (SELECT max(seq) FROM audit_event)`],
    ['DELETE', `DELETE FROM audit_event WHERE seq = (SELECT max(seq) FROM audit_event)`],
    ['TRUNCATE', `TRUNCATE audit_event`],
  ])('refuses %s', async (_op, sql) => {
    await record('test.guarded');
    await expect(db.query(sql)).rejects.toThrow(/append-only/);
  });

  it("names the first row edited behind the app's back, and the link after a removed row", async () => {
    // One transaction, so both rows are on the same chain and 'after' is linked to 'victim'.
    await t.app.get(UnitOfWork).run(async (manager) => {
      await t.app.get(AuditLog).record({ action: 'test.victim', outcome: 'success' }, manager);
      await t.app.get(AuditLog).record({ action: 'test.after', outcome: 'success' }, manager);
    });
    const [victim] = await db.query(
      // `a.seq`, not `seq`: the output column of that name is text, and '91' sorts after '120432'.
      `SELECT a.seq::text AS seq, a.id::text AS id, a.action, a.chain FROM audit_event a WHERE a.action = 'test.victim' ORDER BY a.seq DESC LIMIT 1`,
    );
    const [after] = await db.query(
      `SELECT a.seq::text AS seq, a.id::text AS id FROM audit_event a WHERE a.chain = $2 AND a.seq > $1 ORDER BY a.seq LIMIT 1`,
      [victim.seq, victim.chain],
    );
    // A superuser can switch triggers off; this is exactly the tampering the chain must reveal.
    const tamper = (sql: string, params: unknown[]) =>
      db.transaction(async (m) => {
        await m.query(`SET LOCAL session_replication_role = replica`);
        await m.query(sql, params);
      });
    await tamper(`UPDATE audit_event SET action = 'innocent.read' WHERE seq = $1`, [victim.seq]);
    expect((await verifyAuditChain(db)).firstBroken).toEqual({
      seq: victim.seq,
      id: victim.id,
      reason: 'content_changed',
    });
    await tamper(`UPDATE audit_event SET action = $2 WHERE seq = $1`, [victim.seq, victim.action]);
    expect((await verifyAuditChain(db)).firstBroken).toBeNull();

    // Moving a row to another chain breaks a link, although the chain number is not hashed. Checked
    // inside a transaction that is then rolled back: committed, the moved row could become the
    // newest of its new chain, and a test running beside this one would link its row to it.
    const moved = await db
      .transaction(async (m) => {
        await m.query(`SET LOCAL session_replication_role = replica`);
        await m.query(`UPDATE audit_event SET chain = (chain + 1) % 32 WHERE seq = $1`, [victim.seq]);
        const report = await verifyAuditChain(m);
        throw Object.assign(new Error('roll back'), { report });
      })
      .catch((error: { report?: Awaited<ReturnType<typeof verifyAuditChain>> }) => error.report);
    expect(moved?.firstBroken?.reason).toBe('link_broken');
    expect((await verifyAuditChain(db)).firstBroken).toBeNull();

    const [full] = await db.query(`SELECT * FROM audit_event WHERE seq = $1`, [victim.seq]);
    await tamper(`DELETE FROM audit_event WHERE seq = $1`, [victim.seq]);
    expect((await verifyAuditChain(db)).firstBroken).toEqual({
      seq: after.seq,
      id: after.id,
      reason: 'link_broken',
    });
    // Put the row back exactly as it was, so the shared test database stays verifiable.
    const columns = Object.keys(full);
    await tamper(
      `INSERT INTO audit_event (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      columns.map((c) => (c === 'detail' ? JSON.stringify(full[c]) : full[c])),
    );
    expect((await verifyAuditChain(db)).firstBroken).toBeNull();
  });

  it('commits a write and its audit event together or not at all', async () => {
    const { organizationId } = await createOrganization(t.app, 'practice', []);
    const email = `rollback-${Date.now()}@test.kap`;
    const before = (
      await db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'test.rollback'`)
    )[0].n;
    await expect(
      t.app.get(UnitOfWork).run(async (manager) => {
        await insertMember(
          manager,
          {
            organizationId,
            organizationKind: 'practice',
            email,
            displayName: 'Rolled Back',
            role: 'therapist',
            passwordHash: 'x',
          },
          new Date(),
        );
        await t.app.get(AuditLog).record({ action: 'test.rollback', outcome: 'success' }, manager);
        throw new Error('injected failure after the first insert');
      }),
    ).rejects.toThrow('injected failure');
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM app_user WHERE email_key = $1`, [email]))[0].n,
    ).toBe(0);
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'test.rollback'`))[0].n,
    ).toBe(before);
  });

  it('writes exactly one audit event for a member created through the API', async () => {
    const {
      people: [admin],
    } = await createOrganization(t.app, 'practice', ['practice_admin']);
    const { signIn } = await import('../testing/fixtures');
    const cookies = await signIn(t.app, admin.email);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      cookies,
      payload: {
        email: `audited-${Date.now()}@test.kap`,
        displayName: 'Audited',
        role: 'therapist',
        password: 'long enough password',
      },
    });
    expect(created.statusCode).toBe(201);
    const events = await db.query(
      `SELECT actor_id, action, outcome, request_id FROM audit_event WHERE entity_id = $1`,
      [created.json().id],
    );
    expect(events).toEqual([
      {
        actor_id: admin.id,
        action: 'member.create',
        outcome: 'success',
        request_id: created.headers['x-request-id'],
      },
    ]);
  });
});
