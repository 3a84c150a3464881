import { expect, test, type Page } from '@playwright/test';
import { seriousA11yViolations, signIn, snapshot, uniqueFamilyName, watchCsp } from './support/journeys';

const PRACTICE = 'Riverbend Therapy Collective (demo)';
const PHQ9_NAME = 'Patient Health Questionnaire (PHQ-9)';
const GAD7_NAME = 'Generalized Anxiety Disorder scale (GAD-7)';

/** A patient of the signed-in therapist, with a course (so the measurement plan shows). */
async function newPatient(page: Page): Promise<{ id: string; name: string }> {
  const familyName = uniqueFamilyName('Selfreport');
  const patient = await page.request.post('/api/patients', {
    data: {
      givenName: 'Rowan',
      familyName,
      dateOfBirth: '1988-03-14',
      conditions: ['treatment_resistant_depression'],
    },
  });
  expect(patient.status(), await patient.text()).toBe(201);
  const { id } = (await patient.json()) as { id: string };
  const course = await page.request.post(`/api/patients/${id}/courses`, {
    data: { indication: 'treatment_resistant_depression', startedOn: new Date().toISOString().slice(0, 10) },
  });
  expect(course.status(), await course.text()).toBe(201);
  return { id, name: `Rowan ${familyName}` };
}

/** Creates a link from the patient page's "Questionnaires" section and reads it from the field it is shown in once. */
async function createLink(page: Page, instruments: string[]): Promise<string> {
  const section = page.getByRole('region', { name: 'Questionnaires' });
  for (const name of instruments) await section.getByRole('checkbox', { name }).check();
  const created = page.waitForResponse(
    (r) => r.url().endsWith('/questionnaire-requests') && r.request().method() === 'POST',
  );
  await section.getByRole('button', { name: 'Create link' }).click();
  expect((await created).status()).toBe(201);
  const field = section.getByRole('textbox', { name: 'Questionnaire link (shown only now)' });
  await expect(field).toBeFocused();
  await expect(section.getByText('This link will not be shown again')).toBeVisible();
  return field.inputValue();
}

