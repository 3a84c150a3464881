import { DataSource } from 'typeorm';
import {
  DEMO_MEDICAL_TEAM_ID,
  DEMO_PRACTICE_ID,
  isDatabaseEmpty,
  PasswordHasher,
  seedDemo,
} from '@kap/api/identity';
import { createTestApp, type TestApp } from '../testing/test-app';

describe('schema and demo seed', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('has no drift between the migrations and the entities (R18)', async () => {
    const sql = await db.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });

  // PGlite runs one backend without parallel workers and ignores start-up settings.
  (process.env['DATABASE_URL'] ? it : it.skip)('opens its connections without parallel query', async () => {
    const [{ workers }] = await db.query(
      `SELECT current_setting('max_parallel_workers_per_gather') AS workers`,
    );
    expect(workers).toBe('0');
  });

  it('has applied every migration', async () => {
    expect(await db.showMigrations()).toBe(false);
  });

  it('seeds the demo practice and medical team once; seeding again changes nothing', async () => {
    // Only the demo's rows: other spec files add organizations and people to the same database
    // while this one runs.
    const counts = async () =>
      (
        await db.query(
          `SELECT (SELECT count(*)::int FROM organization WHERE id = ANY($1)) AS orgs,
                  (SELECT count(*)::int FROM app_user WHERE organization_id = ANY($1) OR email LIKE '%@demo.test') AS users`,
          [[DEMO_PRACTICE_ID, DEMO_MEDICAL_TEAM_ID]],
        )
      )[0];
    await seedDemo(db, new PasswordHasher(), 'kap-demo-2026', new Date());
    const once = await counts();
    await seedDemo(db, new PasswordHasher(), 'kap-demo-2026', new Date());
    expect(await counts()).toEqual(once);
    const demo = await db.query(
      `SELECT u.email, u.role, o.kind FROM app_user u JOIN organization o ON o.id = u.organization_id
        WHERE u.email LIKE '%@demo.test' ORDER BY u.email`,
    );
    expect(demo).toEqual([
      { email: 'admin@demo.test', role: 'practice_admin', kind: 'practice' },
      { email: 'coordinator@demo.test', role: 'care_coordinator', kind: 'medical_team' },
      { email: 'prescriber@demo.test', role: 'prescriber', kind: 'medical_team' },
      { email: 'therapist2@demo.test', role: 'therapist', kind: 'practice' },
      { email: 'therapist@demo.test', role: 'therapist', kind: 'practice' },
    ]);
    expect(await isDatabaseEmpty(db)).toBe(false);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'therapist@demo.test', password: 'kap-demo-2026' },
      remoteAddress: '10.250.250.250',
    });
    expect(login.statusCode).toBe(200);
  });

  it('answers health with the database status', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: 'ok' });
  });
});
