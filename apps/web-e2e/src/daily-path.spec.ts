import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, seriousA11yViolations, signIn, snapshot, watchCsp } from './support/journeys';

/** Demo patients of therapist@demo.test (libs/api/patients/src/lib/seed/demo-patients.ts). */
const MARCUS = '00000000-0000-4000-8000-000000001004';
/** His release of information expired ten days ago. */
const BJORN = '00000000-0000-4000-8000-000000001009';

/**
 * Holds every request to `url` until the test lets it go, and says when the first one was asked:
 * the page can then be looked at while the app waits for the answer.
 */
async function hold(page: Page, url: string): Promise<{ asked: Promise<void>; release: () => void }> {
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let markAsked = (): void => undefined;
  const asked = new Promise<void>((resolve) => (markAsked = resolve));
  await page.route(url, async (route) => {
    markAsked();
    await released;
    await route.continue();
  });
  return { asked, release };
}

/** How many requests of the page are on their way (asked, neither answered nor failed). */
function watchRequests(page: Page): () => number {
  let pending = 0;
  page.on('request', () => pending++);
  page.on('requestfinished', () => pending--);
  page.on('requestfailed', () => pending--);
  return () => pending;
}

/** Console errors and uncaught exceptions from now on, as text. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return problems;
}

test.describe('the daily path', () => {
  test('a cold load shows the frame and a loading state while the session check runs, signed out and in', async ({
    page,
  }) => {
    const cspProblems = watchCsp(page);
    const signedOut = await hold(page, '**/api/auth/me');
    await page.goto('/patients');
    await signedOut.asked;
    // The app has started and is waiting for /me: the frame and the loading state are there already.
    await expect(page.getByRole('banner')).toHaveText('KAP Care');
    await expect(page.getByRole('status')).toHaveText('Loading KAP Care…');
    await expect(page.getByRole('main')).toHaveAttribute('aria-busy', 'true');
    expect(await seriousA11yViolations(page)).toEqual([]);
    signedOut.release();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expect(page.getByText('Loading KAP Care…')).toBeHidden();
    await page.unrouteAll();

    await signIn(page, 'therapist@demo.test');
    const signedIn = await hold(page, '**/api/auth/me');
    await page.goto('/patients');
    await signedIn.asked;
    await expect(page.getByRole('status')).toHaveText('Loading KAP Care…');
    signedIn.release();
    await expect(page.getByRole('heading', { level: 1, name: 'Patients' })).toBeVisible();
    await expect(page.getByText('Loading KAP Care…')).toBeHidden();
    // One frame: the loading frame's landmarks are gone with it.
    await expect(page.getByRole('banner')).toHaveCount(1);
    await expect(page.getByRole('main')).toHaveCount(1);
    expect(cspProblems).toEqual([]);
  });

  test('no console error from signing in, through a few pages, to signing out', async ({ page }) => {
    const pending = watchRequests(page);
    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    // From here on. (The cold load's `/me` answers 401 when nobody is signed in, which Chromium
    // logs as a failed resource: that is the session check's normal answer, not a problem.)
    const problems = watchConsole(page);

    await page.getByLabel('Email').fill('therapist@demo.test');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Patients' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Patients' })).toBeVisible();
    await page.getByRole('main').getByRole('link', { name: 'Marcus Bell' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Marcus Bell' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Care-team updates' })).toBeVisible();
    await nav.getByRole('link', { name: 'Alerts' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
    await nav.getByRole('link', { name: 'Home' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();

    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    // Whatever was still on its way when the session ended has answered.
    await expect.poll(pending).toBe(0);
    // Signed out on purpose: not told that the session expired.
    await expect(page.getByText('Your session expired')).toHaveCount(0);
    expect(problems).toEqual([]);
  });

  test('an answer that arrives after signing out changes nothing: no error from the page left, no "expired"', async ({
    page,
  }) => {
    const pending = watchRequests(page);
    await signIn(page, 'therapist@demo.test');
    // The patient page's scores are held on their way until the person has signed out.
    const scores = `**/api/patients/${MARCUS}/outcomes?**`;
    const held = await hold(page, scores);
    await page.goto(`/patients/${MARCUS}`);
    await held.asked;
    const problems = watchConsole(page);

    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    const late = page.waitForResponse((r) => r.url().includes(`/api/patients/${MARCUS}/outcomes?`));
    held.release();
    expect((await late).status()).toBe(401);
    await expect.poll(pending).toBe(0);
    await expect(page.getByText('Your session expired')).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    // Chromium itself logs the held request's 401 (it reached the server after the session had
    // ended); nothing else, e.g. from the left page's sections reading their answers after destroy.
    expect(problems.filter((problem) => !problem.includes(`/api/patients/${MARCUS}/outcomes?`))).toEqual([]);
  });

  test('signing out of a note being written saves the draft first, and ends the session without an error', async ({
    page,
  }) => {
    const pending = watchRequests(page);
    await signIn(page, 'therapist@demo.test');
    await page.goto(`/patients/${MARCUS}/notes/new`);
    const text = `Drafted just before signing out (${Date.now()}).`;
    await page.getByLabel('Note', { exact: true }).fill(text);
    const problems = watchConsole(page);

    // The editor saves what was typed as the page is left, under the session it was typed in.
    const saved = page.waitForResponse(
      (r) => r.url().endsWith(`/api/patients/${MARCUS}/notes`) && r.request().method() === 'POST',
    );
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    expect((await saved).status()).toBe(201);
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expect.poll(pending).toBe(0);
    await expect(page.getByText('Your session expired')).toHaveCount(0);
    expect(problems).toEqual([]);
    // Signed out for real.
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);

    await signIn(page, 'therapist@demo.test');
    const notes = await page.request.get(`/api/patients/${MARCUS}/notes?limit=100`);
    const items = ((await notes.json()) as { items: { body: string; status: string }[] }).items;
    expect(items.filter((note) => note.body === text).map((note) => note.status)).toEqual(['draft']);
  });

  test('a new patient: a date that does not exist says so; a minor’s date of birth asks to be confirmed', async ({
    page,
  }) => {
    await signIn(page, 'therapist@demo.test');
    await page.goto('/patients/new');
    await page.getByLabel('Given name').fill('Ada');
    await page.getByLabel('Family name').fill('Reyes');
    // Typed as a person would, in the browser's own date field (month, day, year here).
    const dateOfBirth = page.getByLabel('Date of birth');
    await dateOfBirth.focus();
    await page.keyboard.type('02302011');
    await page.getByRole('button', { name: 'Save patient' }).click();
    await expect(dateOfBirth).toBeFocused();
    await expect(dateOfBirth).toHaveAccessibleDescription('This date does not exist.');

    await dateOfBirth.fill('2011-02-28');
    await expect(
      page.getByText(/This date of birth makes the patient \d+ years old, under 18\./),
    ).toBeVisible();
    const confirm = page.getByRole('checkbox', { name: 'The patient is under 18: add them anyway' });
    await page.getByRole('button', { name: 'Save patient' }).click();
    await expect(confirm).toBeFocused();
    await expect(confirm).toHaveAccessibleDescription(
      /under 18\..*Confirm that the patient is under 18, or correct the date of birth\./,
    );
    expect(await seriousA11yViolations(page)).toEqual([]);

    await confirm.check();
    await page.getByRole('button', { name: 'Save patient' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Ada Reyes' })).toBeVisible();
  });

  test('on a phone: the latest scores carry sparklines; an expired release says why no update can be written', async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, 'therapist@demo.test');

    await page.goto(`/patients/${MARCUS}`);
    const scores = page.getByRole('list', { name: 'Latest scores' });
    await expect(scores.getByRole('listitem').first()).toBeVisible();
    const phq9 = scores
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: 'PHQ-9 trend' }) });
    await expect(phq9).toContainText('from baseline');
    // The row says the change in words, so its line is decoration.
    await expect(phq9.locator('svg.sparkline')).toHaveAttribute('aria-hidden', 'true');
    await expect(phq9.locator('svg.sparkline polyline')).toHaveAttribute(
      'points',
      /^[\d.]+,[\d.]+( [\d.]+,[\d.]+)+$/,
    );
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    ).toBe(true);
    await snapshot(page, testInfo, 'patient-latest-scores-390');

    await page.goto(`/patients/${BJORN}`);
    const updates = page.getByRole('region', { name: 'Care-team updates' });
    const write = updates.getByRole('button', { name: 'Write an update' });
    await expect(write).toBeDisabled();
    await expect(write).toHaveAccessibleDescription(
      /The release of information expired on .+: nothing can be shared with .+ until a new one is recorded/,
    );
    // Still reached with Tab (so its reason is read with it); pressing it does nothing.
    await write.focus();
    await page.keyboard.press('Enter');
    await expect(updates.getByRole('heading', { name: /New update to/ })).toHaveCount(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
