import { expect, request, test, type Page } from '@playwright/test';
import {
  created,
  DEMO_PASSWORD,
  seriousA11yViolations,
  signIn,
  snapshot,
  uniqueFamilyName,
  watchCsp,
} from './support/journeys';

const DAY_MS = 86_400_000;
const TEAM = 'Northstar Medical Team (demo)';

const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

/** PHQ-9 answers adding up to `total` (at most 24), filled item by item, item 9 always 0. */
function phq9Answers(total: number): number[] {
  const items = Array.from({ length: 9 }, () => 0);
  let left = total;
  for (let i = 0; i < 8 && left > 0; i++) {
    items[i] = Math.min(3, left);
    left -= items[i];
  }
  return items;
}

/**
 * A patient with a year of PHQ-9 history (a responder reaching remission), a course start and a
 * medical-team update to mark on the chart, and one score entered wrongly to be voided.
 */
async function patientWithHistory(page: Page): Promise<{ id: string; name: string }> {
  const familyName = uniqueFamilyName('Trend');
  const patient = await created<{ id: string }>(
    await page.request.post('/api/patients', {
      data: {
        givenName: 'Olive',
        familyName,
        dateOfBirth: '1984-05-06',
        conditions: ['treatment_resistant_depression'],
      },
    }),
  );
  await created(
    await page.request.post(`/api/patients/${patient.id}/courses`, {
      data: {
        indication: 'treatment_resistant_depression',
        startedOn: daysAgo(370).toISOString().slice(0, 10),
      },
    }),
  );
  const totals = [21, 19, 17, 15, 13, 12, 10, 9, 8, 6, 5, 4];
  for (const [index, total] of totals.entries()) {
    await created(
      await page.request.post(`/api/patients/${patient.id}/outcomes`, {
        data: {
          instrument: 'PHQ9',
          administeredAt: daysAgo(360 - index * 30).toISOString(),
          items: phq9Answers(total),
        },
      }),
    );
  }
  // 23: a total no other score has, so the test can find its row.
  await created(
    await page.request.post(`/api/patients/${patient.id}/outcomes`, {
      data: { instrument: 'PHQ9', administeredAt: daysAgo(200).toISOString(), items: phq9Answers(23) },
    }),
  );

  // Link the demo medical team, so its prescriber can record a follow-up that the chart marks.
  const teams = (await (await page.request.get('/api/medical-teams?limit=200')).json()) as {
    items: { id: string; name: string }[];
  };
  const team = teams.items.find((t) => t.name === TEAM);
  expect(team, 'the demo medical team').toBeTruthy();
  const link = await page.request.put(`/api/patients/${patient.id}/care-team`, {
    data: {
      medicalTeamId: team?.id,
      releaseOfInformation: {
        signedOn: daysAgo(380).toISOString().slice(0, 10),
        expiresOn: daysAgo(-300).toISOString().slice(0, 10),
      },
    },
  });
  expect(link.status(), await link.text()).toBe(200);
  const prescriber = await request.newContext({ baseURL: new URL(page.url()).origin });
  try {
    const login = await prescriber.post('/api/auth/login', {
      data: { email: 'prescriber@demo.test', password: DEMO_PASSWORD },
    });
    expect(login.status()).toBe(200);
    for (const days of [330, 150]) {
      await created(
        await prescriber.post(`/api/patients/${patient.id}/medical-status`, {
          data: { asOf: daysAgo(days).toISOString(), eligibility: 'eligible', note: 'Follow-up visit.' },
        }),
      );
    }
  } finally {
    await prescriber.dispose();
  }
  return { id: patient.id, name: `Olive ${familyName}` };
}

