import { expect, test, type Page } from '@playwright/test';
import {
  clinicInputValue,
  created,
  recordClearance,
  seriousA11yViolations,
  signIn,
  snapshot,
  uniqueFamilyName,
} from './support/journeys';

/**
 * Issue 20's acceptance journeys for the therapist's day: the patient page leads with an open
 * urgent alert, the trend marks the dose at its time, and the dosing form names every problem at
 * once.
 */
const DAY_MS = 86_400_000;

/** A new patient of the signed-in therapist with a course ordered by the prescriber and clearance recorded. */
async function patientInDosing(
  page: Page,
  familyName: string,
): Promise<{ patientId: string; courseId: string }> {
  const patient = await created<{ id: string }>(
    await page.request.post('/api/patients', {
      data: { givenName: 'Ines', familyName, dateOfBirth: '1981-03-14', conditions: ['depression'] },
    }),
  );
  const course = await created<{ id: string }>(
    await page.request.post(`/api/patients/${patient.id}/courses`, {
      data: {
        indication: 'depression',
        startedOn: new Date(Date.now() - 40 * DAY_MS).toISOString().slice(0, 10),
        dosePlan: { route: 'sublingual', doseMgMin: 100, doseMgMax: 300, maxDosingSessionsPerWeek: 2 },
        vitalsLimits: { systolicMax: 160, diastolicMax: 100, heartRateMax: 120 },
      },
    }),
  );
  await recordClearance(page.request, patient.id);
  return { patientId: patient.id, courseId: course.id };
}

async function enterPhq9(
  page: Page,
  patientId: string,
  administeredAt: string,
  items: number[],
): Promise<void> {
  await created(
    await page.request.post(`/api/patients/${patientId}/outcomes`, {
      headers: { 'Idempotency-Key': crypto.randomUUID() },
      data: { instrument: 'PHQ9', administeredAt, items },
    }),
  );
}

