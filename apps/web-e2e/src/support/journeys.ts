import { expect, type Page, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Every demo account shares this password (seeded by the API with SEED_DEMO=true). */
export const DEMO_PASSWORD = 'kap-demo-2026';

export interface SignedInUser {
  displayName: string;
  role: string;
}

/** Signs in through the form, as a person would, and returns who the API says signed in. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<SignedInUser> {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  const login = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  expect((await login).status(), 'sign-in should succeed').toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  // page.request shares the browser context's cookies: ask the API who is signed in. (The login
  // response body may already be gone from the browser's cache once the page has moved on.)
  const me = await page.request.get('/api/auth/me');
  expect(me.ok()).toBe(true);
  return (await me.json()) as SignedInUser;
}

/** Saves a full-page screenshot under test-results/screenshots for a person to look at. */
export async function snapshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = `${testInfo.project.outputDir}/screenshots/${name}.png`;
  await page.screenshot({ path, fullPage: true });
}

/** axe WCAG 2.0/2.1 A and AA; returns only the serious and critical findings, readably. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Material fades error text in; measured mid-fade, its contrast would look too low.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Collects Content-Security-Policy complaints, which mean the production build broke the CSP. */
export function watchCsp(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(message.text());
  });
  return problems;
}
