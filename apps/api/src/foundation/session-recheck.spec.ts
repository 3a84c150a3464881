import { DataSource } from 'typeorm';
import { RECHECK_INTERVAL_MS } from '@kap/api/identity';
import { createOrganization, signIn, type Person } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

/**
 * The session check remembers a checked session for RECHECK_INTERVAL_MS (speed, docs/requirements.md P2).
 * What that may and may not change: revocations through this API are immediate; a change made
 * behind its back (another API instance, an operator at psql) is seen within the interval.
 */
describe('session re-check interval', () => {
  let t: TestApp;
  let therapist: Person;
  let admin: Person;

  beforeAll(async () => {
    t = await createTestApp();
    ({
      people: [admin, therapist],
    } = await createOrganization(t.app, 'practice', ['practice_admin', 'therapist']));
  });
  afterAll(() => t.close());

  const me = (cookies: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: '/api/auth/me', cookies });

  it('sees a session revoked by another instance within the interval, not later', async () => {
    const cookies = await signIn(t.app, therapist.email);
    expect((await me(cookies)).statusCode).toBe(200);
    await t.app
      .get(DataSource)
      .query(`UPDATE auth_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [
        therapist.id,
      ]);
    t.clock.advance(RECHECK_INTERVAL_MS);
    const after = await me(cookies);
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toBe('unauthenticated');
  });

  it('re-checks a session in use before its interval ends, without holding its requests', async () => {
    const cookies = await signIn(t.app, therapist.email);
    expect((await me(cookies)).statusCode).toBe(200);
    await t.app
      .get(DataSource)
      .query(`UPDATE auth_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [
        therapist.id,
      ]);
    // Past half the interval: this request is answered from what was checked, and starts a re-check.
    t.clock.advance(RECHECK_INTERVAL_MS * 0.6);
    expect((await me(cookies)).statusCode).toBe(200);
    // The re-check finds the revocation; the clock has not reached the interval's end.
    let status = 200;
    for (let tries = 0; tries < 50 && status === 200; tries++) {
      await new Promise((done) => setTimeout(done, 100));
      status = (await me(cookies)).statusCode;
    }
    expect(status).toBe(401);
  });

  it('sees a role change made elsewhere within the interval', async () => {
    const cookies = await signIn(t.app, admin.email);
    expect((await me(cookies)).json().role).toBe('practice_admin');
    await t.app.get(DataSource).query(`UPDATE app_user SET role = 'therapist' WHERE id = $1`, [admin.id]);
    t.clock.advance(RECHECK_INTERVAL_MS);
    expect((await me(cookies)).json().role).toBe('therapist');
    await t.app
      .get(DataSource)
      .query(`UPDATE app_user SET role = 'practice_admin' WHERE id = $1`, [admin.id]);
  });

  it('ends a session at logout at once, even while it is remembered', async () => {
    const cookies = await signIn(t.app, therapist.email);
    expect((await me(cookies)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', cookies })).statusCode).toBe(204);
    expect((await me(cookies)).statusCode).toBe(401);
  });

  it('lets a new sign-in through right after the person was signed out everywhere', async () => {
    const first = await signIn(t.app, therapist.email);
    expect((await me(first)).statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', cookies: first });
    t.clock.advance(1);
    const second = await signIn(t.app, therapist.email);
    expect((await me(second)).statusCode).toBe(200);
    expect((await me(first)).statusCode).toBe(401);
  });

  it('answers requests that find the session due for its re-check together with one read and one touch', async () => {
    const cookies = await signIn(t.app, therapist.email);
    expect((await me(cookies)).statusCode).toBe(200);
    // Past the re-check interval and past the 30 s after which last_seen_at is refreshed.
    t.clock.advance(31_000);
    const dataSource = t.app.get(DataSource);
    // Counts the statements the session check sends; they still run on the real database.
    const sent = jest.spyOn(dataSource, 'query');
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, () => me(cookies)));
      expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(200));
      const sessionSql = sent.mock.calls
        .map(([sql]) => String(sql))
        .filter((sql) => /auth_session/.test(sql));
      expect(sessionSql.filter((sql) => /FROM auth_session/.test(sql))).toHaveLength(1);
      expect(sessionSql.filter((sql) => /SET last_seen_at/.test(sql))).toHaveLength(1);
    } finally {
      sent.mockRestore();
    }
    const [row] = await dataSource.query(
      `SELECT max(last_seen_at) AS last_seen_at FROM auth_session WHERE user_id = $1 AND revoked_at IS NULL`,
      [therapist.id],
    );
    expect(new Date(row.last_seen_at).getTime()).toBe(t.clock.now().getTime());
  });
});