test.describe('the therapist’s day', () => {
  test('the patient page leads with an open urgent alert, and the trend marks the dose at its time', async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, 'therapist@demo.test');
    const familyName = uniqueFamilyName('Day');
    const { patientId, courseId } = await patientInDosing(page, familyName);

    // A baseline, a preparation session, one dose 10 days ago, then a PHQ-9 with item 9 = 2.
    await enterPhq9(
      page,
      patientId,
      new Date(Date.now() - 30 * DAY_MS).toISOString(),
      [3, 3, 2, 2, 2, 2, 2, 1, 0],
    );
    const prepAt = new Date(Date.now() - 20 * DAY_MS).toISOString();
    await created(
      await page.request.post(`/api/patients/${patientId}/sessions`, {
        headers: { 'Idempotency-Key': crypto.randomUUID() },
        data: {
          kind: 'preparation',
          occurredAt: prepAt,
          durationMinutes: 50,
          setting: 'in_person',
          courseId,
        },
      }),
    );
    const doseAt = new Date(Date.now() - 10 * DAY_MS);
    doseAt.setUTCHours(15, 0, 0, 0);
    const after = (minutes: number) => new Date(doseAt.getTime() + minutes * 60_000).toISOString();
    await created(
      await page.request.post(`/api/patients/${patientId}/sessions`, {
        headers: { 'Idempotency-Key': crypto.randomUUID() },
        data: {
          kind: 'dosing',
          occurredAt: doseAt.toISOString(),
          durationMinutes: 120,
          setting: 'in_person',
          courseId,
          dosing: {
            route: 'sublingual',
            doseLabel: 'half_dissociative',
            doseMg: 150,
            vitals: [
              {
                at: doseAt.toISOString(),
                phase: 'pre',
                systolic: 124,
                diastolic: 80,
                heartRate: 72,
                spo2: 98,
              },
              { at: after(110), phase: 'post', systolic: 120, diastolic: 78, heartRate: 70, spo2: 99 },
            ],
            adverseEvents: [],
          },
        },
      }),
    );
    await enterPhq9(
      page,
      patientId,
      new Date(Date.now() - 2 * DAY_MS).toISOString(),
      [2, 2, 2, 1, 1, 1, 1, 1, 2],
    );

    // The header, before anything else on the page, names the urgent alert and what it says.
    await page.goto(`/patients/${patientId}`);
    const needsAction = page.getByRole('region', { name: 'Needs action' });
    await expect(needsAction).toBeVisible();
    const firstItem = needsAction.getByRole('listitem').first();
    await expect(firstItem).toContainText('Urgent');
    await expect(firstItem).toContainText(/PHQ-9 item 9/);
    await expect(firstItem.getByRole('link', { name: 'See the PHQ-9 trend' })).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'patient-urgent-alert-1280');

    // The trend: the dose among the chart's marks, at its time, and the chart's caption says so.
    await firstItem.getByRole('link', { name: 'See the PHQ-9 trend' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /PHQ-9/ })).toBeVisible();
    await expect(page.getByText('Purple triangles along the foot: dosing sessions.')).toBeVisible();
    const marks = page.getByRole('table', { name: 'Marked on the chart' });
    const doseRow = marks.getByRole('row').filter({ hasText: 'Dose 150 mg' });
    await expect(doseRow).toHaveCount(1);
    // At the dose's own time on the demo practice's clock (New York), in the browser's locale,
    // whatever its order of day, month and year.
    const newYork = (options: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', ...options }).format(doseAt);
    await expect(doseRow).toContainText(new RegExp(`\\b${newYork({ day: 'numeric' })}\\b`));
    await expect(doseRow).toContainText(newYork({ year: 'numeric' }));
    await expect(doseRow).toContainText(
      newYork({ hour: 'numeric', minute: '2-digit', hour12: true }).replace(/\s?[ap]m$/i, ''),
    );
    await expect(page.locator('canvas, svg').first()).toBeVisible();
    await snapshot(page, testInfo, 'trend-dosing-marker-1280');
  });

  test('the dosing form names every problem at its field in one round', async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, 'therapist@demo.test');
    const { patientId } = await patientInDosing(page, uniqueFamilyName('Form'));

    await page.goto(`/patients/${patientId}/sessions/new`);
    await expect(page.getByRole('heading', { level: 1, name: 'Log a session' })).toBeVisible();
    await page.getByLabel('Kind').selectOption('dosing');
    // Times are typed on the practice's clock (New York), whatever zone the browser is in.
    await page.getByLabel('Occurred at').fill(clinicInputValue(Date.now() + 3 * DAY_MS));
    await page.getByLabel('Duration (minutes)').fill('0');
    await page.getByLabel('Milligrams taken').fill('1500');
    const pre = page.getByRole('group', { name: 'Pre-dose reading' });
    await pre.getByLabel('Systolic').fill('400');
    await pre.getByLabel('Diastolic').fill('80');
    await pre.getByLabel('Heart rate').fill('10');

    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/sessions')) posts.push(request.url());
    });
    await page.getByRole('button', { name: 'Save session' }).click();

    // Every problem at once, each at its field; the banner sums them up; nothing was sent.
    await expect(page.getByText('Some fields need attention; see the marked fields.')).toBeVisible();
    await expect(page.getByText('Cannot be more than a day in the future.')).toBeVisible();
    await expect(page.getByText('Must be from 1 to 720 minutes.')).toBeVisible();
    await expect(page.getByText('Must be more than 0 and at most 1000 mg.')).toBeVisible();
    await expect(pre.getByText('Must be from 50 to 300; check the reading.')).toBeVisible();
    await expect(pre.getByText('Must be from 20 to 250; check the reading.')).toBeVisible();
    await expect(page.getByLabel('Occurred at')).toBeFocused();
    expect(posts).toEqual([]);
    await snapshot(page, testInfo, 'dosing-form-one-round-390');

    // Fixing the fields takes the banner away.
    await page.getByLabel('Occurred at').fill(clinicInputValue(Date.now() - 3_600_000));
    await page.getByLabel('Duration (minutes)').fill('120');
    await page.getByLabel('Dose label').selectOption('half_dissociative');
    await page.getByLabel('Milligrams taken').fill('150');
    await pre.getByLabel('Systolic').fill('124');
    await pre.getByLabel('Heart rate').fill('72');
    await expect(page.getByText('Some fields need attention; see the marked fields.')).toBeHidden();
  });
});
