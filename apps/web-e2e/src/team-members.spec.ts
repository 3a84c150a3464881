import { expect, test } from '@playwright/test';
import { signIn, snapshot } from './support/journeys';

test.describe('team members (practice admin)', () => {
  test('the admin adds a team member and sees them in the list', async ({ page }, testInfo) => {
    await signIn(page, 'admin@demo.test');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team members' }).click();
    await expect(page).toHaveURL('/admin/users');
    await expect(page).toHaveTitle('Team members · KAP Care');
    await expect(page.getByRole('heading', { level: 1, name: 'Team members' })).toBeFocused();

    const table = page.getByRole('table', { name: 'Members' });
    await expect(table.getByRole('cell', { name: 'therapist@demo.test' })).toBeVisible();

    const email = `new.therapist.${Date.now()}@demo.test`;
    const form = page.getByRole('region', { name: 'Add team member' });
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Display name').fill('Noor Haddad, LPC');
    await form.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Therapist' }).click();
    await form.getByLabel('Initial password').fill('a-long-first-passphrase');

    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/users') && r.request().method() === 'POST',
    );
    await form.getByRole('button', { name: 'Add team member' }).click();
    const response = await created;
    expect(response.status()).toBe(201);
    expect(response.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);

    await expect(form.getByRole('status')).toHaveText('Noor Haddad, LPC was added as therapist.');
    const row = table.getByRole('row').filter({ hasText: email });
    await expect(row).toContainText('Noor Haddad, LPC');
    await expect(row).toContainText('Therapist');
    await expect(row).toContainText('Active');
    await snapshot(page, testInfo, 'team-members-added');

    // And deactivates them again (PATCH with If-Match).
    await row.getByRole('button', { name: 'Deactivate Noor Haddad, LPC' }).click();
    await expect(row).toContainText('Inactive');
    await expect(row.getByRole('button', { name: 'Activate Noor Haddad, LPC' })).toBeVisible();
  });

  test('on a phone each member is a card, with nothing to scroll sideways to', async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, 'admin@demo.test');
    await page.goto('/admin/users');
    await expect(page.getByRole('heading', { level: 1, name: 'Team members' })).toBeVisible();

    await expect(page.getByRole('table', { name: 'Members' })).toHaveCount(0);
    const card = page
      .getByRole('list', { name: 'Members' })
      .getByRole('listitem')
      .filter({ hasText: 'therapist@demo.test' })
      .first();
    await expect(card.getByRole('heading', { level: 3 })).toBeVisible();
    await expect(card.getByRole('definition')).toHaveText([
      'therapist@demo.test',
      'Therapist',
      /Active|Inactive/,
    ]);
    const action = card.getByRole('button', { name: /^(Deactivate|Activate) / });
    await expect(action).toBeVisible();
    // The actions are reached with the keyboard like any button.
    await action.focus();
    await expect(action).toBeFocused();

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await snapshot(page, testInfo, 'team-members-phone');
  });

  test('the server names the problem field when the email is already taken', async ({ page }) => {
    await signIn(page, 'admin@demo.test');
    await page.goto('/admin/users');
    const form = page.getByRole('region', { name: 'Add team member' });
    await form.getByLabel('Email').fill('therapist@demo.test');
    await form.getByLabel('Display name').fill('Someone Else');
    await form.getByLabel('Initial password').fill('a-long-first-passphrase');
    await form.getByRole('button', { name: 'Add team member' }).click();

    await expect(form.getByLabel('Email')).toBeFocused();
    await expect(form.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  });

  test('a therapist cannot open the admin page', async ({ page }) => {
    await signIn(page, 'therapist@demo.test');
    await page.goto('/admin/users');
    await expect(page).toHaveURL('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  });
});
