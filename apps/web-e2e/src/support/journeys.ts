import { expect, type APIRequestContext, type APIResponse, type Page, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { generate } from 'otplib';

/** Every demo account shares this password (seeded by the API with SEED_DEMO=true). */
export const DEMO_PASSWORD = 'kap-demo-2026';

/** The demo organizations' time zone (the seed's DEMO_TIME_ZONE): the forms take times on its clock. */
export const DEMO_TIME_ZONE = 'America/New_York';

/**
 * `YYYY-MM-DDTHH:mm` of an instant on the demo practice's wall clock, as its date-time fields
 * take it (the clinic's clock, whatever zone the browser or this machine is in).
 */
export function clinicInputValue(instant: Date | number, timeZone = DEMO_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}

/**
 * The demo practice admin also signs in with a code: the demo-only TOTP secret from the README
 * (libs/api/identity/src/lib/seed/demo-seed.ts). The journeys compute the code an app would show.
 */
export const DEMO_TOTP_SECRETS: Readonly<Record<string, string>> = {
  'admin@demo.test': 'KAPDEMOADMINTOTPKAPDEMOADMINTOTP',
};

const TOTP_STEP_MS = 30_000;
/** The newest 30-second step whose code was accepted, per secret: the server never takes it twice. */
const lastUsedStep = new Map<string, number>();

/**
 * A code for the secret that the server has not accepted yet: waits for the next 30-second step
 * when this step's code was already used (the API refuses replays, as it should).
 */
export async function freshTotpCode(secret: string): Promise<string> {
  let step = Math.floor(Date.now() / TOTP_STEP_MS);
  const last = lastUsedStep.get(secret);
  if (last !== undefined && step <= last) {
    await new Promise((resolve) => setTimeout(resolve, (last + 1) * TOTP_STEP_MS - Date.now() + 200));
    step = Math.floor(Date.now() / TOTP_STEP_MS);
  }
  lastUsedStep.set(secret, step);
  return generate({ secret, epoch: Math.floor((step * TOTP_STEP_MS) / 1000) });
}

/**
 * Answers the second sign-in step with a code from the secret. Retries once in the next step if
 * the server had already accepted this step's code (a rerun after a failed test, whose memory of
 * used steps is gone while the server's is not).
 */
export async function enterTotpCode(page: Page, secret: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Enter your code' })).toBeVisible();
  for (let attempt = 0; attempt < 2; attempt++) {
    await page.getByLabel('6-digit code').fill(await freshTotpCode(secret));
    const verify = page.waitForResponse((r) => r.url().endsWith('/api/auth/mfa/verify'));
    await page.getByRole('button', { name: 'Verify' }).click();
    if ((await verify).status() === 200) return;
  }
  throw new Error('the code step kept failing');
}

export interface SignedInUser {
  displayName: string;
  role: string;
}

/**
 * Signs in through the form, as a person would, and returns who the API says signed in. Accounts
 * with two-step sign-in (the demo admin, or `totpSecret`) also get their code typed in; waiting for
 * a fresh 30-second step can take up to 30 s (playwright.config.mts allows for it).
 */
export async function signIn(
  page: Page,
  email: string,
  password = DEMO_PASSWORD,
  totpSecret = DEMO_TOTP_SECRETS[email],
): Promise<SignedInUser> {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  const login = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  expect((await login).status(), 'sign-in should succeed').toBe(200);
  // (The answer's body is gone once the page moves on, so the caller says whether a code follows.)
  if (totpSecret) await enterTotpCode(page, totpSecret);
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  // page.request shares the browser context's cookies: ask the API who is signed in. (The login
  // response body may already be gone from the browser's cache once the page has moved on.)
  const me = await page.request.get('/api/auth/me');
  expect(me.ok()).toBe(true);
  return (await me.json()) as SignedInUser;
}

/** The body of a response that must be 201 Created; a failure shows the server's answer. */
export async function created<T>(response: APIResponse): Promise<T> {
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as T;
}

/**
 * A family name of letters that no other run has used: patients are searched by name prefix, and
 * a digit in a name would not be a name.
 */
export function uniqueFamilyName(prefix: string): string {
  return prefix + [...String(Date.now()).slice(-6)].map((digit) => 'abcdefghij'[Number(digit)]).join('');
}

/** Saves a full-page screenshot under test-results/screenshots for a person to look at. */
export async function snapshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = `${testInfo.project.outputDir}/screenshots/${name}.png`;
  await page.screenshot({ path, fullPage: true });
}

/** axe WCAG 2.0/2.1 A and AA; returns only the serious and critical findings, readably. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Material fades error text in; measured mid-fade, its contrast would look too low.
  await page.evaluate(() =>
    Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))),
  );
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Collects Content-Security-Policy complaints, which mean the production build broke the CSP. */
export function watchCsp(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      problems.push(message.text());
  });
  return problems;
}

/**
 * Records (as the signed-in therapist, mirroring the team's portal) that the patient is eligible
 * with an active prescription since two days ago: a journey that is not about the dose checks then
 * sees only the warnings it is about (a dose without it gets `not_cleared_for_dosing` and
 * `prescription_not_active`).
 */
export async function recordClearance(request: APIRequestContext, patientId: string): Promise<void> {
  const response = await request.post(`/api/patients/${patientId}/medical-status`, {
    headers: { 'Idempotency-Key': crypto.randomUUID() },
    data: {
      asOf: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      eligibility: 'eligible',
      prescription: { status: 'active', dosesAuthorized: 6, route: 'sublingual' },
      note: 'Cleared at intake (copied from the team portal).',
    },
  });
  expect(response.status(), await response.text()).toBe(201);
}
