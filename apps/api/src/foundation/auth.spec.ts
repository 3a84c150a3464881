import {
  createOrganization,
  signIn,
  testIp,
  auditCount,
  TEST_PASSWORD,
  type Person,
} from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

const MINUTE = 60_000;

describe('sign-in, sessions and throttling', () => {
  let t: TestApp;
  let therapist: Person;

  beforeAll(async () => {
    t = await createTestApp();
    ({
      people: [therapist],
    } = await createOrganization(t.app, 'practice', ['therapist']));
  });
  afterAll(() => t.close());

  it('signs in, answers /me with the User shape, sets a strict httpOnly cookie, and audits it', async () => {
    const { DataSource } = await import('typeorm');
    // Not the default UTC, so the answer's zone is visibly the organization's.
    await t.app
      .get(DataSource)
      .query(`UPDATE organization SET time_zone = 'America/New_York' WHERE id = $1`, [
        therapist.organizationId,
      ]);
    const ip = testIp();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: therapist.email.toUpperCase(), password: TEST_PASSWORD },
      remoteAddress: ip,
    });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'kap_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(response.json().user).toEqual({
      id: therapist.id,
      email: therapist.email,
      displayName: 'Test therapist',
      role: 'therapist',
      organizationId: therapist.organizationId,
      organizationKind: 'practice',
      // An addition to docs/api.md's User: the web's calendar shows dates in this zone from the start.
      organizationTimeZone: 'America/New_York',
    });
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      cookies: { kap_session: cookie.value },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(response.json().user);
    expect(await auditCount(t.app, `action = 'auth.login' AND outcome = 'success' AND ip = $1`, [ip])).toBe(
      1,
    );
  });

  it('stores only a hash of the session token', async () => {
    const cookies = await signIn(t.app, therapist.email);
    const { DataSource } = await import('typeorm');
    const [plain] = await t.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM auth_session WHERE token_hash = $1`, [cookies['kap_session']]);
    expect(plain.n).toBe(0);
  });

  it('answers a wrong password and an unknown email alike, and audits both', async () => {
    const ip = testIp();
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: therapist.email, password: 'not the password' },
      remoteAddress: ip,
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody-here@test.kap', password: 'not the password' },
      remoteAddress: ip,
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
    expect(wrong.json().error).toBe('invalid_credentials');
    expect(await auditCount(t.app, `action = 'auth.login' AND outcome = 'failure' AND ip = $1`, [ip])).toBe(
      2,
    );
  });

  it('logout revokes the session server-side', async () => {
    const cookies = await signIn(t.app, therapist.email);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', cookies });
    expect(out.statusCode).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', cookies });
    expect(me.statusCode).toBe(401);
    expect(me.json().error).toBe('unauthenticated');
  });

  it('expires a session after 15 idle minutes, and activity keeps it alive', async () => {
    const cookies = await signIn(t.app, therapist.email);
    t.clock.advance(14 * MINUTE);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', cookies })).statusCode).toBe(200);
    t.clock.advance(14 * MINUTE);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', cookies })).statusCode).toBe(200);
    t.clock.advance(15 * MINUTE);
    const expired = await t.app.inject({ method: 'GET', url: '/api/auth/me', cookies });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({
      error: 'session_expired',
      message: expect.stringMatching(/sign in again/),
    });
  });

  it('ends every session after 12 hours, however active', async () => {
    const cookies = await signIn(t.app, therapist.email);
    for (let elapsed = 0; elapsed < 12 * 60; elapsed += 10) {
      t.clock.advance(10 * MINUTE);
      const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', cookies });
      if (elapsed + 10 < 12 * 60) expect(me.statusCode).toBe(200);
      else expect(me.json().error).toBe('session_expired');
    }
  });

  it('throttles an account from one address after 10 failures in 15 minutes with 429 and Retry-After, auditing every failure', async () => {
    const {
      people: [victim],
    } = await createOrganization(t.app, 'practice', ['therapist']);
    const ip = testIp();
    const attempt = (password: string, remoteAddress = ip) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: victim.email, password },
        remoteAddress,
      });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await attempt('wrong password')).statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(2).fill(429));
    const blocked = await attempt(TEST_PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error).toBe('too_many_attempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    expect(
      await auditCount(t.app, `action = 'auth.login' AND outcome = 'failure' AND detail->>'email' = $1`, [
        victim.email,
      ]),
    ).toBe(13);
    // The owner elsewhere is not locked out (issue 22, finding 8).
    expect((await attempt(TEST_PASSWORD, testIp())).statusCode).toBe(200);
    t.clock.advance(15 * MINUTE + 1000);
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('throttles an IP after 100 failures in 15 minutes, whatever the emails', async () => {
    const ip = testIp();
    for (let i = 0; i < 100; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: `spray-${i}@test.kap`, password: 'guess' },
        remoteAddress: ip,
      });
      expect(r.statusCode).toBe(401);
    }
    const next = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: therapist.email, password: TEST_PASSWORD },
      remoteAddress: ip,
    });
    expect(next.statusCode).toBe(429);
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: therapist.email, password: TEST_PASSWORD },
      remoteAddress: testIp(),
    });
    expect(elsewhere.statusCode).toBe(200);
  });

  it('refuses a state change from a foreign Origin, login included, and accepts its own', async () => {
    const foreign = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { email: therapist.email, password: TEST_PASSWORD },
      remoteAddress: testIp(),
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error).toBe('origin_rejected');
    const own = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { origin: 'http://localhost:80', host: 'localhost:80' },
      payload: { email: therapist.email, password: TEST_PASSWORD },
      remoteAddress: testIp(),
    });
    expect(own.statusCode).toBe(200);
  });
});
