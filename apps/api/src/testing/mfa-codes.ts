import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { generate } from 'otplib';
import { DataSource } from 'typeorm';
import { DEMO_ADMIN_TOTP_SECRET } from '@kap/api/identity';
import type { FakeClock, TestApp } from './test-app';
import { testIp } from './fixtures';

/** The code an authenticator app shows at the test clock's moment (RFC 6238, 6 digits, 30 s). */
export function totpAt(secret: string, at: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

/**
 * Turns two-step sign-in on for a signed-in person, as the security page does: starts the
 * enrolment and confirms it with the current code. The clock then moves one step on, since the
 * factor takes no second code from the step it was confirmed in.
 */
export async function enrolTotp(
  { app, clock }: TestApp,
  cookies: Record<string, string>,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await app.inject({
    method: 'POST',
    url: '/api/auth/mfa/enrolment',
    cookies,
    remoteAddress: testIp(),
  });
  if (started.statusCode !== 200) throw new Error(`enrolment: ${started.statusCode} ${started.body}`);
  const { secret } = started.json();
  const confirmed = await app.inject({
    method: 'POST',
    url: '/api/auth/mfa/enrolment/confirm',
    cookies,
    payload: { code: await totpAt(secret, clock.now()) },
    remoteAddress: testIp(),
  });
  if (confirmed.statusCode !== 200)
    throw new Error(`enrolment confirmation: ${confirmed.statusCode} ${confirmed.body}`);
  clock.advance(30_000);
  return { secret, recoveryCodes: confirmed.json().recoveryCodes };
}

/**
 * Signs in the demo practice admin (password + TOTP from the published demo secret). Suites share
 * one database, and with it the admin's last accepted time step (a code is never accepted for a
 * step at or before it), while each suite has its own clock: move this clock past that step first,
 * and try again if a parallel suite took the same step in the meantime.
 */
export async function signInDemoAdmin(
  app: NestFastifyApplication,
  clock: FakeClock,
  password = 'kap-demo-2026',
): Promise<Record<string, string>> {
  let last = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const [factor] = await app
      .get(DataSource)
      .query(
        `SELECT f.last_time_step FROM mfa_factor f JOIN app_user u ON u.id = f.user_id WHERE u.email_key = 'admin@demo.test'`,
      );
    const nextStepStart = (Number(factor?.last_time_step ?? 0) + 1) * 30_000;
    if (clock.now().getTime() < nextStepStart) clock.advance(nextStepStart - clock.now().getTime());
    const ip = testIp();
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'admin@demo.test', password },
      remoteAddress: ip,
    });
    if (login.statusCode !== 200 || !login.json().mfaRequired)
      throw new Error(`demo admin password step: ${login.statusCode} ${login.body}`);
    const verify = await app.inject({
      method: 'POST',
      url: '/api/auth/mfa/verify',
      payload: { challenge: login.json().challenge, code: await totpAt(DEMO_ADMIN_TOTP_SECRET, clock.now()) },
      remoteAddress: ip,
    });
    const cookie = verify.cookies.find((c) => c.name === 'kap_session');
    if (verify.statusCode === 200 && cookie) return { kap_session: cookie.value };
    last = `${verify.statusCode} ${verify.body}`;
  }
  throw new Error(`demo admin code step: ${last}`);
}
