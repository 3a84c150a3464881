import { expect, test } from '@playwright/test';
import {
  DEMO_PASSWORD,
  DEMO_TOTP_SECRETS,
  enterTotpCode,
  freshTotpCode,
  seriousA11yViolations,
  signIn,
  snapshot,
  watchCsp,
} from './support/journeys';

test.describe('two-step sign-in', () => {
  test('the demo admin signs in with a code; a wrong code and the recovery-code option are explained', async ({
    page,
  }, testInfo) => {
    const cspProblems = watchCsp(page);
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('admin@demo.test');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Enter your code' })).toBeVisible();
    const codeField = page.getByLabel('6-digit code');
    await expect(codeField).toBeFocused();
    await expect(codeField).toHaveAttribute('autocomplete', 'one-time-code');
    await expect(codeField).toHaveAttribute('inputmode', 'numeric');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'sign-in-code-step');

    // No session yet: the password alone opened nothing.
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);

    await codeField.fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    // (000000 is the right code once in a million steps; the alert text is what matters here.)
    const alert = page.getByRole('alert');
    await expect(alert).toContainText(/code is not right/);
    await expect(alert).toBeFocused();

    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await expect(page.getByLabel('Recovery code')).toBeFocused();
    await page.getByRole('button', { name: 'Use a code from my app instead' }).click();

    await enterTotpCode(page, DEMO_TOTP_SECRETS['admin@demo.test']);
    await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
    expect((await page.request.get('/api/auth/me')).status()).toBe(200);
    expect(cspProblems).toEqual([]);
  });

  test('a team member turns on two-step sign-in on the security page, then signs in with a code', async ({
    page,
  }, testInfo) => {
    // A new member, so the demo accounts stay as the other journeys expect them.
    await signIn(page, 'admin@demo.test');
    const email = `mfa-${Date.now()}@demo.test`;
    const password = 'journey-password-2026';
    const created = await page.request.post('/api/users', {
      data: { email, displayName: 'Robin Vale, LMHC', role: 'therapist', password },
    });
    expect(created.status()).toBe(201);
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL('/sign-in');

    await signIn(page, email, password);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Sign-in security' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign-in security' })).toBeVisible();
    await expect(page).toHaveTitle('Sign-in security · KAP Care');
    await expect(page.getByText('Off. Only your password protects your account.')).toBeVisible();

    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
    const secret = ((await page.getByTestId('manual-key').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expect(page.getByLabel('6-digit code from your app')).toBeFocused();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'security-enrolment');

    await page.getByLabel('6-digit code from your app').fill(await freshTotpCode(secret));
    await page.getByRole('button', { name: 'Turn on', exact: true }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await expect(codes).toHaveCount(10);
    await expect(page.getByRole('heading', { level: 2, name: 'Your recovery codes' })).toBeFocused();
    await expect(page.getByText(/On since .* You have 10 recovery codes left\./)).toBeVisible();
    const recoveryCode = String(await codes.first().textContent()).trim();
    expect(recoveryCode).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    await snapshot(page, testInfo, 'security-recovery-codes');

    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL('/sign-in');

    // Back in: the password now leads to the code step.
    await signIn(page, email, password, secret);
    await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();

    // And a recovery code works in place of the app, once.
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCode.toLowerCase());
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Sign-in security' })
      .click();
    await expect(page.getByText(/You have 9 recovery codes left\./)).toBeVisible();
  });
});
