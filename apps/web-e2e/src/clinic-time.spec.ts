import { expect, test, type APIRequestContext } from '@playwright/test';
import { clinicInputValue, signIn } from './support/journeys';

/**
 * Issue 20, "one date style": the forms take times on the practice's clock (the demo practice is
 * in New York), not the browser's. A therapist whose laptop is still on Berlin time types the
 * session's time as the clinic's wall clock shows it, and the form says whose clock that is.
 */
test.use({ timezoneId: 'Europe/Berlin' });

async function created<T>(response: Awaited<ReturnType<APIRequestContext['post']>>): Promise<T> {
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as T;
}

/** The instant a New York wall-clock reading names (the demo practice's clock: EST or EDT). */
function newYorkInstant(typed: string): string {
  const asUtc = Date.parse(`${typed}:00.000Z`);
  const instant = [4, 5]
    .map((hours) => asUtc + hours * 3_600_000)
    .find((time) => clinicInputValue(time) === typed);
  if (instant === undefined) throw new Error(`${typed} is not a New York time`);
  return new Date(instant).toISOString();
}

test('a travelling therapist logs a session in clinic time, and the form says so', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'therapist@demo.test');
  const familyName = `Zone${[...String(Date.now()).slice(-6)].map((digit) => 'abcdefghij'[Number(digit)]).join('')}`;
  const patient = await created<{ id: string }>(
    await page.request.post('/api/patients', {
      data: { givenName: 'Lene', familyName, dateOfBirth: '1979-09-02', conditions: ['depression'] },
    }),
  );

  await page.goto(`/patients/${patient.id}/sessions/new`);
  await expect(page.getByRole('heading', { level: 1, name: 'Log a session' })).toBeVisible();
  const occurredAt = page.getByLabel('Occurred at (clinic time, America/New York)');
  await expect(occurredAt).toBeVisible();
  // The default is now on the clinic's clock, not Berlin's (six hours ahead).
  const now = Date.now();
  const shown = await occurredAt.inputValue();
  expect([clinicInputValue(now), clinicInputValue(now - 60_000), clinicInputValue(now + 60_000)]).toContain(
    shown,
  );

  const typed = `${clinicInputValue(now - 86_400_000).slice(0, 10)}T10:00`;
  await occurredAt.fill(typed);
  const saved = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().endsWith(`/api/patients/${patient.id}/sessions`),
  );
  await page.getByRole('button', { name: 'Save session' }).click();
  const session = (await (await saved).json()) as { occurredAt: string };
  expect(session.occurredAt).toBe(newYorkInstant(typed));
  await expect(
    page.getByRole('heading', { name: 'The session was saved. It breaks no course rule.' }),
  ).toBeVisible();

  // The score entry says whose clock its time is on, too.
  await page.goto(`/patients/${patient.id}/scores/new`);
  await expect(page.getByLabel('Given on (clinic time, America/New York)')).toBeVisible();
});
