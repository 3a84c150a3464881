import { expect, test } from '@playwright/test';
import { seriousA11yViolations, signIn, snapshot } from './support/journeys';

test.describe('connections (medical team coordinator)', () => {
  test('the coordinator creates an API key, its system reads with it, and a revoked key is refused at once', async ({
    page,
    playwright,
  }, testInfo) => {
    await signIn(page, 'coordinator@demo.test');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
    await expect(page).toHaveURL('/team/connections');
    await expect(page).toHaveTitle('Connections · KAP Care');
    await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeFocused();

    const keys = page.locator('kap-api-keys-section');
    const name = `Clinic EHR ${Date.now()}`;
    await page.getByLabel('Which system uses it').fill(name);
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByTestId('one-time-value');
    await expect(shown).toHaveText(/^kapk_[A-Za-z0-9_-]{43}$/);
    const key = (await shown.textContent()) ?? '';
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'connections-new-key');

    // The team's system: no cookies, only the key.
    const machine = await playwright.request.newContext({ baseURL: new URL(page.url()).origin });
    const before = await machine.get('/api/patients', { headers: { authorization: `Bearer ${key}` } });
    expect(before.status()).toBe(200);

    await page.getByRole('button', { name: 'I have stored it' }).click();
    await expect(shown).toHaveCount(0);
    await expect(page.getByText(key)).toHaveCount(0);

    await keys.getByRole('button', { name: `Revoke ${name}` }).click();
    await expect(page.getByText('Its system is refused from the next request on')).toBeVisible();
    await page.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect(page.getByRole('row').filter({ hasText: name })).toContainText('Revoked');

    const after = await machine.get('/api/patients', { headers: { authorization: `Bearer ${key}` } });
    expect(after.status()).toBe(401);
    await machine.dispose();
  });

  test('the coordinator registers a webhook, sees its secret once and an empty delivery log, then disables it', async ({
    page,
  }) => {
    await signIn(page, 'coordinator@demo.test');
    await page.goto('/team/connections');
    await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeVisible();

    await page.getByLabel('Endpoint address').fill('http://ehr.example.org/kap');
    await page.getByRole('button', { name: 'Register webhook' }).click();
    await expect(page.locator('kap-webhooks-section').getByRole('alert')).toContainText(
      'must start with https://',
    );

    // The discard port on loopback (allowed in the journeys only): nothing answers there, and
    // disabling it ends any retries. Outside tests a non-public address is refused.
    await page.getByLabel('Endpoint address').fill('https://127.0.0.1:9/kap-events');
    await page.getByLabel('Description (optional)').fill('Journey endpoint');
    await page.getByRole('button', { name: 'Register webhook' }).click();
    await expect(page.getByTestId('one-time-value')).toHaveText(/^whsec_[A-Za-z0-9_-]{43}$/);
    await page.getByRole('button', { name: 'I have stored it' }).click();

    const item = page
      .locator('kap-webhooks-section li')
      .filter({ hasText: 'https://127.0.0.1:9/kap-events' });
    await item.getByRole('button', { name: 'Show deliveries' }).click();
    await expect(item.getByText(/Nothing sent yet|Delivery log/).first()).toBeVisible();
    await item.getByRole('button', { name: 'Disable' }).click();
    await item.getByRole('button', { name: 'Yes, disable' }).click();
    await expect(item).toContainText('Disabled');
  });
});