test.describe('outcome measures and alerts', () => {
  test('a PHQ-9 entered by keyboard alone is scored live, charted, and its item 9 alert acknowledged', async ({
    page,
  }, testInfo) => {
    test.setTimeout(180_000);
    const csp = watchCsp(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, 'therapist@demo.test');
    const patient = await patientWithHistory(page);

    // From the patient page to score entry; then by keyboard alone: focus the first answer, type nine digits.
    await page.goto(`/patients/${patient.id}`);
    await page
      .getByRole('region', { name: 'Outcome measures' })
      .getByRole('link', { name: 'Enter a score' })
      .click();
    await expect(page).toHaveURL(`/patients/${patient.id}/scores/new`);
    await expect(page.getByRole('heading', { level: 1, name: 'Enter a score' })).toBeVisible();
    await expect(page.getByText(`For ${patient.name}.`)).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Answer all 9 items' })).toBeVisible();
    const firstItem = page.getByRole('group', { name: /^1\. Little interest/ });
    await firstItem.getByRole('radio').first().focus();
    await page.keyboard.type('110101001');
    await expect(page.getByRole('radio', { name: 'Several days' }).nth(8)).toBeChecked();
    // Total and band before saving, computed in the browser by the shared domain code.
    await expect(page.getByRole('status').filter({ hasText: 'Total' })).toHaveText('Total: 5 of 27, Mild');
    await expect(
      page.getByText('Item 9 (thoughts of being better off dead or of self-harm) is answered above 0'),
    ).toBeVisible();
    await expect(page.getByText('not monitored around the clock').first()).toBeVisible();
    // After item 9, focus is on the optional difficulty question; a digit there moves to Save.
    await expect(
      page
        .getByRole('group', { name: /how difficult have these problems/ })
        .getByRole('radio')
        .first(),
    ).toBeFocused();
    await page.keyboard.type('1');
    await expect(page.getByRole('button', { name: 'Save PHQ-9' })).toBeFocused();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'score-entry-phq9-1280');

    const saved = page.waitForResponse(
      (r) => r.url().endsWith(`/api/patients/${patient.id}/outcomes`) && r.request().method() === 'POST',
    );
    await page.keyboard.press('Enter');
    const savedResponse = await saved;
    expect(savedResponse.status()).toBe(201);
    expect(savedResponse.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);

    // The trend page: the new point is on the chart and in the tables.
    await expect(page).toHaveURL(`/patients/${patient.id}/scores/PHQ9`);
    // (The browser drops the POST's body on navigation, so ask the API what it stored.)
    const latest = await (
      await page.request.get(`/api/patients/${patient.id}/outcomes?instrument=PHQ9&limit=1`)
    ).json();
    expect(latest.items[0]).toMatchObject({
      total: 5,
      severity: 'mild',
      flags: ['suicidality_item_positive'],
      difficulty: 1,
    });
    await expect(page.getByRole('heading', { level: 1, name: 'PHQ-9 trend' })).toBeVisible();
    const chart = page.getByRole('img', { name: /PHQ-9 totals, 14 scores/ });
    await expect(chart).toBeVisible();
    await expect(chart).toHaveAttribute('aria-label', /latest 5 \(Mild\)/);
    const painted = await chart.evaluate((canvas: HTMLCanvasElement) => {
      const context = canvas.getContext('2d');
      if (!context) return 0;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
      return count;
    });
    expect(painted, 'the chart painted pixels').toBeGreaterThan(10_000);
    const scores = page.getByRole('table', { name: 'PHQ-9 scores, newest first' });
    await expect(scores.getByRole('row').nth(1).getByRole('cell').nth(1)).toHaveText('5');
    await expect(page.getByRole('table', { name: 'PHQ-9 answers by item and date' })).toBeVisible();
    await expect(page.getByRole('list').filter({ hasText: 'from baseline (21)' })).toContainText(
      'Reliable improvement',
    );

    // The wrong score is voided with a reason and listed apart.
    const wrongTotal = page.getByRole('cell', { name: '23', exact: true });
    const wrongRow = scores.getByRole('row').filter({ has: wrongTotal });
    await wrongRow.getByRole('button', { name: /^Void/ }).click();
    const voidDialog = page.getByRole('dialog', { name: 'Void this score?' });
    await voidDialog.getByRole('button', { name: 'Void score' }).click();
    await expect(voidDialog.getByText('Say why this score is wrong.')).toBeVisible();
    await voidDialog.getByLabel('Why is it wrong?').fill('Entered from another patient’s form.');
    await voidDialog.getByRole('button', { name: 'Void score' }).click();
    await expect(voidDialog).toBeHidden();
    await expect(page.getByRole('region', { name: 'Voided scores' })).toContainText(
      'Reason: Entered from another patient’s form.',
    );
    await expect(scores.getByRole('row').filter({ has: wrongTotal })).toHaveCount(0);

    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
    await snapshot(page, testInfo, 'trend-phq9-1280');

    // The alerts inbox: the item 9 alert for this patient, in words, acknowledged with an action.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
    await expect(page).toHaveURL('/alerts');
    await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
    const row = page.getByRole('listitem').filter({ hasText: patient.name });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('PHQ-9 item 9 (thoughts of self-harm) answered above 0');
    await expect(row).toContainText('Urgent');
    await expect(row.getByRole('link', { name: patient.name })).toHaveAttribute(
      'href',
      `/patients/${patient.id}`,
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'alerts-1280');

    await row.getByRole('button', { name: /^Acknowledge/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Acknowledge alert' });
    await expect(dialog).toContainText('not monitored around the clock');
    await expect(dialog).toContainText("the medical team's on-call line");
    await dialog.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(dialog.getByText('Say what was done')).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'acknowledge-dialog-1280');

    await dialog
      .getByLabel('What was done?')
      .fill('Called the patient the same day; safety plan reviewed; prescriber informed.');
    const acknowledged = page.waitForResponse(
      (r) => r.url().includes('/acknowledge') && r.request().method() === 'POST',
    );
    await dialog.getByRole('button', { name: 'Acknowledge' }).click();
    expect((await acknowledged).status()).toBe(200);
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('listitem').filter({ hasText: patient.name })).toHaveCount(0);

    await page.getByRole('switch', { name: 'Show acknowledged' }).click();
    const done = page
      .getByRole('region', { name: 'Acknowledged alerts' })
      .getByRole('listitem')
      .filter({ hasText: patient.name });
    await expect(done).toContainText(
      'What was done: Called the patient the same day; safety plan reviewed; prescriber informed.',
    );
    expect(csp).toEqual([]);
  });

  test('the API refuses to acknowledge an urgent alert without an action', async ({ page }) => {
    await signIn(page, 'therapist@demo.test');
    const familyName = uniqueFamilyName('Alert');
    const patient = await created<{ id: string }>(
      await page.request.post('/api/patients', {
        data: { givenName: 'Nell', familyName, dateOfBirth: '1990-02-03', conditions: ['depression'] },
      }),
    );
    await created(
      await page.request.post(`/api/patients/${patient.id}/outcomes`, {
        data: {
          instrument: 'PHQ9',
          administeredAt: new Date().toISOString(),
          items: [1, 1, 1, 1, 1, 1, 1, 1, 2],
        },
      }),
    );
    const alerts = (await (
      await page.request.get(`/api/alerts?status=open&patientId=${patient.id}`)
    ).json()) as { items: { id: string }[] };
    expect(alerts.items).toHaveLength(1);
    const refused = await page.request.post(`/api/alerts/${alerts.items[0].id}/acknowledge`, { data: {} });
    expect(refused.status()).toBe(400);

    // The C-SSRS screen by keyboard: a no to question 2 skips 3–5 straight to 6.
    await page.goto(`/patients/${patient.id}/scores/new?instrument=CSSRS_SCREEN`);
    await page
      .getByRole('group', { name: /^1\. Past month: have you wished/ })
      .getByRole('radio')
      .first()
      .focus();
    await page.keyboard.type('yn');
    await expect(
      page
        .getByRole('group', { name: /^6\. Ever in your life/ })
        .getByRole('radio')
        .first(),
    ).toBeFocused();
    await expect(page.getByRole('group', { name: /^3\. / }).getByRole('radio').first()).toBeDisabled();
    await page.keyboard.type('n');
    await expect(page.getByRole('status').filter({ hasText: 'Result' })).toHaveText('Result: Low risk');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The empty trend of an instrument with no scores yet.
    await page.goto(`/patients/${patient.id}/scores/GAD7`);
    await expect(page.getByText('No GAD-7 scores yet — enter the first one.')).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
