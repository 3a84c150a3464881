import { expect, test, type Page } from '@playwright/test';
import { clinicInputValue, created, signIn, snapshot, uniqueFamilyName } from './support/journeys';

/**
 * Issue 20, "one date style": the forms take times on the practice's clock (the demo practice is
 * in New York), not the browser's. A therapist whose laptop is still on Berlin time types the
 * session's time as the clinic's wall clock shows it, and the form says whose clock that is: in a
 * hint under the field, which a screen reader reads with it and a phone does not cut off.
 */
test.use({ timezoneId: 'Europe/Berlin' });

/** The instant a New York wall-clock reading names (the demo practice's clock: EST or EDT). */
function newYorkInstant(typed: string): string {
  const asUtc = Date.parse(`${typed}:00.000Z`);
  const instant = [4, 5]
    .map((hours) => asUtc + hours * 3_600_000)
    .find((time) => clinicInputValue(time) === typed);
  if (instant === undefined) throw new Error(`${typed} is not a New York time`);
  return new Date(instant).toISOString();
}

test('a travelling therapist logs a session in clinic time, and the form says so', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, 'therapist@demo.test');
  const familyName = uniqueFamilyName('Zone');
  const patient = await created<{ id: string }>(
    await page.request.post('/api/patients', {
      data: { givenName: 'Lene', familyName, dateOfBirth: '1979-09-02', conditions: ['depression'] },
    }),
  );

  await page.goto(`/patients/${patient.id}/sessions/new`);
  await expect(page.getByRole('heading', { level: 1, name: 'Log a session' })).toBeVisible();
  const occurredAt = page.getByLabel('Occurred at', { exact: true });
  await expect(occurredAt).toBeVisible();
  await expect(occurredAt).toHaveAccessibleDescription('Clinic time, America/New York');
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

  // The score entry says whose clock its time is on, too, and on a phone both the label and the
  // zone are there whole, without sideways scrolling.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/patients/${patient.id}/scores/new`);
  const givenOn = page.getByLabel('Given on', { exact: true });
  await expect(givenOn).toBeVisible();
  await expect(givenOn).toHaveAccessibleDescription('Clinic time, America/New York');
  await expectWholeDateTimeField(page, 'Given on');
  await snapshot(page, testInfo, 'clinic-time-score-entry-phone');

  await page.goto(`/patients/${patient.id}/sessions/new`);
  await expect(page.getByLabel('Occurred at', { exact: true })).toHaveAccessibleDescription(
    'Clinic time, America/New York',
  );
  await expectWholeDateTimeField(page, 'Occurred at');
  await snapshot(page, testInfo, 'clinic-time-log-session-phone');
});

/** The field's label and hint show whole (no ellipsis) and the page does not scroll sideways. */
async function expectWholeDateTimeField(page: Page, label: string): Promise<void> {
  const field = page.locator('mat-form-field').filter({ has: page.getByLabel(label, { exact: true }) });
  // The floating label is the element that cuts its text off with an ellipsis.
  for (const part of [field.locator('.mdc-floating-label'), field.locator('mat-hint')]) {
    await expect(part).toBeVisible();
    const cut = await part.evaluate((element) => element.scrollWidth > element.clientWidth + 1);
    expect(cut, `${label}: ${await part.textContent()} is cut off`).toBe(false);
  }
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
  expect(widths.page).toBeLessThanOrEqual(widths.viewport);
}
