import { expect, test } from '@playwright/test';
import { seriousA11yViolations, signIn, snapshot } from './support/journeys';

test.describe('dashboard and follow-up packet', () => {
  test('the therapist sees who needs attention and opens a follow-up packet', async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, 'therapist@demo.test');

    // The home page is the attention list: a demo patient with at least one reason in plain words.
    const list = page.getByRole('list', { name: 'Patients who need attention' });
    await expect(list).toBeVisible();
    const first = list.locator(':scope > li').first();
    const patient = first.locator('a.patient');
    await expect(patient).toHaveAttribute('href', /^\/patients\/[0-9a-f-]+$/);
    const name = (await patient.textContent())?.trim() ?? '';
    expect(name).not.toBe('');
    await expect(first.locator('.reason-text').first()).not.toBeEmpty();
    await expect(first.locator('.chip').first()).toHaveText(/^(Urgent|Warning|Information)$/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'dashboard-1280');

    await first.getByRole('link', { name: /^Follow-up packet/ }).click();
    await expect(page).toHaveURL(/\/patients\/[0-9a-f-]+\/packet$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Follow-up packet' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: `Follow-up packet: ${name}` })).toBeVisible();
    await expect(page.getByRole('heading', { level: 3, name: 'Dosing sessions' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy as text' })).toBeEnabled();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'packet-1280');

    // Printed, the shell's navigation and the page's buttons disappear.
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
    await expect(page.getByRole('button', { name: 'Copy as text' })).toBeHidden();
    await expect(page.getByRole('heading', { level: 2, name: `Follow-up packet: ${name}` })).toBeVisible();
    await snapshot(page, testInfo, 'packet-print');
  });
});
