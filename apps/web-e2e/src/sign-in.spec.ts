import { expect, test } from '@playwright/test';
import { DEMO_TOTP_SECRETS, enterTotpCode, signIn, snapshot, watchCsp } from './support/journeys';

test.describe('signing in and out', () => {
  test('a therapist signs in, sees the shell and today, and signs out', async ({ page }, testInfo) => {
    const cspProblems = watchCsp(page);
    const user = await signIn(page, 'therapist@demo.test');

    await expect(page).toHaveURL('/');
    await expect(page).toHaveTitle('Today · KAP Care');
    const header = page.getByRole('banner');
    await expect(header.getByText('KAP Care')).toBeVisible();
    await expect(header.getByText(user.displayName)).toBeVisible();
    await expect(header.getByText('Therapist', { exact: true })).toBeVisible();
    // Home is the attention list (the demo caseload always has someone on it).
    await expect(
      page.getByRole('main').getByRole('list', { name: 'Patients who need attention' }),
    ).toBeVisible();

    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Home' })).toHaveAttribute('aria-current', 'page');
    await expect(nav.getByRole('link', { name: 'Team members' })).toHaveCount(0);
    // Focus moved to the new page's heading after the navigation.
    await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeFocused();
    await snapshot(page, testInfo, 'home-therapist');

    await header.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL('/sign-in');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();

    // Signed out for real: the home page sends us back.
    await page.goto('/');
    await expect(page).toHaveURL('/sign-in');
    expect(cspProblems).toEqual([]);
  });

  test('a wrong password shows the error and keeps the person on the sign-in page', async ({
    page,
  }, testInfo) => {
    await page.goto('/sign-in');
    await expect(page).toHaveTitle('Sign in · KAP Care');
    await page.getByLabel('Email').fill('therapist2@demo.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();

    const alert = page.getByRole('alert');
    await expect(alert).toContainText(/email or password/i);
    await expect(alert).toBeFocused();
    await expect(page).toHaveURL('/sign-in');
    await expect(page.getByLabel('Password')).toHaveValue('');
    await snapshot(page, testInfo, 'sign-in-wrong-password');
  });

  test('empty fields are named without calling the server', async ({ page }) => {
    await page.goto('/sign-in');
    let loginCalls = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/api/auth/login')) loginCalls += 1;
    });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Enter your email address.')).toBeVisible();
    await expect(page.getByLabel('Email')).toBeFocused();
    expect(loginCalls).toBe(0);
  });

  test('when the session is gone, the next call leads to sign-in with an explanation', async ({
    page,
    context,
  }, testInfo) => {
    await signIn(page, 'admin@demo.test');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team members' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Team members' })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Deactivate / }).first()).toBeVisible();

    // The server forgets the session (as after 15 idle minutes); the page does not know yet.
    await context.clearCookies();
    await page
      .getByRole('button', { name: /^Deactivate / })
      .first()
      .click();

    await expect(page).toHaveURL('/sign-in');
    await expect(page.getByRole('alert')).toHaveText('Your session expired. Please sign in again.');
    await snapshot(page, testInfo, 'sign-in-session-expired');

    // Signing in again returns to where the person was.
    await page.getByLabel('Email').fill('admin@demo.test');
    await page.getByLabel('Password').fill('kap-demo-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await enterTotpCode(page, DEMO_TOTP_SECRETS['admin@demo.test']); // the demo admin has two-step sign-in
    await expect(page).toHaveURL('/admin/users');
  });

  test('an unknown address shows the not-found page with a way home', async ({ page }) => {
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
    await expect(page).toHaveTitle('Page not found · KAP Care');
    await page.getByRole('link', { name: 'Go to the home page' }).click();
    await expect(page).toHaveURL('/sign-in');
  });
});
