import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  auditCount,
  createOrganization,
  signIn,
  testIp,
  TEST_PASSWORD,
  type Person,
} from '../testing/fixtures';
import { enrolTotp } from '../testing/mfa-codes';
import { injectorFor } from '../testing/requests';
import { createTestApp, type TestApp } from '../testing/test-app';

const NEW_PASSWORD = 'a quiet lantern over seven hills';
const HOUR = 60 * 60 * 1000;

/** Issue 22, finding 10: a person changes their password; a practice admin issues a reset link. */
describe('password change and reset (issue 22, finding 10)', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const inject = injectorFor(() => t.app);
  const me = (cookies: Record<string, string>) => inject('GET', '/api/auth/me', cookies);
  const login = (email: string, password: string) =>
    inject('POST', '/api/auth/login', undefined, { email, password });
  const passwordHash = async (id: string): Promise<string> =>
    (await db.query(`SELECT password_hash FROM app_user WHERE id = $1`, [id]))[0].password_hash;

  async function practice(): Promise<{ admin: Person; member: Person; other: Person }> {
    const { people } = await createOrganization(t.app, 'practice', [
      'practice_admin',
      'therapist',
      'therapist',
    ]);
    return { admin: people[0], member: people[1], other: people[2] };
  }

  describe('POST /api/auth/password', () => {
    it('changes the password, ends every other session of the person and keeps this one', async () => {
      const { member, other } = await practice();
      const here = await signIn(t.app, member.email);
      const elsewhere = await signIn(t.app, member.email);
      const colleague = await signIn(t.app, other.email);

      const changed = await inject('POST', '/api/auth/password', here, {
        currentPassword: TEST_PASSWORD,
        newPassword: NEW_PASSWORD,
      });
      expect(changed.statusCode).toBe(204);

      expect((await me(here)).statusCode).toBe(200);
      expect((await me(elsewhere)).statusCode).toBe(401);
      expect((await me(colleague)).statusCode).toBe(200);
      expect((await login(member.email, TEST_PASSWORD)).statusCode).toBe(401);
      expect((await login(member.email, NEW_PASSWORD)).statusCode).toBe(200);
      const [{ n }] = await db.query(
        `SELECT count(*)::int AS n FROM auth_session WHERE user_id = $1 AND revoked_at IS NOT NULL`,
        [member.id],
      );
      expect(n).toBe(1);
      expect(
        await auditCount(
          t.app,
          `action = 'auth.password.change' AND outcome = 'success' AND actor_id = $1 AND detail->>'sessionsRevoked' = '1'`,
          [member.id],
        ),
      ).toBe(1);
    });

    it.each([
      ['too short', (_email: string) => 'eleven char', /at least 12 characters/],
      ['the e-mail', (email: string) => email.toUpperCase(), /email address/],
      ['the e-mail without its domain', (email: string) => email.split('@')[0], /email address/],
      ['a common password', (_email: string) => 'qwerty123456', /most common passwords/],
      ['a common password in other capitals', (_email: string) => 'QAZwsxEDCrfv', /most common passwords/],
    ])(
      'refuses a new password that is %s: 400 naming newPassword, nothing changed',
      async (_name, make, problem) => {
        const { member } = await practice();
        const here = await signIn(t.app, member.email);
        const elsewhere = await signIn(t.app, member.email);
        const before = await passwordHash(member.id);

        const refused = await inject('POST', '/api/auth/password', here, {
          currentPassword: TEST_PASSWORD,
          newPassword: make(member.email),
        });
        expect(refused.statusCode).toBe(400);
        expect(refused.json()).toMatchObject({
          error: 'validation_failed',
          details: [{ field: 'newPassword', problem: expect.stringMatching(problem) }],
        });

        expect(await passwordHash(member.id)).toBe(before);
        expect((await me(elsewhere)).statusCode).toBe(200);
        expect(
          await auditCount(
            t.app,
            `action = 'auth.password.change' AND outcome = 'failure' AND actor_id = $1 AND detail->>'reason' = 'weak_password'`,
            [member.id],
          ),
        ).toBe(1);
      },
    );

    it('refuses a wrong current password with 400 naming currentPassword, counts it in the sign-in throttle, and audits it', async () => {
      const { member } = await practice();
      const here = await signIn(t.app, member.email);
      const before = await passwordHash(member.id);
      const ip = testIp();

      const wrong = await inject(
        'POST',
        '/api/auth/password',
        here,
        { currentPassword: 'not my password at all', newPassword: NEW_PASSWORD },
        ip,
      );
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json()).toMatchObject({
        error: 'validation_failed',
        details: [{ field: 'currentPassword', problem: 'is not your current password' }],
      });
      expect(await passwordHash(member.id)).toBe(before);
      // Still signed in: a wrong guess is no reason to end the session.
      expect((await me(here)).statusCode).toBe(200);
      expect(
        await db.query(`SELECT ip FROM login_failure WHERE email_key = $1`, [member.email.toLowerCase()]),
      ).toEqual([{ ip }]);
      expect(
        await auditCount(
          t.app,
          `action = 'auth.password.change' AND outcome = 'failure' AND actor_id = $1 AND detail->>'reason' = 'wrong_password' AND ip = $2`,
          [member.id, ip],
        ),
      ).toBe(1);
    });

    it('answers 429 with Retry-After after ten wrong current passwords from one address, even with the right one', async () => {
      const { member } = await practice();
      const here = await signIn(t.app, member.email);
      const ip = testIp();
      for (let i = 0; i < 10; i++) {
        const wrong = await inject(
          'POST',
          '/api/auth/password',
          here,
          { currentPassword: `wrong guess ${i}`, newPassword: NEW_PASSWORD },
          ip,
        );
        expect(wrong.statusCode).toBe(400);
      }
      const throttled = await inject(
        'POST',
        '/api/auth/password',
        here,
        { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
        ip,
      );
      expect(throttled.statusCode).toBe(429);
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
      expect((await login(member.email, TEST_PASSWORD)).statusCode).toBe(200);
      expect(
        await auditCount(
          t.app,
          `action = 'auth.password.change' AND actor_id = $1 AND detail->>'reason' = 'throttled'`,
          [member.id],
        ),
      ).toBe(1);
    });
  });

  describe('reset links', () => {
    const issue = (cookies: Record<string, string>, memberId: string) =>
      inject('POST', `/api/users/${memberId}/password-reset`, cookies);
    const reset = (token: string, newPassword = NEW_PASSWORD) =>
      inject('POST', '/api/auth/password-reset', undefined, { token, newPassword });
    const tokenOf = (url: string) => url.split('/reset-password/')[1];

    it('are issued by a practice admin for their own organization: 201 with a single-use 24 h link, the token stored only as a hash', async () => {
      const { admin, member } = await practice();
      const adminCookies = await signIn(t.app, admin.email);
      const issued = await issue(adminCookies, member.id);
      expect(issued.statusCode).toBe(201);
      const { url, expiresAt } = issued.json();
      expect(url).toMatch(/^http:\/\/localhost(:\d+)?\/reset-password\/[A-Za-z0-9_-]{43}$/);
      expect(new Date(expiresAt).getTime() - t.clock.now().getTime()).toBe(24 * HOUR);
      const stored = await db.query(`SELECT token_hash, issued_by FROM password_reset WHERE user_id = $1`, [
        member.id,
      ]);
      expect(stored).toEqual([{ token_hash: expect.stringMatching(/^[0-9a-f]{64}$/), issued_by: admin.id }]);
      expect(JSON.stringify(stored)).not.toContain(tokenOf(url));
      expect(
        await auditCount(
          t.app,
          `action = 'auth.password.reset_issued' AND actor_id = $1 AND entity_id = $2 AND outcome = 'success'`,
          [admin.id, member.id],
        ),
      ).toBe(1);
    });

    it("are refused to other roles (403), for another organization's member (404, like a missing one) and for the admin themselves (409)", async () => {
      const { admin, member, other } = await practice();
      const foreign = await practice();
      const therapist = await signIn(t.app, other.email);
      expect((await issue(therapist, member.id)).statusCode).toBe(403);

      const adminCookies = await signIn(t.app, admin.email);
      const foreignMember = await issue(adminCookies, foreign.member.id);
      const missing = await issue(adminCookies, '3f0e6a50-8f5b-4a57-9a3c-0d7f6b1c2e11');
      expect(foreignMember.statusCode).toBe(404);
      expect({ ...foreignMember.json(), requestId: null }).toEqual({ ...missing.json(), requestId: null });
      expect((await issue(adminCookies, admin.id)).json()).toMatchObject({ error: 'conflict' });
      expect(
        await db.query(`SELECT 1 FROM password_reset WHERE user_id = ANY($1)`, [
          [member.id, foreign.member.id, admin.id],
        ]),
      ).toEqual([]);
    });

    it('set the password once, end every session of the person, and keep two-step sign-in on', async () => {
      const { admin, member } = await practice();
      // The member turns on two-step sign-in first.
      const memberCookies = await signIn(t.app, member.email);
      await enrolTotp(t, memberCookies);

      const adminCookies = await signIn(t.app, admin.email);
      const token = tokenOf((await issue(adminCookies, member.id)).json().url);
      const ip = testIp();
      const used = await inject(
        'POST',
        '/api/auth/password-reset',
        undefined,
        { token, newPassword: NEW_PASSWORD },
        ip,
      );
      expect(used.statusCode).toBe(204);
      expect(used.cookies.find((c) => c.name === 'kap_session')).toBeUndefined();

      expect((await me(memberCookies)).statusCode).toBe(401);
      expect((await me(adminCookies)).statusCode).toBe(200);
      expect((await login(member.email, TEST_PASSWORD)).statusCode).toBe(401);
      const password = await login(member.email, NEW_PASSWORD);
      expect(password.statusCode).toBe(200);
      expect(password.json()).toMatchObject({ mfaRequired: true, enrolment: null });
      expect(password.cookies.find((c) => c.name === 'kap_session')).toBeUndefined();

      // Single use: the same link again is closed.
      const again = await reset(token, 'another fine sentence of mine');
      expect(again.statusCode).toBe(410);
      expect(again.json()).toMatchObject({
        error: 'link_closed',
        message: expect.stringMatching(/Ask your practice admin/),
      });
      expect((await login(member.email, NEW_PASSWORD)).statusCode).toBe(200);

      expect(
        await auditCount(
          t.app,
          `action = 'auth.password.reset' AND outcome = 'success' AND actor_id = $1 AND ip = $2`,
          [member.id, ip],
        ),
      ).toBe(1);
      expect(
        await auditCount(
          t.app,
          `action = 'auth.password.reset' AND outcome = 'denied' AND actor_id = $1 AND detail->>'error' = 'link_closed'`,
          [member.id],
        ),
      ).toBe(1);
    });

    it('expire after 24 hours (injected clock): 410, nothing changed', async () => {
      const { admin, member } = await practice();
      const token = tokenOf((await issue(await signIn(t.app, admin.email), member.id)).json().url);
      const before = await passwordHash(member.id);
      t.clock.advance(24 * HOUR);
      expect((await reset(token)).statusCode).toBe(410);
      expect(await passwordHash(member.id)).toBe(before);
    });

    it('work until just before 24 hours', async () => {
      const { admin, member } = await practice();
      const token = tokenOf((await issue(await signIn(t.app, admin.email), member.id)).json().url);
      t.clock.advance(24 * HOUR - 1000);
      expect((await reset(token)).statusCode).toBe(204);
    });

    it('close when a newer one is issued or the person changes their password', async () => {
      const { admin, member } = await practice();
      const adminCookies = await signIn(t.app, admin.email);
      const first = tokenOf((await issue(adminCookies, member.id)).json().url);
      const second = tokenOf((await issue(adminCookies, member.id)).json().url);
      expect((await reset(first)).statusCode).toBe(410);

      const memberCookies = await signIn(t.app, member.email);
      expect(
        (
          await inject('POST', '/api/auth/password', memberCookies, {
            currentPassword: TEST_PASSWORD,
            newPassword: NEW_PASSWORD,
          })
        ).statusCode,
      ).toBe(204);
      expect((await reset(second, 'yet another sentence of mine')).statusCode).toBe(410);
      expect((await login(member.email, NEW_PASSWORD)).statusCode).toBe(200);
    });

    it('honour Idempotency-Key: a retry answers the same link under a new token, and the first token stops working', async () => {
      const { admin, member, other } = await practice();
      const adminCookies = await signIn(t.app, admin.email);
      const issueKeyed = (memberId: string, key: string) =>
        t.app.inject({
          method: 'POST',
          url: `/api/users/${memberId}/password-reset`,
          cookies: adminCookies,
          headers: { 'idempotency-key': key },
          remoteAddress: testIp(),
        });
      const first = await issueKeyed(member.id, 'reset-retry-1');
      const retry = await issueKeyed(member.id, 'reset-retry-1');
      expect([first.statusCode, retry.statusCode]).toEqual([201, 201]);
      expect(retry.json().expiresAt).toBe(first.json().expiresAt);
      expect(tokenOf(retry.json().url)).not.toBe(tokenOf(first.json().url));
      // One link, holding only the newest token's hash.
      const links = await db.query(`SELECT token_hash FROM password_reset WHERE user_id = $1`, [member.id]);
      expect(links).toEqual([
        { token_hash: createHash('sha256').update(tokenOf(retry.json().url)).digest('hex') },
      ]);
      expect(
        JSON.stringify(await db.query(`SELECT response FROM idempotency_key WHERE key = 'reset-retry-1'`)),
      ).not.toContain(tokenOf(retry.json().url));
      expect((await reset(tokenOf(first.json().url))).statusCode).toBe(404);
      expect((await reset(tokenOf(retry.json().url))).statusCode).toBe(204);
      // The link is used now: the same key cannot hand out a working one again.
      expect((await issueKeyed(member.id, 'reset-retry-1')).json()).toMatchObject({ error: 'conflict' });
      // The key names one member: another member under it is 422.
      expect((await issueKeyed(other.id, 'reset-retry-1')).json()).toMatchObject({
        error: 'idempotency_key_reused',
      });
      expect(await db.query(`SELECT 1 FROM password_reset WHERE user_id = $1`, [other.id])).toEqual([]);
    });

    it('refuse a weak new password with 400 and stay open; an unknown or malformed token is 404', async () => {
      const { admin, member } = await practice();
      const token = tokenOf((await issue(await signIn(t.app, admin.email), member.id)).json().url);
      const weak = await reset(token, member.email);
      expect(weak.statusCode).toBe(400);
      expect(weak.json()).toMatchObject({ error: 'validation_failed', details: [{ field: 'newPassword' }] });
      expect((await reset(token)).statusCode).toBe(204);

      const unknown = await reset('A'.repeat(43));
      const malformed = await reset('not-a-token');
      expect(unknown.statusCode).toBe(404);
      expect(malformed.statusCode).toBe(404);
      expect({ ...unknown.json(), requestId: null }).toEqual({ ...malformed.json(), requestId: null });
      expect(
        await auditCount(
          t.app,
          `action = 'auth.password.reset' AND outcome = 'denied' AND request_id = $1 AND actor_id IS NULL`,
          [unknown.headers['x-request-id']],
        ),
      ).toBe(1);
    });
  });
});
