import { expect, test, type Page } from '@playwright/test';
import { seriousA11yViolations, signIn, snapshot } from './support/journeys';

const FIRST_PASSWORD = 'a-long-first-passphrase';
const PHONE = { width: 390, height: 844 };

/** The page is no wider than the window: nothing to scroll sideways to. */
async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/** A member of the demo practice of this run's own (the demo people's passwords stay as they are). */
async function newMember(page: Page, name: string): Promise<string> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}@demo.test`;
  const created = await page.request.post('/api/users', {
    headers: { 'Idempotency-Key': crypto.randomUUID() },
    data: { email, displayName: name, role: 'therapist', password: FIRST_PASSWORD },
  });
  expect(created.status()).toBe(201);
  return email;
}

test.describe('passwords (issue 22, finding 10)', () => {
  test('the admin makes a reset link; the member sets a new password with it on a phone and signs in', async ({
    page,
    browser,
  }, testInfo) => {
    await signIn(page, 'admin@demo.test');
    const email = await newMember(page, 'Rena Reset');
    await page.goto('/admin/users');
    const row = page.getByRole('table', { name: 'Members' }).getByRole('row').filter({ hasText: email });
    await row.getByRole('button', { name: 'Reset password for Rena Reset' }).click();

    const panel = page.getByRole('region', { name: 'Password reset link for Rena Reset' });
    await expect(panel.getByRole('heading', { name: 'Password reset link for Rena Reset' })).toBeFocused();
    await expect(panel).toContainText(/It works once, until .+\d{4}/);
    const url = await panel.getByLabel('Reset link').inputValue();
    expect(url).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}$/);
    await snapshot(page, testInfo, 'password-reset-link');

    // The member, on their phone, not signed in.
    // (axe needs a page of a context of its own, not browser.newPage.)
    const phoneContext = await browser.newContext({ viewport: PHONE });
    const phone = await phoneContext.newPage();
    await phone.goto(url);
    await expect(phone).toHaveTitle('Set a new password · KAP Care');
    await expect(phone.getByRole('heading', { level: 1, name: 'Set a new password' })).toBeVisible();
    expect(await scrollsSideways(phone)).toBe(false);
    expect(await seriousA11yViolations(phone)).toEqual([]);

    // A common password is refused under its field, which gets the focus.
    await phone.getByLabel('New password', { exact: true }).fill('qwerty123456');
    await phone.getByLabel('New password again').fill('qwerty123456');
    await phone.getByRole('button', { name: 'Set new password' }).click();
    const field = phone.getByLabel('New password', { exact: true });
    await expect(field).toBeFocused();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(/most common passwords/);
    expect(await scrollsSideways(phone)).toBe(false);
    await snapshot(phone, testInfo, 'password-reset-refused-390');

    await field.fill('rena keeps seven quiet lanterns');
    await phone.getByLabel('New password again').fill('rena keeps seven quiet lanterns');
    await phone.getByRole('button', { name: 'Set new password' }).click();
    await expect(phone.getByRole('heading', { level: 1, name: 'Your new password is set' })).toBeFocused();
    await phone.getByRole('link', { name: 'Sign in' }).click();
    await expect(phone).toHaveURL('/sign-in');
    await phoneContext.close();

    // The old password no longer signs in; the new one does. The link works only once.
    const old = await page.request.post('/api/auth/login', { data: { email, password: FIRST_PASSWORD } });
    expect(old.status()).toBe(401);
    const again = await page.request.post('/api/auth/password-reset', {
      data: { token: url.split('/reset-password/')[1], newPassword: 'another long sentence of mine' },
    });
    expect(again.status()).toBe(410);
    const member = await browser.newPage();
    await signIn(member, email, 'rena keeps seven quiet lanterns', '');
    await member.close();
  });

  test('a member changes their own password on the security page', async ({ page, browser }) => {
    await signIn(page, 'admin@demo.test');
    const email = await newMember(page, 'Cai Change');
    const member = await browser.newPage({ viewport: PHONE });
    await signIn(member, email, FIRST_PASSWORD, '');
    await member.goto('/account/security');
    const section = member.getByRole('region', { name: 'Password', exact: true });

    await section.getByLabel('Current password').fill('not my password');
    await section.getByLabel('New password', { exact: true }).fill('cai writes a new long sentence');
    await section.getByLabel('New password again').fill('cai writes a new long sentence');
    await section.getByRole('button', { name: 'Change password' }).click();
    await expect(section.getByLabel('Current password')).toBeFocused();
    await expect(section.getByLabel('Current password')).toHaveAccessibleDescription(
      'Is not your current password.',
    );

    await section.getByLabel('Current password').fill(FIRST_PASSWORD);
    await section.getByRole('button', { name: 'Change password' }).click();
    await expect(section.getByRole('status')).toHaveText(
      'Your password was changed. Anywhere else you were signed in has been signed out.',
    );
    expect(await scrollsSideways(member)).toBe(false);
    // Still signed in here.
    await member.reload();
    await expect(member.getByRole('heading', { level: 1, name: 'Sign-in security' })).toBeVisible();
    await member.close();
  });
});