test.describe('patient self-report', () => {
  test('a PHQ-9 + GAD-7 link answered on a phone: crisis line, patient-reported points, the urgent alert', async ({
    page,
    browser,
    baseURL,
  }, testInfo) => {
    test.setTimeout(180_000);
    const csp = watchCsp(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    await signIn(page, 'therapist@demo.test');
    const patient = await newPatient(page);

    // "Send a questionnaire" goes to the section, on the same page.
    await page.goto(`/patients/${patient.id}`);
    await expect(page.getByRole('heading', { level: 1, name: patient.name })).toBeVisible();
    await page
      .getByRole('navigation', { name: 'Patient actions' })
      .getByRole('link', { name: 'Send a questionnaire' })
      .click();
    await expect(page.getByRole('heading', { level: 2, name: 'Questionnaires' })).toBeFocused();
    await expect(page).toHaveURL(`/patients/${patient.id}`);

    const url = await createLink(page, [PHQ9_NAME, GAD7_NAME]);
    expect(url).toMatch(/\/q\/[A-Za-z0-9_-]{22,}$/);
    await page
      .getByRole('region', { name: 'Questionnaires' })
      .getByRole('button', { name: 'Copy link' })
      .click();
    await expect(page.getByText('The link was copied.')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await expect(
      page.getByRole('region', { name: 'Questionnaires' }).getByRole('listitem').first(),
    ).toContainText('PHQ-9, GAD-7 Open');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('heading', { level: 2, name: 'Questionnaires' }).scrollIntoViewIfNeeded();
    await snapshot(page, testInfo, 'self-report-patient-page-link-1280');

    // The course offers the suggested measurement plan; it is saved on the button only.
    const plan = page.getByRole('region', { name: 'Measurement plan' });
    await expect(plan).toContainText('This course has no measurement plan');
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/measurement-plan') && r.request().method() === 'PUT',
    );
    await plan.getByRole('button', { name: 'Use the suggested plan' }).click();
    expect((await saved).status()).toBe(200);
    await expect(plan.getByRole('listitem')).toHaveText([
      'PHQ-9 and GAD-7, 24 hours after each dose.',
      'PHQ-9 and GAD-7, every 7 days while the course is in preparation, dosing or integration.',
    ]);

    // The patient: another browser, no cookies, a phone's screen.
    const phone = await browser.newContext({
      baseURL,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      const patientPage = await phone.newPage();
      const patientCsp = watchCsp(patientPage);
      const sessionChecks: string[] = [];
      patientPage.on('request', (request) => {
        if (request.url().includes('/api/auth/')) sessionChecks.push(request.url());
      });
      await patientPage.goto(new URL(url).pathname);
      await expect(patientPage.getByRole('heading', { level: 1, name: 'Hello Rowan' })).toBeVisible();
      await expect(patientPage.getByRole('banner')).toHaveText(PRACTICE);
      await expect(patientPage.getByText(patient.name)).toHaveCount(0);
      await expect(patientPage.getByText('Question 1 of 18')).toBeVisible();
      expect(await seriousA11yViolations(patientPage)).toEqual([]);
      await snapshot(patientPage, testInfo, 'self-report-question-390');
      const noScroll = await patientPage.evaluate(
        () => document.documentElement.scrollWidth <= window.innerWidth,
      );
      expect(noScroll, 'no sideways scroll at 390 px').toBe(true);

      // PHQ-9: items 1–8 "Not at all", item 9 "Several days", the closing question left out.
      // Each answer waits for its own question first: a click must not land on the one before.
      let question = 1;
      const answer = async (label: string) => {
        await expect(patientPage.getByText(`Question ${question} of 18`)).toBeVisible();
        const choice = patientPage.getByRole('radio', { name: label, exact: true });
        await choice.check();
        await expect(choice).toBeChecked();
        await patientPage.getByRole('button', { name: 'Next' }).click();
        question++;
      };
      for (let i = 0; i < 8; i++) await answer('Not at all');
      await expect(patientPage.getByText('Question 9 of 18')).toBeVisible();
      await expect(
        patientPage.getByRole('group', { name: /Thoughts that you would be better off dead/ }),
      ).toBeVisible();
      await answer('Several days');
      await expect(
        patientPage.getByRole('group', { name: /how difficult have these problems made it/ }),
      ).toContainText('(optional)');
      await patientPage.getByRole('button', { name: 'Next' }).click();
      // GAD-7 by keyboard alone. Each new screen puts focus on its question; Tab enters the
      // answers, the arrow key picks "Several days", Tab past Back to Next, Enter.
      await expect(patientPage.getByRole('heading', { level: 2, name: GAD7_NAME })).toBeVisible();
      for (let i = 0; i < 7; i++) {
        await expect(patientPage.getByText(`Question ${11 + i} of 18`)).toBeVisible();
        await expect(patientPage.locator('legend')).toBeFocused();
        await patientPage.keyboard.press('Tab');
        await patientPage.keyboard.press('ArrowDown');
        await expect(patientPage.getByRole('radio', { name: 'Several days', exact: true })).toBeChecked();
        await patientPage.keyboard.press('Tab');
        await patientPage.keyboard.press('Tab');
        await expect(patientPage.getByRole('button', { name: 'Next' })).toBeFocused();
        await patientPage.keyboard.press('Enter');
      }
      await expect(patientPage.getByText('Question 18 of 18')).toBeVisible();
      await patientPage.getByRole('radio', { name: 'Somewhat difficult' }).check();
      const sent = patientPage.waitForResponse(
        (r) => r.url().endsWith(new URL(url).pathname) && r.request().method() === 'POST',
      );
      await patientPage.getByRole('button', { name: 'Send my answers' }).click();
      const sentResponse = await sent;
      expect(sentResponse.status()).toBe(201);
      expect(sentResponse.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
      expect(await sentResponse.json()).toEqual({ received: 2, crisisResources: true });

      // The crisis line first, then the thank-you.
      await expect(
        patientPage.getByRole('heading', { level: 1, name: 'Please reach out for support now' }),
      ).toBeFocused();
      await expect(patientPage.getByRole('link', { name: 'Call 988' })).toHaveAttribute('href', 'tel:988');
      await expect(patientPage.getByRole('link', { name: 'Text 988' })).toHaveAttribute('href', 'sms:988');
      await expect(
        patientPage.getByText(`Your therapist at ${PRACTICE} will see your answers`),
      ).toBeVisible();
      await expect(patientPage.getByRole('heading', { level: 2, name: 'Thank you, Rowan' })).toBeVisible();
      expect(await seriousA11yViolations(patientPage)).toEqual([]);
      await snapshot(patientPage, testInfo, 'self-report-crisis-390');

      // The link is single use: opened again, it says it is closed.
      await patientPage.reload();
      await expect(
        patientPage.getByRole('heading', { level: 1, name: 'This questionnaire is closed' }),
      ).toBeVisible();
      await expect(patientPage.getByText('Ask your therapist for a new link.')).toBeVisible();
      expect(sessionChecks, 'the public page never asks who is signed in').toEqual([]);
      expect(patientCsp).toEqual([]);
    } finally {
      await phone.close();
    }

    // The therapist: the request is answered, both scores are on their trends as patient-reported.
    await page.reload();
    await expect(
      page.getByRole('region', { name: 'Questionnaires' }).getByRole('listitem').first(),
    ).toContainText('PHQ-9, GAD-7 Answered');
    for (const [code, name] of [
      ['PHQ9', 'PHQ-9'],
      ['GAD7', 'GAD-7'],
    ]) {
      await page.goto(`/patients/${patient.id}/scores/${code}`);
      await expect(page.getByRole('heading', { level: 1, name: `${name} trend` })).toBeVisible();
      await expect(page.getByText('Hollow diamonds: patient-reported scores.')).toBeVisible();
      await expect(
        page
          .getByRole('table', { name: `${name} scores, newest first` })
          .getByRole('row')
          .nth(1),
      ).toContainText('patient-reported');
    }
    await snapshot(page, testInfo, 'self-report-trend-gad7-1280');

    // The urgent item 9 alert, as for a typed score.
    await page.goto('/alerts');
    const alert = page.getByRole('listitem').filter({ hasText: patient.name });
    await expect(alert).toContainText('PHQ-9 item 9 (thoughts of self-harm) answered above 0');
    await expect(alert).toContainText('Urgent');
    expect(csp).toEqual([]);
  });

  test('on a desktop every question is on one page; a cancelled link is closed', async ({
    page,
    browser,
    baseURL,
  }, testInfo) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, 'therapist@demo.test');
    const patient = await newPatient(page);
    await page.goto(`/patients/${patient.id}`);
    const url = await createLink(page, [PHQ9_NAME, GAD7_NAME]);

    const desktop = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
    try {
      const patientPage = await desktop.newPage();
      await patientPage.goto(new URL(url).pathname);
      await expect(patientPage.getByRole('heading', { level: 1, name: 'Hello Rowan' })).toBeVisible();
      await expect(patientPage.getByRole('group')).toHaveCount(18);
      await expect(patientPage.getByText('Question 18 of 18')).toBeVisible();
      await expect(patientPage.getByRole('status')).toHaveText('0 of 18 questions answered');
      expect(await seriousA11yViolations(patientPage)).toEqual([]);
      await snapshot(patientPage, testInfo, 'self-report-all-questions-1280');

      // Sending too early points at what is missing.
      await patientPage.getByRole('radio', { name: 'Not at all' }).first().check();
      await patientPage.getByRole('button', { name: 'Send my answers' }).click();
      await expect(patientPage.getByText('15 questions still need an answer.')).toBeVisible();
      await expect(
        patientPage.getByRole('group', { name: /Feeling down, depressed, or hopeless/ }).locator('legend'),
      ).toBeFocused();
      expect(await seriousA11yViolations(patientPage)).toEqual([]);

      // The therapist cancels the link; the patient's page then says it is closed.
      const section = page.getByRole('region', { name: 'Questionnaires' });
      await section.getByRole('button', { name: /^Cancel\s+the link for PHQ-9, GAD-7/ }).click();
      const cancelled = page.waitForResponse((r) => r.url().endsWith('/cancel'));
      await section.getByRole('button', { name: /^Cancel the link\s+for PHQ-9, GAD-7/ }).click();
      expect((await cancelled).status()).toBe(200);
      await expect(section.getByRole('listitem').first()).toContainText('PHQ-9, GAD-7 Cancelled');
      await patientPage.reload();
      await expect(
        patientPage.getByRole('heading', { level: 1, name: 'This questionnaire is closed' }),
      ).toBeVisible();
      await snapshot(patientPage, testInfo, 'self-report-closed-1280');

      await patientPage.goto('/q/this-is-not-a-link');
      await expect(
        patientPage.getByRole('heading', { level: 1, name: 'This link is not valid.' }),
      ).toBeVisible();
    } finally {
      await desktop.close();
    }
  });
});
