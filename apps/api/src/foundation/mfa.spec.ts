import { DataSource } from 'typeorm';
import { DEMO_ADMIN_TOTP_SECRET, PasswordHasher, seedDemo } from '@kap/api/identity';
import {
  auditCount,
  createOrganization,
  signIn,
  testIp,
  TEST_PASSWORD,
  type Person,
} from '../testing/fixtures';
import { enrolTotp, totpAt } from '../testing/mfa-codes';
import { injectorFor } from '../testing/requests';
import { createTestApp, type TestApp } from '../testing/test-app';

const STEP = 30_000;
const MINUTE = 60_000;

describe('two-step sign-in (TOTP and recovery codes)', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const inject = injectorFor(() => t.app);
  const code = (secret: string) => totpAt(secret, t.clock.now());
  const login = (email: string, ip = testIp(), password = TEST_PASSWORD) =>
    inject('POST', '/api/auth/login', undefined, { email, password }, ip);
  const verify = (challenge: string, typed: string, ip = testIp()) =>
    inject('POST', '/api/auth/mfa/verify', undefined, { challenge, code: typed }, ip);
  const sessionOf = (response: { cookies: { name: string; value: string }[] }) => {
    const cookie = response.cookies.find((c) => c.name === 'kap_session');
    return cookie ? { kap_session: cookie.value } : undefined;
  };
  const requiredSession = (response: { cookies: { name: string; value: string }[] }) => {
    const cookies = sessionOf(response);
    if (!cookies) throw new Error('no session cookie');
    return cookies;
  };

  /** Signs the person in and turns the factor on; the next code must come from a later step. */
  async function enrol(
    person: Person,
  ): Promise<{ secret: string; recoveryCodes: string[]; cookies: Record<string, string> }> {
    const cookies = await signIn(t.app, person.email);
    return { ...(await enrolTotp(t, cookies)), cookies };
  }

  async function newPerson(role: 'therapist' | 'practice_admin' = 'therapist'): Promise<Person> {
    const { people } = await createOrganization(t.app, 'practice', [role]);
    return people[0];
  }

  it('enrols with a secret, otpauth URI and SVG QR code, confirmed by a code, and answers ten recovery codes once', async () => {
    const person = await newPerson();
    const cookies = await signIn(t.app, person.email);
    expect((await inject('GET', '/api/auth/mfa', cookies)).json()).toEqual({
      enabled: false,
      enrolledAt: null,
      recoveryCodesLeft: 0,
      policy: 'optional',
    });

    const started = await inject('POST', '/api/auth/mfa/enrolment', cookies);
    expect(started.statusCode).toBe(200);
    const enrolment = started.json();
    expect(enrolment.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrolment.otpauthUri).toBe(
      `otpauth://totp/KAP%20Care:${encodeURIComponent(person.email)}?secret=${enrolment.secret}&issuer=KAP%20Care`,
    );
    expect(enrolment.qrSvg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*<\/svg>\s*$/s);
    // Not on until confirmed: the password alone still signs in.
    expect(sessionOf(await login(person.email))).toBeDefined();

    const wrong = await inject('POST', '/api/auth/mfa/enrolment/confirm', cookies, {
      code: '000000' === (await code(enrolment.secret)) ? '111111' : '000000',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: 'validation_failed', details: [{ field: 'code' }] });

    const confirmed = await inject('POST', '/api/auth/mfa/enrolment/confirm', cookies, {
      code: await code(enrolment.secret),
    });
    expect(confirmed.statusCode).toBe(200);
    const { recoveryCodes } = confirmed.json();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const recovery of recoveryCodes)
      expect(recovery).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);

    const status = (await inject('GET', '/api/auth/mfa', cookies)).json();
    expect(status).toMatchObject({ enabled: true, recoveryCodesLeft: 10, policy: 'optional' });
    // Only hashes are stored: no recovery code appears in the table.
    const stored = await db.query(`SELECT code_hash FROM mfa_recovery_code WHERE user_id = $1`, [person.id]);
    expect(stored).toHaveLength(10);
    for (const recovery of recoveryCodes)
      expect(JSON.stringify(stored)).not.toContain(recovery.replace('-', ''));
    // A second enrolment needs the first one turned off.
    expect((await inject('POST', '/api/auth/mfa/enrolment', cookies)).statusCode).toBe(409);
    expect(
      await auditCount(t.app, `action = 'auth.mfa.enrol' AND actor_id = $1 AND outcome = 'success'`, [
        person.id,
      ]),
    ).toBe(1);
    expect(
      await auditCount(t.app, `action = 'auth.mfa.enrol' AND actor_id = $1 AND outcome = 'failure'`, [
        person.id,
      ]),
    ).toBe(1);
  });

  it('asks for the code after the password: no cookie until a right code; a wrong one is 401 and audited', async () => {
    const person = await newPerson();
    const { secret } = await enrol(person);
    const ip = testIp();

    const first = await login(person.email, ip);
    expect(first.statusCode).toBe(200);
    expect(sessionOf(first)).toBeUndefined();
    const answer = first.json();
    expect(answer).toEqual({
      mfaRequired: true,
      challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.any(String),
      enrolment: null,
    });
    expect(new Date(answer.expiresAt).getTime() - t.clock.now().getTime()).toBe(5 * MINUTE);
    // The challenge is kept as a hash only.
    expect(
      await db.query(`SELECT 1 FROM mfa_challenge WHERE token_hash = $1`, [answer.challenge]),
    ).toHaveLength(0);

    const current = await code(secret);
    const wrong = await verify(answer.challenge, current === '123456' ? '654321' : '123456', ip);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({
      error: 'invalid_credentials',
      message: expect.stringMatching(/code is not right/),
    });
    expect(sessionOf(wrong)).toBeUndefined();

    const right = await verify(answer.challenge, current, ip);
    expect(right.statusCode).toBe(200);
    expect(right.json()).toEqual({
      user: expect.objectContaining({ id: person.id, email: person.email, organizationTimeZone: 'UTC' }),
    });
    const cookies = requiredSession(right);
    expect((await inject('GET', '/api/auth/me', cookies)).json().id).toBe(person.id);

    expect(
      await auditCount(t.app, `action = 'auth.mfa.challenge' AND actor_id = $1 AND ip = $2`, [person.id, ip]),
    ).toBe(1);
    expect(
      await auditCount(
        t.app,
        `action = 'auth.mfa.verify' AND outcome = 'failure' AND actor_id = $1 AND detail->>'reason' = 'wrong_code'`,
        [person.id],
      ),
    ).toBe(1);
    expect(
      await auditCount(
        t.app,
        `action = 'auth.login' AND outcome = 'success' AND actor_id = $1 AND ip = $2 AND detail->>'secondFactor' = 'totp'`,
        [person.id, ip],
      ),
    ).toBe(1);

    // The challenge was used up.
    const again = await verify(answer.challenge, current, ip);
    expect(again.statusCode).toBe(401);
    expect(again.json().error).toBe('session_expired');
  });

  it('never accepts a code twice, even within its 30 seconds; the next step works', async () => {
    const person = await newPerson();
    const { secret } = await enrol(person);
    const used = await code(secret);
    expect((await verify((await login(person.email)).json().challenge, used)).statusCode).toBe(200);

    const replay = await verify((await login(person.email)).json().challenge, used);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error).toBe('invalid_credentials');
    expect(
      await auditCount(
        t.app,
        `action = 'auth.mfa.verify' AND actor_id = $1 AND detail->>'reason' = 'replayed_code'`,
        [person.id],
      ),
    ).toBe(1);

    // A code from the step before the accepted one is refused as well (tolerance never goes back).
    t.clock.advance(STEP);
    expect((await verify((await login(person.email)).json().challenge, used)).statusCode).toBe(401);
    expect((await verify((await login(person.email)).json().challenge, await code(secret))).statusCode).toBe(
      200,
    );
  });

  it('accepts each recovery code once, in any case and spacing, and counts what is left', async () => {
    const person = await newPerson();
    const { recoveryCodes } = await enrol(person);
    const ip = testIp();
    const typed = ` ${recoveryCodes[3].toLowerCase().replace('-', ' ')} `;
    const first = await verify((await login(person.email, ip)).json().challenge, typed, ip);
    expect(first.statusCode).toBe(200);
    expect(sessionOf(first)).toBeDefined();

    const reused = await verify((await login(person.email, ip)).json().challenge, recoveryCodes[3], ip);
    expect(reused.statusCode).toBe(401);
    expect((await inject('GET', '/api/auth/mfa', sessionOf(first))).json().recoveryCodesLeft).toBe(9);
    expect(
      await auditCount(
        t.app,
        `action = 'auth.mfa.recovery_code_used' AND actor_id = $1 AND (detail->>'recoveryCodesLeft')::int = 9`,
        [person.id],
      ),
    ).toBe(1);
    expect(
      await auditCount(
        t.app,
        `action = 'auth.login' AND outcome = 'success' AND actor_id = $1 AND detail->>'secondFactor' = 'recovery_code'`,
        [person.id],
      ),
    ).toBe(1);
  });

  it('counts wrong codes like wrong passwords: 429 with Retry-After after 10, for the code and the password step', async () => {
    const person = await newPerson();
    const { secret } = await enrol(person);
    const statuses: number[] = [];
    let challenge = (await login(person.email)).json().challenge;
    for (let i = 0; i < 12; i++) {
      // One challenge survives 5 wrong codes; then the password is needed again.
      if (i === 5 || i === 10) challenge = (await login(person.email)).json().challenge ?? challenge;
      const current = await code(secret);
      statuses.push((await verify(challenge, current === '000000' ? '999999' : '000000')).statusCode);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    const blocked = await verify(challenge, await code(secret));
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    // The password step from another address is not locked (issue 22, finding 8); the code step
    // keeps its per-account limit, since whoever reaches it holds the password.
    const again = await login(person.email);
    expect(again.statusCode).toBe(200);
    expect((await verify(again.json().challenge, await code(secret))).statusCode).toBe(429);
    expect(
      await auditCount(t.app, `action = 'auth.mfa.verify' AND outcome = 'failure' AND actor_id = $1`, [
        person.id,
      ]),
    ).toBe(14);

    t.clock.advance(15 * MINUTE + 1000);
    const fresh = (await login(person.email)).json().challenge;
    expect((await verify(fresh, await code(secret))).statusCode).toBe(200);
  });

  it('burns a challenge after 5 wrong codes and ends it after 5 minutes', async () => {
    const person = await newPerson();
    const { secret } = await enrol(person);
    const burnt = (await login(person.email)).json().challenge;
    for (let i = 0; i < 5; i++) await verify(burnt, (await code(secret)) === '000000' ? '999999' : '000000');
    const afterBurn = await verify(burnt, await code(secret));
    expect(afterBurn.statusCode).toBe(401);
    expect(afterBurn.json()).toMatchObject({
      error: 'session_expired',
      message: expect.stringMatching(/email and password again/),
    });

    t.clock.advance(15 * MINUTE + 1000); // out of the throttle window the five failures opened
    const late = (await login(person.email)).json().challenge;
    t.clock.advance(5 * MINUTE);
    expect((await verify(late, await code(secret))).json().error).toBe('session_expired');
    expect(
      await auditCount(
        t.app,
        `action = 'auth.mfa.verify' AND actor_id = $1 AND detail->>'reason' = 'challenge_expired'`,
        [person.id],
      ),
    ).toBe(2);
  });

  it('answers malformed second steps with 400 and an unknown challenge like an expired one', async () => {
    for (const payload of [
      {},
      { challenge: 'x', code: '123456' },
      { challenge: 'a'.repeat(43) },
      { challenge: 'a'.repeat(43), code: '' },
      { challenge: 'a'.repeat(43), code: 'x'.repeat(100) },
      { challenge: 'a'.repeat(43), code: '123456', extra: 1 },
    ]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/auth/mfa/verify',
        payload,
        remoteAddress: testIp(),
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toBe('validation_failed');
    }
    const unknown = await verify('b'.repeat(43), '123456');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error).toBe('session_expired');
  });

  it('turns off only with a current code, and then the password alone signs in again', async () => {
    const person = await newPerson();
    const { secret, cookies } = await enrol(person);
    const wrong = await inject('DELETE', '/api/auth/mfa', cookies, {
      code: (await code(secret)) === '000000' ? '999999' : '000000',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().details).toEqual([
      { field: 'code', problem: expect.stringMatching(/authenticator app/) },
    ]);
    expect((await inject('DELETE', '/api/auth/mfa', cookies, {})).statusCode).toBe(400);
    expect((await inject('DELETE', '/api/auth/mfa', cookies, { code: await code(secret) })).statusCode).toBe(
      204,
    );
    expect(sessionOf(await login(person.email))).toBeDefined();
    expect((await inject('DELETE', '/api/auth/mfa', cookies, { code: '123456' })).statusCode).toBe(409);
    expect(
      await auditCount(t.app, `action = 'auth.mfa.disable' AND actor_id = $1 AND outcome = 'success'`, [
        person.id,
      ]),
    ).toBe(1);
    expect(
      await auditCount(
        t.app,
        `action = 'auth.mfa.disable' AND actor_id = $1 AND outcome = 'failure' AND detail->>'reason' = 'wrong_code'`,
        [person.id],
      ),
    ).toBe(1);
    expect(
      await auditCount(
        t.app,
        `action = 'auth.mfa.disable' AND actor_id = $1 AND outcome = 'failure' AND detail->>'reason' = 'not_enrolled'`,
        [person.id],
      ),
    ).toBe(1);
    expect(await db.query(`SELECT 1 FROM mfa_recovery_code WHERE user_id = $1`, [person.id])).toHaveLength(0);
  });

  it('renews the recovery codes for a current app code; the old ones stop working', async () => {
    const person = await newPerson();
    const { secret, recoveryCodes, cookies } = await enrol(person);
    expect(
      (await inject('POST', '/api/auth/mfa/recovery-codes', cookies, { code: recoveryCodes[0] })).statusCode,
    ).toBe(400);
    const renewed = await inject('POST', '/api/auth/mfa/recovery-codes', cookies, {
      code: await code(secret),
    });
    expect(renewed.statusCode).toBe(200);
    expect(renewed.json().recoveryCodes).toHaveLength(10);
    expect((await verify((await login(person.email)).json().challenge, recoveryCodes[1])).statusCode).toBe(
      401,
    );
    expect(
      (await verify((await login(person.email)).json().challenge, renewed.json().recoveryCodes[1]))
        .statusCode,
    ).toBe(200);
  });

  it('under a required policy: the admin must be enrolled first, members without a factor are signed out and must enrol at sign-in', async () => {
    const { people } = await createOrganization(t.app, 'practice', [
      'practice_admin',
      'therapist',
      'therapist',
    ]);
    const [admin, therapist, colleague] = people;
    const therapistCookies = await signIn(t.app, therapist.email);
    const adminPlain = await signIn(t.app, admin.email);

    const tooEarly = await inject('PUT', '/api/organization/mfa-policy', adminPlain, { policy: 'required' });
    expect(tooEarly.statusCode).toBe(409);
    expect(tooEarly.json().message).toMatch(/for yourself first/);
    expect(
      (await inject('PUT', '/api/organization/mfa-policy', therapistCookies, { policy: 'required' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await inject('PUT', '/api/organization/mfa-policy', adminPlain, { policy: 'always' })).statusCode,
    ).toBe(400);

    const { cookies: adminCookies, secret: adminSecret } = await enrol(admin);
    const set = await inject('PUT', '/api/organization/mfa-policy', adminCookies, { policy: 'required' });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ policy: 'required', enabled: true });
    expect((await inject('GET', '/api/auth/me', therapistCookies)).statusCode).toBe(401);
    expect((await inject('GET', '/api/auth/me', adminCookies)).statusCode).toBe(200);
    expect(
      await auditCount(
        t.app,
        `action = 'organization.mfa_policy' AND entity_id = $1 AND detail->>'policy' = 'required'`,
        [admin.organizationId],
      ),
    ).toBe(1);

    // The therapist's password now leads to enrolment, not to a session.
    const ip = testIp();
    const first = await login(therapist.email, ip);
    expect(sessionOf(first)).toBeUndefined();
    const answer = first.json();
    expect(answer).toMatchObject({
      mfaRequired: true,
      enrolment: { secret: expect.stringMatching(/^[A-Z2-7]{32}$/), qrSvg: expect.stringContaining('<svg') },
    });
    expect(new Date(answer.expiresAt).getTime() - t.clock.now().getTime()).toBe(10 * MINUTE);
    // A recovery code cannot finish an enrolment, and a wrong code does not either.
    expect((await verify(answer.challenge, 'ABCDE-FGHJK', ip)).statusCode).toBe(401);
    const enrolled = await verify(answer.challenge, await code(answer.enrolment.secret), ip);
    expect(enrolled.statusCode).toBe(200);
    expect(enrolled.json().recoveryCodes).toHaveLength(10);
    const cookies = requiredSession(enrolled);
    expect((await inject('GET', '/api/auth/mfa', cookies)).json()).toMatchObject({
      enabled: true,
      policy: 'required',
      recoveryCodesLeft: 10,
    });
    expect(
      await auditCount(
        t.app,
        `action = 'auth.mfa.enrol' AND outcome = 'success' AND actor_id = $1 AND ip = $2`,
        [therapist.id, ip],
      ),
    ).toBe(1);

    // From now on the code is asked like for everyone else, and it cannot be turned off.
    t.clock.advance(STEP);
    expect((await login(therapist.email)).json()).toMatchObject({ mfaRequired: true, enrolment: null });
    const refused = await inject('DELETE', '/api/auth/mfa', cookies, {
      code: await code(answer.enrolment.secret),
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/requires two-step sign-in/);
    expect(
      await auditCount(t.app, `action = 'auth.mfa.disable' AND outcome = 'denied' AND actor_id = $1`, [
        therapist.id,
      ]),
    ).toBe(1);

    // An abandoned enrolment at sign-in gives no session and leaves no factor switched on.
    const abandoned = (await login(colleague.email)).json();
    expect(abandoned.enrolment).not.toBeNull();
    expect(
      (await db.query(`SELECT confirmed_at FROM mfa_factor WHERE user_id = $1`, [colleague.id]))[0]
        .confirmed_at,
    ).toBeNull();
    expect(sessionOf(await login(colleague.email))).toBeUndefined();

    // Back to optional: members without a factor sign in with the password alone again.
    t.clock.advance(STEP);
    expect(
      (await inject('PUT', '/api/organization/mfa-policy', adminCookies, { policy: 'optional' })).statusCode,
    ).toBe(200);
    expect(sessionOf(await login(colleague.email))).toBeDefined();
    void adminSecret;
  });

  it('lets a practice admin reset a member of their own organization only, ending the member’s sessions', async () => {
    const { people } = await createOrganization(t.app, 'practice', ['practice_admin', 'therapist']);
    const [admin, therapist] = people;
    const stranger = await newPerson();
    const { cookies: memberCookies } = await enrol(therapist);
    const adminCookies = await signIn(t.app, admin.email);

    expect((await inject('DELETE', `/api/users/${stranger.id}/mfa`, adminCookies)).statusCode).toBe(404);
    expect((await inject('DELETE', `/api/users/${admin.id}/mfa`, memberCookies)).statusCode).toBe(403);
    expect((await inject('DELETE', `/api/users/${therapist.id}/mfa`, adminCookies)).statusCode).toBe(204);
    expect((await inject('GET', '/api/auth/me', memberCookies)).statusCode).toBe(401);
    expect(sessionOf(await login(therapist.email))).toBeDefined();
    expect(
      await auditCount(t.app, `action = 'auth.mfa.reset' AND actor_id = $1 AND entity_id = $2`, [
        admin.id,
        therapist.id,
      ]),
    ).toBe(1);
  });

  it('enrols the demo practice admin with the published demo secret', async () => {
    await seedDemo(db, new PasswordHasher(), 'kap-demo-2026', t.clock.now());
    // Past any step another suite used for the shared demo admin.
    const [factor] = await db.query(
      `SELECT f.last_time_step FROM mfa_factor f JOIN app_user u ON u.id = f.user_id WHERE u.email_key = 'admin@demo.test'`,
    );
    const next = (Number(factor.last_time_step ?? 0) + 1) * STEP;
    if (t.clock.now().getTime() < next) t.clock.advance(next - t.clock.now().getTime());
    const first = await login('admin@demo.test', testIp(), 'kap-demo-2026');
    expect(first.json()).toMatchObject({ mfaRequired: true, enrolment: null });
    const signedIn = await verify(first.json().challenge, await code(DEMO_ADMIN_TOTP_SECRET));
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().user.role).toBe('practice_admin');
    // The other demo accounts keep password-only sign-in (the demo practice's policy is optional).
    expect(sessionOf(await login('therapist@demo.test', testIp(), 'kap-demo-2026'))).toBeDefined();
  });
});
