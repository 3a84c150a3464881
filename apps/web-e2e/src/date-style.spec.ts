import { expect, test } from '@playwright/test';
import { seriousA11yViolations, signIn, snapshot } from './support/journeys';

const DAY_MS = 86_400_000;
/** The demo practice's zone (demo-seed.ts): every instant is written on its clock. */
const PRACTICE_ZONE = 'America/New_York';

// A browser in the United States' language, on a computer set to Berlin's clock: dates are written
// the American way, and instants on the practice's clock, not the computer's.
test.use({ locale: 'en-US', timezoneId: 'Europe/Berlin' });

/** What Chromium's Intl writes, with its narrow no-break space before "PM" made plain, as the app does. */
function written(options: Intl.DateTimeFormatOptions, at: number): string {
  return new Intl.DateTimeFormat('en-US', options).format(at).replace(/\u202f/g, ' ');
}

test('dates are written in the browser’s language, on the practice’s clock', async ({ page }, testInfo) => {
  await signIn(page, 'therapist@demo.test');
  const me = (await (await page.request.get('/api/auth/me')).json()) as { organizationTimeZone: string };
  expect(me.organizationTimeZone).toBe(PRACTICE_ZONE);

  const familyName = `Datestyle${[...String(Date.now()).slice(-6)].map((d) => 'abcdefghij'[Number(d)]).join('')}`;
  const patient = await page.request.post('/api/patients', {
    data: {
      givenName: 'Rosa',
      familyName,
      dateOfBirth: '1984-05-06',
      conditions: ['treatment_resistant_depression'],
    },
  });
  expect(patient.status(), await patient.text()).toBe(201);
  const { id } = (await patient.json()) as { id: string };
  const startedOn = new Date(Date.now() - 40 * DAY_MS).toISOString().slice(0, 10);
  const course = await page.request.post(`/api/patients/${id}/courses`, {
    data: { indication: 'treatment_resistant_depression', startedOn },
  });
  expect(course.status(), await course.text()).toBe(201);
  // 03:30 UTC: the evening before in New York, already the next morning in Berlin.
  const scoredAt = Date.parse(
    `${new Date(Date.now() - 20 * DAY_MS).toISOString().slice(0, 10)}T03:30:00.000Z`,
  );
  const score = await page.request.post(`/api/patients/${id}/outcomes`, {
    data: {
      instrument: 'PHQ9',
      administeredAt: new Date(scoredAt).toISOString(),
      items: [2, 2, 1, 1, 1, 1, 1, 1, 0],
    },
  });
  expect(score.status(), await score.text()).toBe(201);

  // The patient page: a date of birth is a calendar date, written the American way and never shifted.
  await page.goto(`/patients/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: `Rosa ${familyName}` })).toBeVisible();
  await expect(page.getByText('(born May 6, 1984)')).toBeVisible();
  await expect(page.locator('#main-content')).not.toContainText(/\b\d{4}-\d{2}-\d{2}\b/);

  // The trend's table: the score's date and time on New York's clock, not Berlin's.
  await page.goto(`/patients/${id}/scores/PHQ9`);
  await expect(page.getByRole('heading', { level: 1, name: 'PHQ-9 trend' })).toBeVisible();
  const newYorkDate = written({ dateStyle: 'medium', timeZone: PRACTICE_ZONE }, scoredAt);
  const newYorkTime = written({ timeStyle: 'short', timeZone: PRACTICE_ZONE }, scoredAt);
  const berlinDate = written({ dateStyle: 'medium', timeZone: 'Europe/Berlin' }, scoredAt);
  expect(newYorkTime).toMatch(/^1[01]:30 PM$/);
  expect(newYorkDate).not.toBe(berlinDate);
  const row = page.locator('table.scores tbody tr').first();
  await expect(row).toContainText(newYorkDate);
  await expect(row).toContainText(newYorkTime);
  await expect(row).not.toContainText(berlinDate);
  // The course's start is a calendar day: the day it was started on, written the American way.
  const [year, month, day] = startedOn.split('-').map(Number);
  const startedText = written({ dateStyle: 'medium', timeZone: 'UTC' }, Date.UTC(year, month - 1, day));
  await expect(
    page
      .getByRole('table', { name: 'Marked on the chart' })
      .getByRole('row')
      .filter({ hasText: 'Course started' }),
  ).toContainText(startedText);
  await expect(page.locator('#main-content')).not.toContainText(/\b\d{4}-\d{2}-\d{2}\b/);
  expect(await seriousA11yViolations(page)).toEqual([]);
  await snapshot(page, testInfo, 'date-style-trend-en-US');
});
