import { expect, test } from '@playwright/test';
import { seriousA11yViolations, signIn, snapshot } from './support/journeys';

// axe-core with the WCAG 2.0 / 2.1 A and AA rules: no serious or critical violation allowed.
test.describe('accessibility', () => {
  test('the sign-in page', async ({ page }, testInfo) => {
    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // With an error showing, too.
    await page.getByLabel('Email').fill('nobody@demo.test');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).not.toBeEmpty();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'sign-in-error');
  });

  test('the signed-in home page', async ({ page }, testInfo) => {
    await signIn(page, 'therapist@demo.test');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'home-a11y');
  });

  test('the team members page', async ({ page }, testInfo) => {
    await signIn(page, 'admin@demo.test');
    await page.goto('/admin/users');
    await expect(page.getByRole('table', { name: 'Members' })).toBeVisible();
    await page
      .getByRole('region', { name: 'Add team member' })
      .getByRole('button', { name: 'Add team member' })
      .click();
    await expect(page.getByText('Enter an email address.')).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'team-members-a11y');
  });

  test('the skip link moves focus to the main content', async ({ page }) => {
    await signIn(page, 'therapist@demo.test');
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main')).toBeFocused();
    await expect(page).toHaveURL('/');
  });
});
