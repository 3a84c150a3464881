import { expect, test } from '@playwright/test';
import {
  clinicInputValue,
  created,
  recordClearance,
  seriousA11yViolations,
  signIn,
  snapshot,
  uniqueFamilyName,
  watchCsp,
} from './support/journeys';

test.describe('sessions and notes', () => {
  test('a therapist logs a preparation and a dosing session, sees the vitals warning and alert, and writes, signs and addends a note', async ({
    page,
  }, testInfo) => {
    test.setTimeout(180_000);
    const csp = watchCsp(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, 'therapist@demo.test');
    const familyName = uniqueFamilyName('Dose');
    const patient = await created<{ id: string }>(
      await page.request.post('/api/patients', {
        data: {
          givenName: 'Iris',
          familyName,
          dateOfBirth: '1980-02-03',
          conditions: ['treatment_resistant_depression'],
        },
      }),
    );
    await created(
      await page.request.post(`/api/patients/${patient.id}/courses`, {
        data: {
          indication: 'treatment_resistant_depression',
          startedOn: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
          dosePlan: { route: 'sublingual', doseMgMin: 100, doseMgMax: 300, maxDosingSessionsPerWeek: 2 },
          vitalsLimits: { systolicMax: 140, diastolicMax: 90, heartRateMax: 110 },
        },
      }),
    );
    // Cleared, with an active prescription: the dose below breaks only the vitals limit.
    await recordClearance(page.request, patient.id);

    // A preparation session, yesterday.
    await page.goto(`/patients/${patient.id}`);
    // The page's header offers it at the top (the timeline has its own button too).
    await page
      .getByRole('navigation', { name: 'Patient actions' })
      .getByRole('link', { name: 'Log a session' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Log a session' })).toBeVisible();
    // 10:00 yesterday on the practice's clock (New York), whatever zone the browser is in.
    const yesterday = `${clinicInputValue(Date.now() - 86_400_000).slice(0, 10)}T10:00`;
    await page.getByLabel('Occurred at').fill(yesterday);
    await page.getByRole('button', { name: 'Save session' }).click();
    await expect(
      page.getByRole('heading', { name: 'The session was saved. It breaks no course rule.' }),
    ).toBeVisible();

    // A dosing session with a pre-dose blood pressure above the limit; Enter saves.
    await page.getByRole('button', { name: 'Log another session' }).click();
    await page.getByLabel('Kind').selectOption('dosing');
    await expect(
      page.getByText(
        'Limits as ordered by the prescriber: systolic ≤ 140, diastolic ≤ 90 mmHg, heart rate ≤ 110/min.',
      ),
    ).toBeVisible();
    await page.getByLabel('Dose label').selectOption('half_dissociative');
    await page.getByLabel('Milligrams taken').fill('150');
    const pre = page.getByRole('group', { name: 'Pre-dose reading' });
    await pre.getByLabel('Systolic').fill('162');
    await pre.getByLabel('Diastolic').fill('88');
    await pre.getByLabel('Heart rate').fill('80');
    const post = page.getByRole('group', { name: 'Post-dose reading' });
    await post.getByLabel('Systolic').fill('130');
    await post.getByLabel('Diastolic').fill('80');
    await post.getByLabel('Heart rate').fill('72');
    await page.getByLabel('No adverse events').check();
    // The shared course rules say it before saving, and only that.
    await expect(
      page.getByText(
        'Before you save: a reading is outside the prescriber’s limits (systolic ≤ 140, diastolic ≤ 90 mmHg, heart rate ≤ 110/min).',
      ),
    ).toBeVisible();
    await snapshot(page, testInfo, 'session-form');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await post.getByLabel('Heart rate').press('Enter');
    await expect(
      page.getByRole('heading', { name: 'The session was saved. It breaks a course rule:' }),
    ).toBeVisible();
    await expect(
      page.getByText(
        'A reading is outside the limits the prescriber set (systolic ≤ 140, diastolic ≤ 90 mmHg, heart rate ≤ 110/min). An alert was raised for the medical team.',
      ),
    ).toBeVisible();

    // The integration note: write, sign, addend.
    await page.getByRole('link', { name: 'Write the integration note' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Write a note' })).toBeVisible();
    await page
      .getByLabel('Note', { exact: true })
      .fill('Integration: the patient described the session as calm.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Draft saved' })).toBeVisible();
    await expect(page).toHaveURL(/\/notes\//);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign note' }).click();
    await expect(
      page.getByText('Signed notes can never be changed; corrections are added as addenda.'),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Sign', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Integration note (signed)' })).toBeVisible();
    await page.getByRole('button', { name: 'Add an addendum' }).click();
    await page
      .getByLabel('Addendum', { exact: true })
      .fill('The patient called the next day: sleeping well.');
    await page.getByLabel('Reason', { exact: true }).fill('Follow-up call');
    await page.getByRole('button', { name: 'Add addendum' }).click();
    await expect(page.getByText('The patient called the next day: sleeping well.')).toBeVisible();

    // The timeline and the alert.
    await page.goto(`/patients/${patient.id}`);
    await expect(page.getByRole('heading', { name: 'Sessions and notes' })).toBeVisible();
    await expect(page.getByText('Integration note · signed')).toBeVisible();
    await snapshot(page, testInfo, 'timeline');
    await page.goto('/alerts');
    await expect(page.getByText(`Iris ${familyName}`).first()).toBeVisible();
    expect(csp).toEqual([]);
  });

  test('a therapist completes a dose’s documentation, and a change made meanwhile is not overwritten', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const csp = watchCsp(page);
    await signIn(page, 'therapist@demo.test');
    const patient = await created<{ id: string }>(
      await page.request.post('/api/patients', {
        data: {
          givenName: 'Noor',
          familyName: uniqueFamilyName('Amend'),
          dateOfBirth: '1979-05-06',
          conditions: ['treatment_resistant_depression'],
        },
      }),
    );
    const course = await created<{ id: string }>(
      await page.request.post(`/api/patients/${patient.id}/courses`, {
        data: {
          indication: 'treatment_resistant_depression',
          startedOn: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
          dosePlan: { route: 'sublingual', doseMgMin: 100, doseMgMax: 300, maxDosingSessionsPerWeek: 2 },
        },
      }),
    );
    // A dose logged in a hurry: the pre-dose reading only, adverse events not answered.
    const occurredAt = new Date(Date.now() - 4 * 3_600_000).toISOString();
    const dose = await created<{ id: string; version: number }>(
      await page.request.post(`/api/patients/${patient.id}/sessions`, {
        headers: { 'Idempotency-Key': crypto.randomUUID() },
        data: {
          kind: 'dosing',
          occurredAt,
          durationMinutes: 120,
          setting: 'in_person',
          courseId: course.id,
          dosing: {
            route: 'sublingual',
            doseLabel: 'half_dissociative',
            doseMg: 150,
            vitals: [{ at: occurredAt, phase: 'pre', systolic: 124, diastolic: 80, heartRate: 70 }],
          },
        },
      }),
    );

    await page.goto(`/patients/${patient.id}`);
    await expect(
      page
        .locator('kap-patient-timeline')
        .getByText('Missing: post-dose vitals, adverse events not answered, signed note'),
    ).toBeVisible();
    await page.getByRole('link', { name: 'Complete documentation' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Complete documentation' })).toBeVisible();
    const reading = page.getByRole('group', { name: 'Post-dose reading' });
    const fillReading = async (systolic: string) => {
      await reading.getByLabel('Systolic').fill(systolic);
      await reading.getByLabel('Diastolic').fill('80');
      await reading.getByLabel('Heart rate').fill('74');
      await page.getByLabel('No adverse events').check();
    };

    // A reading no one can have is named at its field, and focus goes there.
    await fillReading('70');
    await page.getByRole('button', { name: 'Save documentation' }).click();
    await expect(page.getByText('Must be below the systolic pressure; check the reading.')).toBeVisible();
    await expect(reading.getByLabel('Diastolic')).toBeFocused();

    // Meanwhile the session changes elsewhere: saving is refused, nothing is overwritten.
    const elsewhere = await page.request.patch(`/api/sessions/${dose.id}`, {
      headers: { 'If-Match': `"${dose.version}"` },
      data: { durationMinutes: 110 },
    });
    expect(elsewhere.status(), await elsewhere.text()).toBe(200);
    await reading.getByLabel('Systolic').fill('128');
    await page.getByRole('button', { name: 'Save documentation' }).click();
    await expect(
      page.getByRole('heading', {
        name: 'This session changed since you opened it — reload to see the latest',
      }),
    ).toBeFocused();
    await page.getByRole('button', { name: 'Reload the session' }).click();
    await expect(page.getByRole('heading', { name: /This session changed/ })).toHaveCount(0);
    await expect(reading.getByLabel('Time')).toHaveValue(/^\d\d:\d\d$/);

    await fillReading('128');
    await page.getByRole('button', { name: 'Save documentation' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Noor / })).toBeVisible();
    await expect(page.locator('kap-patient-timeline').getByText('Missing: signed note')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Complete documentation' })).toHaveCount(0);
    const saved = await (await page.request.get(`/api/sessions/${dose.id}`)).json();
    expect(saved).toMatchObject({
      durationMinutes: 110,
      documentationMissing: ['signed_note'],
      dosing: { adverseEvents: [] },
    });
    expect(
      saved.dosing.vitals.map((v: { phase: string; systolic: number }) => [v.phase, v.systolic]),
    ).toEqual([
      ['pre', 124],
      ['post', 128],
    ]);
    expect(csp).toEqual([]);
  });
});
