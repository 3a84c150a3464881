import { expect, test } from '@playwright/test';
import {
  created,
  recordClearance,
  seriousA11yViolations,
  signIn,
  snapshot,
  uniqueFamilyName,
  watchCsp,
} from './support/journeys';

/** Aiyana Whitehorse (demo-patients.ts): linked to the demo medical team under a valid release; her latest dose is left undocumented. */
const AIYANA_ID = '00000000-0000-4000-8000-000000001005';

test.describe('a session’s own page', () => {
  test('from the timeline, a dose without a signed note reaches “Write the note” in one click', async ({
    page,
  }, testInfo) => {
    const csp = watchCsp(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, 'therapist@demo.test');
    const familyName = uniqueFamilyName('Visit');
    const patient = await created<{ id: string }>(
      await page.request.post('/api/patients', {
        data: { givenName: 'Mara', familyName, dateOfBirth: '1984-05-06', conditions: ['depression'] },
      }),
    );
    const course = await created<{ id: string }>(
      await page.request.post(`/api/patients/${patient.id}/courses`, {
        data: {
          indication: 'depression',
          startedOn: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
          dosePlan: { route: 'sublingual', doseMgMin: 100, doseMgMax: 300, maxDosingSessionsPerWeek: 2 },
          vitalsLimits: { systolicMax: 140, diastolicMax: 90, heartRateMax: 110 },
        },
      }),
    );
    await recordClearance(page.request, patient.id);
    // A dose this morning: the pre-dose blood pressure above the limit, no note written yet.
    const occurredAt = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const later = new Date(Date.parse(occurredAt) + 110 * 60_000).toISOString();
    const dose = await created<{ id: string }>(
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
            vitals: [
              { at: occurredAt, phase: 'pre', systolic: 152, diastolic: 84, heartRate: 76, spo2: 98 },
              { at: later, phase: 'post', systolic: 128, diastolic: 80, heartRate: 72, spo2: 99 },
            ],
            adverseEvents: [],
          },
        },
      }),
    );

    await page.goto(`/patients/${patient.id}`);
    const timeline = page.locator('kap-patient-timeline');
    await timeline.getByRole('link', { name: 'Missing: signed note' }).click();
    await expect(page).toHaveURL(new RegExp(`/patients/${patient.id}/sessions/${dose.id}$`));
    await expect(page.getByRole('heading', { level: 1, name: /^Dosing session · / })).toBeVisible();
    await expect(page.getByText(`Mara ${familyName} · In person, 120 min`)).toBeVisible();

    // The dosing record, with the reading above the limit said in words beside the limits.
    await expect(page.getByRole('heading', { level: 2, name: 'Dosing record' })).toBeVisible();
    await expect(
      page.getByText(
        'Limits as ordered by the prescriber: systolic ≤ 140, diastolic ≤ 90 mmHg, heart rate ≤ 110/min.',
      ),
    ).toBeVisible();
    const vitals = page.getByRole('table', { name: 'Vitals' });
    await expect(vitals.getByRole('row', { name: /Pre-dose/ })).toContainText('152/84 Above the limit');
    await expect(vitals.getByRole('row', { name: /Post-dose/ })).not.toContainText('limit');
    await expect(
      page.locator('.warning', { hasText: 'Vitals outside the prescriber’s limits' }),
    ).toBeVisible();
    await expect(page.locator('.alerts')).toContainText('Open:');
    await snapshot(page, testInfo, 'session-page-therapist');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // At 390 px the page, its table included, never scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    ).toBe(true);
    await snapshot(page, testInfo, 'session-page-therapist-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    // One click to the note editor, for this session and the kind offered after a dose.
    await page.getByRole('link', { name: 'Write the integration note' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Write a note' })).toBeVisible();
    await expect(page).toHaveURL(
      new RegExp(`/patients/${patient.id}/notes/new\\?sessionId=${dose.id}&kind=integration$`),
    );
    await expect(page.locator('kap-page-heading .lead')).toContainText(
      `Integration note · Mara ${familyName} · for the dosing session of`,
    );
    expect(csp).toEqual([]);
  });

  test('the prescriber reads a shared session and is offered no write or sign action', async ({
    page,
  }, testInfo) => {
    const csp = watchCsp(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, 'prescriber@demo.test');
    await page.goto(`/patients/${AIYANA_ID}`);
    // Newest first: her latest dose, whose record is not complete.
    await page
      .locator('kap-patient-timeline')
      .getByRole('link', { name: /^Dosing · / })
      .first()
      .click();
    await expect(page).toHaveURL(new RegExp(`/patients/${AIYANA_ID}/sessions/[0-9a-f-]+$`));
    await expect(page.getByRole('heading', { level: 1, name: /^Dosing session · / })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Vitals' })).toBeVisible();
    // (Another journey documents this dose later; whichever state it is in, nothing here writes.)
    await expect(page.getByText(/^(Missing: .*|Documentation complete)$/)).toBeVisible();
    await expect(
      page.getByText('The medical team reads this record; the practice writes and signs its notes.'),
    ).toBeVisible();
    const sessionPage = page.locator('kap-session-page');
    await expect(
      sessionPage.getByRole('link', { name: /Write the|Complete documentation|Open the draft/ }),
    ).toHaveCount(0);
    // (The shell's "Sign out" is outside the page: the page itself has no button at all.)
    await expect(sessionPage.getByRole('button')).toHaveCount(0);
    await snapshot(page, testInfo, 'session-page-prescriber');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(csp).toEqual([]);
  });
});
