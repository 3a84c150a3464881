import { expect, request, test, type Locator, type Page, type TestInfo } from '@playwright/test';
import {
  created,
  DEMO_PASSWORD,
  seriousA11yViolations,
  signIn,
  snapshot,
  uniqueFamilyName,
  watchCsp,
} from './support/journeys';

/**
 * Issue 19, "Safety on the dosing day, and alerts that always reach a person": a dose outside
 * the prescriber's plan, given while the medical team has not cleared the patient, is recordable;
 * the form says so before saving, the result after; both sides of the care team get the alerts
 * and each acknowledges for itself.
 */

const DAY_MS = 86_400_000;
const TEAM = 'Northstar Medical Team (demo)';

async function signOut(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
}

/** Opens a mat-select from the keyboard (a pointer click may land on its resting label). */
async function choose(page: Page, combobox: ReturnType<Page['getByRole']>, option: string): Promise<void> {
  await combobox.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect(combobox).toContainText(option);
}

/** The page at 1280 and at 390 px: screenshots for a person to look at, and nothing wider than the phone. */
async function bothWidths(page: Page, testInfo: TestInfo, name: string, part?: Locator): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await snapshot(page, testInfo, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await snapshot(page, testInfo, `${name}-390`);
  // The part this step is about, at phone width, big enough to read on the screenshot.
  if (part) await part.screenshot({ path: `${testInfo.project.outputDir}/screenshots/${name}-390-part.png` });
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth),
    `${name} fits 390 px`,
  ).toBeLessThanOrEqual(390);
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 900 });
}

