import { DataSource } from 'typeorm';
import {
  auditCount,
  createOrganization,
  signIn,
  testIp,
  TEST_PASSWORD,
  type Person,
} from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

/** Findings of the security probe (issue 22), each with the answer the contract asks for. */
describe('request hardening (issue 22)', () => {
  let t: TestApp;
  let therapist: Person;

  beforeAll(async () => {
    t = await createTestApp();
    ({
      people: [therapist],
    } = await createOrganization(t.app, 'practice', ['therapist']));
  });
  afterAll(() => t.close());

  describe('a body of many unknown keys (finding 1)', () => {
    const login = (payload: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        payload,
        remoteAddress: testIp(),
      });

    it('is refused with one small 400 in time comparable to a normal login', async () => {
      const keys: string[] = [];
      for (let i = 0; i < 100_000; i++) keys.push(`"${i.toString(36)}":10`);
      const flood = `{"email":"nobody@test.kap","password":"x",${keys.join(',')}}`;
      expect(flood.length).toBeGreaterThan(900_000);
      expect(flood.length).toBeLessThan(1_048_576);

      // Warm both paths once, then time each; the bound is a ratio, never an absolute time.
      await login(JSON.stringify({ email: therapist.email, password: TEST_PASSWORD }));
      const normalStart = process.hrtime.bigint();
      const normal = await login(JSON.stringify({ email: therapist.email, password: TEST_PASSWORD }));
      const normalTime = Number(process.hrtime.bigint() - normalStart);
      expect(normal.statusCode).toBe(200);

      const floodStart = process.hrtime.bigint();
      const refused = await login(flood);
      const floodTime = Number(process.hrtime.bigint() - floodStart);

      expect(refused.statusCode).toBe(400);
      expect(refused.body.length).toBeLessThan(10_000);
      const body = refused.json();
      expect(body.error).toBe('validation_failed');
      expect(body.details.length).toBeLessThanOrEqual(20);
      expect(JSON.stringify(body.details)).toContain('100000');
      expect(floodTime).toBeLessThanOrEqual(normalTime * 20);
    });

    it('reports at most 20 details while the message still counts every problem', async () => {
      // 20 unknown fields pass the early check; with two invalid fields that makes 22 problems.
      const payload: Record<string, unknown> = { email: 'not an address', password: '' };
      for (let i = 0; i < 20; i++) payload[`extra${i}`] = i;
      const refused = await login(JSON.stringify(payload));
      expect(refused.statusCode).toBe(400);
      expect(refused.json().details).toHaveLength(20);
      expect(refused.json().message).toContain('(and 21 more)');
    });

    it('refuses a body over 1 MiB with 413', async () => {
      const tooLarge = JSON.stringify({ email: 'nobody@test.kap', password: 'x'.repeat(1_100_000) });
      const refused = await login(tooLarge);
      expect(refused.statusCode).toBe(413);
      expect(refused.body.length).toBeLessThan(10_000);
    });
  });

  describe('bodies other than JSON (finding 6)', () => {
    it.each([
      ['a form', 'application/x-www-form-urlencoded', 'email=nobody%40test.kap&password=x'],
      ['plain text', 'text/plain', '{"email":"nobody@test.kap","password":"x"}'],
      [
        'multipart',
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.co\r\n--x--\r\n',
      ],
    ])(
      'answers 415 unsupported_media_type for %s on sign-in and on a write route',
      async (_name, type, payload) => {
        const cookies = await signIn(t.app, therapist.email);
        for (const request of [
          { method: 'POST' as const, url: '/api/auth/login', remoteAddress: testIp() },
          { method: 'POST' as const, url: '/api/patients', cookies },
        ]) {
          const response = await t.app.inject({ ...request, headers: { 'content-type': type }, payload });
          expect(response.statusCode).toBe(415);
          expect(response.json()).toMatchObject({
            error: 'unsupported_media_type',
            message: 'Send the request body as application/json.',
          });
        }
      },
    );

    it('still takes JSON with a charset', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        payload: JSON.stringify({ email: therapist.email, password: TEST_PASSWORD }),
        remoteAddress: testIp(),
      });
      expect(response.statusCode).toBe(200);
    });
  });

  describe('behind a TLS proxy (finding 5)', () => {
    const proxy = '10.9.8.7';
    const forwarded = {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'care.example.org',
      'x-forwarded-for': '203.0.113.9',
    };
    const signInVia = (app: TestApp, headers: Record<string, string>) =>
      app.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { ...headers, origin: 'https://care.example.org' },
        payload: { email: therapist.email, password: TEST_PASSWORD },
        remoteAddress: proxy,
      });

    it('with TRUST_PROXY naming the proxy: a Secure cookie, and the https origin passes without APP_ORIGINS', async () => {
      const behind = await createTestApp({ env: { TRUST_PROXY: proxy } });
      try {
        const response = await signInVia(behind, forwarded);
        expect(response.statusCode).toBe(200);
        expect(response.cookies.find((c) => c.name === 'kap_session')).toMatchObject({
          secure: true,
          httpOnly: true,
        });

        // The same headers from an address that is not the proxy are not believed.
        const spoofed = await behind.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers: { ...forwarded, origin: 'https://care.example.org' },
          payload: { email: therapist.email, password: TEST_PASSWORD },
          remoteAddress: '10.1.2.3',
        });
        expect(spoofed.statusCode).toBe(403);
        expect(spoofed.json().error).toBe('origin_rejected');
      } finally {
        await behind.close();
      }
    });

    it('with TRUST_PROXY as a hop count the forwarded protocol counts too', async () => {
      const behind = await createTestApp({ env: { TRUST_PROXY: '1' } });
      try {
        const response = await signInVia(behind, forwarded);
        expect(response.statusCode).toBe(200);
        expect(response.cookies.find((c) => c.name === 'kap_session')?.secure).toBe(true);
      } finally {
        await behind.close();
      }
    });

    it('off by default: forwarded headers count for nothing', async () => {
      const response = await signInVia(t, forwarded);
      expect(response.statusCode).toBe(403);
      expect(response.json().error).toBe('origin_rejected');
      const plain = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: forwarded,
        payload: { email: therapist.email, password: TEST_PASSWORD },
        remoteAddress: testIp(),
      });
      expect(plain.statusCode).toBe(200);
      expect(plain.cookies.find((c) => c.name === 'kap_session')?.secure).toBeFalsy();
    });
  });

  describe('sign-in throttling without lock-out (finding 8)', () => {
    it("lets the owner in from their own address after ten failures from strangers' addresses, slowed, not refused", async () => {
      const {
        people: [owner],
      } = await createOrganization(t.app, 'practice', ['therapist']);
      const attempt = (password: string, remoteAddress: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: owner.email, password },
          remoteAddress,
        });
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await attempt('wrong password', testIp())).statusCode);
      expect(statuses).toEqual(Array(11).fill(401));

      // Past ten failures for the email the answers are slowed (recorded, at most 2 s), never 429.
      const [slowed] = await t.app
        .get(DataSource)
        .query(
          `SELECT (detail->>'slowedMs')::int AS ms FROM audit_event WHERE action = 'auth.login' AND detail->>'email' = $1 AND detail ? 'slowedMs' ORDER BY seq DESC LIMIT 1`,
          [owner.email],
        );
      expect(slowed.ms).toBeGreaterThan(0);
      expect(slowed.ms).toBeLessThanOrEqual(2000);

      const ownSignIn = await attempt(TEST_PASSWORD, testIp());
      expect(ownSignIn.statusCode).toBe(200);
      expect(
        await auditCount(
          t.app,
          `action = 'auth.login' AND detail->>'reason' = 'throttled' AND detail->>'email' = $1`,
          [owner.email],
        ),
      ).toBe(0);
    });
  });
});