test.describe('safety on the dosing day', () => {
  test('a dose outside the plan of a patient not cleared is warned before and after saving; each side acknowledges its alert', async ({
    page,
  }, testInfo) => {
    test.setTimeout(240_000);
    const csp = watchCsp(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, 'therapist@demo.test');
    const familyName = uniqueFamilyName('Safe');
    const patientName = `Rowan ${familyName}`;
    const patient = await created<{ id: string }>(
      await page.request.post('/api/patients', {
        data: {
          givenName: 'Rowan',
          familyName,
          dateOfBirth: '1982-04-05',
          conditions: ['treatment_resistant_depression'],
        },
      }),
    );

    // The course, copied from the prescriber's orders: a minimum above its maximum is named at its field first.
    await page.goto(`/patients/${patient.id}`);
    await expect(page.getByRole('heading', { level: 1, name: patientName })).toBeVisible();
    const courseForm = page.getByRole('form', { name: 'Start a course' });
    await choose(page, courseForm.getByRole('combobox', { name: 'Route' }), 'Sublingual');
    await courseForm.getByLabel('Smallest dose (mg)').fill('100');
    await courseForm.getByLabel('Largest dose (mg)').fill('300');
    await courseForm.getByLabel('Dosing sessions a week, at most').fill('2');
    await courseForm.getByLabel('Systolic at least (mmHg)').fill('160');
    await courseForm.getByLabel('Systolic at most (mmHg)').fill('150');
    await courseForm.getByLabel('Diastolic at most (mmHg)').fill('95');
    await courseForm.getByLabel('Heart rate at least (per minute)').fill('50');
    await courseForm.getByLabel('Heart rate at most (per minute)').fill('110');
    await courseForm.getByLabel('SpO2 at least (%)').fill('92');
    await courseForm.getByRole('button', { name: 'Start course' }).click();
    await expect(
      courseForm.getByText('The minimum must not be above the maximum (150); copy the limits as ordered.'),
    ).toBeVisible();
    await expect(courseForm.getByLabel('Systolic at least (mmHg)')).toBeFocused();
    await courseForm.scrollIntoViewIfNeeded();
    await bothWidths(page, testInfo, 'course-form-limits', courseForm);
    await courseForm.getByLabel('Systolic at least (mmHg)').fill('90');
    await courseForm.getByRole('button', { name: 'Start course' }).click();
    const course = page.getByRole('region', { name: 'Treatment course' });
    await expect(course.getByRole('status')).toHaveText('The course was started.');
    await expect(course).toContainText(
      'systolic 90–150, diastolic ≤ 95 mmHg, heart rate 50–110/min, SpO2 ≥ 92%',
    );

    // The demo medical team, with a valid release; a preparation session yesterday.
    const teams = (await (await page.request.get('/api/medical-teams?limit=200')).json()) as {
      items: { id: string; name: string }[];
    };
    const team = teams.items.find((t) => t.name === TEAM);
    expect(team, 'the demo medical team').toBeTruthy();
    const link = await page.request.put(`/api/patients/${patient.id}/care-team`, {
      data: {
        medicalTeamId: team?.id,
        releaseOfInformation: {
          signedOn: new Date(Date.now() - 10 * DAY_MS).toISOString().slice(0, 10),
          expiresOn: new Date(Date.now() + 300 * DAY_MS).toISOString().slice(0, 10),
        },
      },
    });
    expect(link.status(), await link.text()).toBe(200);
    const courses = (await (await page.request.get(`/api/patients/${patient.id}/courses`)).json()) as {
      items: { id: string }[];
    };
    await created(
      await page.request.post(`/api/patients/${patient.id}/sessions`, {
        headers: { 'Idempotency-Key': crypto.randomUUID() },
        data: {
          kind: 'preparation',
          occurredAt: new Date(Date.now() - DAY_MS).toISOString(),
          durationMinutes: 60,
          setting: 'in_person',
          courseId: courses.items[0].id,
        },
      }),
    );

    // The prescriber records that medical clearance is still required (with an active prescription).
    const prescriber = await request.newContext({ baseURL: new URL(page.url()).origin });
    try {
      const login = await prescriber.post('/api/auth/login', {
        data: { email: 'prescriber@demo.test', password: DEMO_PASSWORD },
      });
      expect(login.status()).toBe(200);
      await created(
        await prescriber.post(`/api/patients/${patient.id}/medical-status`, {
          headers: { 'Idempotency-Key': crypto.randomUUID() },
          data: {
            asOf: new Date(Date.now() - 3_600_000).toISOString(),
            eligibility: 'medical_clearance_required',
            prescription: { status: 'active', dosesAuthorized: 6, route: 'sublingual' },
            note: 'ECG pending before the first dose.',
          },
        }),
      );
    } finally {
      await prescriber.dispose();
    }

    // 450 mg in the log form: both warnings before saving, saving still possible.
    await page.goto(`/patients/${patient.id}/sessions/new`);
    await expect(page.getByRole('heading', { level: 1, name: 'Log a session' })).toBeVisible();
    await page.getByLabel('Kind').selectOption('dosing');
    await expect(
      page.getByText(
        'Limits as ordered by the prescriber: systolic 90–150, diastolic ≤ 95 mmHg, heart rate 50–110/min, SpO2 ≥ 92%.',
      ),
    ).toBeVisible();
    await page.getByLabel('Dose label').selectOption('full_dissociative');
    await page.getByLabel('Milligrams taken').fill('450');
    const pre = page.getByRole('group', { name: 'Pre-dose reading' });
    await pre.getByLabel('Systolic').fill('128');
    await pre.getByLabel('Diastolic').fill('82');
    await pre.getByLabel('Heart rate').fill('76');
    const post = page.getByRole('group', { name: 'Post-dose reading' });
    await post.getByLabel('Systolic').fill('122');
    await post.getByLabel('Diastolic').fill('78');
    await post.getByLabel('Heart rate').fill('70');
    await page.getByLabel('No adverse events').check();
    const beforeSave = page.getByText(
      'Before you save: this dose (450 mg) is outside the plan of 100–300 mg; the medical team has not marked the patient eligible (medical clearance required).',
    );
    await expect(beforeSave).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save session' })).toBeEnabled();
    await beforeSave.scrollIntoViewIfNeeded();
    await bothWidths(page, testInfo, 'dosing-form-warnings', page.locator('#dose-checks'));

    await page.getByRole('button', { name: 'Save session' }).click();
    const savedHeading = page.getByRole('heading', {
      name: 'The session was saved. It breaks 2 course rules:',
    });
    await expect(savedHeading).toBeFocused();
    const saved = page.getByRole('region', { name: 'The session was saved. It breaks 2 course rules:' });
    await expect(saved.getByRole('listitem')).toHaveText([
      /Dose outside the prescriber’s plan/,
      /Not cleared for dosing by the medical team/,
    ]);
    await expect(saved).toContainText('check the order with the prescriber');
    await expect(saved).toContainText('confirm the clearance with the medical team');
    await bothWidths(page, testInfo, 'dosing-saved-warnings');

    // The therapist acknowledges the clearance alert for the practice.
    await page.goto('/alerts');
    await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
    const rowsFor = (kind: string) =>
      page
        .getByRole('region', { name: 'Open alerts' })
        .getByRole('listitem')
        .filter({ hasText: patientName })
        .filter({ hasText: kind });
    const clearance = rowsFor('has not marked the patient eligible');
    const dose = rowsFor('outside the prescriber');
    await expect(clearance).toHaveCount(1);
    await expect(dose).toHaveCount(1);
    await expect(dose).toContainText('Dose of 450 mg');
    await expect(clearance).toContainText('medical clearance required');
    await expect(clearance).toContainText('Waiting for the medical team');
    await clearance.getByRole('button', { name: /^Acknowledge/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Acknowledge alert' });
    await expect(dialog).toContainText('not monitored around the clock');
    await dialog
      .getByLabel('What was done?')
      .fill('Called the prescriber; the next dose waits for the clearance.');
    await dialog.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: 'Acknowledged:' })).toContainText(
      'Waiting for the medical team',
    );
    await expect(clearance).toHaveCount(0);
    await signOut(page);

    // The prescriber: both alerts still open for the team, with their sentences and the practice's acknowledgement.
    await signIn(page, 'prescriber@demo.test');
    await page.goto('/alerts');
    await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
    await expect(clearance).toHaveCount(1);
    await expect(dose).toHaveCount(1);
    await expect(dose).toContainText('Dose of 450 mg');
    await expect(clearance).toContainText(
      /Acknowledged by the practice: .+What was done: Called the prescriber; the next dose waits for the clearance\./,
    );
    await expect(clearance).toContainText('Waiting for the medical team');
    await expect(page.getByText('not monitored around the clock').first()).toBeVisible();
    await clearance.scrollIntoViewIfNeeded();
    await bothWidths(page, testInfo, 'prescriber-alerts', clearance);

    await clearance.getByRole('button', { name: /^Acknowledge/ }).click();
    await dialog
      .getByLabel('What was done?')
      .fill('ECG reviewed by phone; clearance to follow in the portal.');
    await dialog.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(dialog).toBeHidden();
    await expect(clearance).toHaveCount(0);

    // Acknowledged by both sides.
    await page.getByRole('switch', { name: 'Show acknowledged' }).click();
    const done = page
      .getByRole('region', { name: 'Acknowledged alerts' })
      .getByRole('listitem')
      .filter({ hasText: patientName });
    await expect(done).toHaveCount(1);
    await expect(done).toContainText(
      /Acknowledged by the medical team: .+What was done: ECG reviewed by phone/,
    );
    await expect(done).toContainText(/Acknowledged by the practice: .+What was done: Called the prescriber/);
    await expect(done.getByRole('button', { name: /^Acknowledge/ })).toHaveCount(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await done.scrollIntoViewIfNeeded();
    await snapshot(page, testInfo, 'prescriber-acknowledged-1280');
    expect(csp).toEqual([]);
  });
});
