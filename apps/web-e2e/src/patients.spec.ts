import { expect, test, type Page } from '@playwright/test';
import { seriousA11yViolations, signIn, snapshot, uniqueFamilyName, watchCsp } from './support/journeys';

const TEAM = 'Northstar Medical Team (demo)';

/** `YYYY-MM-DD`, `days` from today (UTC, as the API counts). */
function dateFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
}

/**
 * Opens a mat-select from the keyboard. An empty select's resting label lies over its trigger, so
 * a pointer click lands on the label (the form field forwards it); the keyboard is unambiguous.
 */
async function choose(page: Page, combobox: ReturnType<Page['getByRole']>, option: string): Promise<void> {
  await combobox.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect(combobox).toContainText(option);
}

async function openNav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
}

test.describe('patients, care team and medical status', () => {
  test('a therapist adds a patient and links the team; the prescriber records eligibility; the therapist sees it', async ({
    page,
  }, testInfo) => {
    test.setTimeout(120_000);
    const csp = watchCsp(page);
    const familyName = uniqueFamilyName('Quill');
    const followUp = dateFromToday(30);

    // The therapist's caseload.
    await signIn(page, 'therapist@demo.test');
    await openNav(page, 'Patients');
    await expect(page).toHaveURL('/patients');
    await expect(page).toHaveTitle('Patients · KAP Care');
    await expect(page.getByRole('heading', { level: 1, name: 'Patients' })).toBeFocused();
    const caseload = page.getByRole('list', { name: 'Patients' });
    await expect(caseload.getByRole('link', { name: 'Marcus Bell' })).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'caseload-therapist-1280');

    // The new-patient form, first sent empty: errors under the fields, focus on the first.
    await page.getByRole('link', { name: 'Add patient' }).click();
    await expect(page).toHaveURL('/patients/new');
    await expect(page.getByRole('heading', { level: 1, name: 'New patient' })).toBeFocused();
    await page.getByRole('button', { name: 'Save patient' }).click();
    await expect(page.getByLabel('Given name')).toBeFocused();
    await expect(page.getByText('Enter the given name.')).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'new-patient-errors');

    await page.getByLabel('Given name').fill('Imani');
    await page.getByLabel('Family name').fill(familyName);
    await page.getByLabel('Preferred name').fill('Mani');
    await page.getByLabel('Pronouns').fill('she/her');
    await page.getByLabel('Date of birth').fill('1988-03-14');
    await page.getByLabel('Email').fill('imani@example.test');
    await page.getByRole('group', { name: 'Conditions' }).getByRole('checkbox', { name: 'PTSD' }).check();
    await page
      .getByRole('group', { name: 'Conditions' })
      .getByRole('checkbox', { name: 'Generalized anxiety' })
      .check();
    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/patients') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Save patient' }).click();
    const createdResponse = await created;
    expect(createdResponse.status()).toBe(201);
    expect(createdResponse.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    await expect(page).toHaveURL(/\/patients\/[0-9a-f-]{36}$/);
    const patientId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await expect(page.getByRole('heading', { level: 1, name: `Mani ${familyName}` })).toBeFocused();
    await expect(page.getByText('No medical team is linked.')).toBeVisible();

    // Link the demo medical team with a release signed today, valid a year.
    const careTeam = page.getByRole('region', { name: 'Care team and release of information' });
    await choose(page, careTeam.getByRole('combobox', { name: 'Medical team' }), TEAM);
    await expect(careTeam.getByLabel('Release signed on')).toHaveValue(dateFromToday(0));
    await careTeam.getByRole('button', { name: 'Link team' }).click();
    await expect(careTeam.getByRole('status')).toContainText(
      `${TEAM} is linked. The release of information is valid until`,
    );
    await expect(careTeam.getByText('Release expires', { exact: true })).toBeVisible();
    await signOut(page);

    // The prescriber finds the patient among the linked ones and records eligibility.
    await signIn(page, 'prescriber@demo.test');
    await openNav(page, 'Linked patients');
    await expect(page.getByRole('heading', { level: 1, name: 'Linked patients' })).toBeFocused();
    await page.getByLabel('Search by name').fill(familyName.toLowerCase());
    const row = page
      .getByRole('list', { name: 'Patients' })
      .getByRole('link', { name: `Mani ${familyName}` });
    await expect(row).toBeVisible();
    // The search narrowed the list to this one patient.
    await expect(page.getByRole('list', { name: 'Patients' }).getByRole('heading', { level: 2 })).toHaveCount(
      1,
    );
    await row.click();
    await expect(page.getByRole('heading', { level: 1, name: `Mani ${familyName}` })).toBeVisible();
    // The reduced record: no contact details for the medical team.
    await expect(page.getByText('imani@example.test')).toHaveCount(0);
    await expect(page.getByRole('heading', { name: "Mirror what the team's portal shows" })).toHaveCount(0);

    const statusForm = page.getByRole('region', { name: 'Record the medical status' });
    await choose(page, statusForm.getByRole('combobox', { name: 'Eligibility' }), 'Eligible');
    await statusForm.getByLabel('Next follow-up due').fill(followUp);
    const recorded = page.waitForResponse(
      (r) => r.url().endsWith(`/api/patients/${patientId}/medical-status`) && r.request().method() === 'POST',
    );
    await statusForm.getByRole('button', { name: 'Record status' }).click();
    expect((await recorded).status()).toBe(201);
    await expect(statusForm.getByRole('status')).toHaveText('The medical status was recorded.');
    await signOut(page);

    // The therapist sees the team's status on the patient page.
    await signIn(page, 'therapist@demo.test');
    await page.goto(`/patients/${patientId}`);
    const status = page.getByRole('region', { name: 'Medical status', exact: true });
    await expect(status).toContainText('from the medical team (Dr. Elena Morales, MD)');
    await expect(status).toContainText('Eligible');
    const [y, m, d] = followUp.split('-').map(Number);
    const dueText = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(Date.UTC(y, m - 1, d));
    await expect(status).toContainText(dueText);
    await expect(page.getByRole('region', { name: 'Status history' })).toContainText(
      'entered by Dr. Elena Morales, MD',
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'patient-therapist-1280');

    await page.setViewportSize({ width: 390, height: 844 });
    await expect(status).toBeVisible();
    await snapshot(page, testInfo, 'patient-therapist-390');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await openNav(page, 'Patients');
    await expect(page.getByRole('heading', { level: 1, name: 'Patients' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Patients' }).getByRole('link').first()).toBeVisible();
    await snapshot(page, testInfo, 'caseload-therapist-390');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(csp).toEqual([]);
  });

  test('the expired release says what stopped being shared, and a stranger id answers "not found"', async ({
    page,
  }, testInfo) => {
    await signIn(page, 'therapist@demo.test');
    await openNav(page, 'Patients');
    const caseload = page.getByRole('list', { name: 'Patients' });
    await expect(caseload.getByRole('link').first()).toBeVisible();
    // Keep loading until the seeded patient with an expired release is in the list.
    const expired = caseload.getByRole('listitem').filter({ hasText: 'Release expired' }).first();
    while (
      (await expired.count()) === 0 &&
      (await page.getByRole('button', { name: 'Load more' }).count()) > 0
    ) {
      await page.getByRole('button', { name: 'Load more' }).click();
    }
    await expired.getByRole('link').first().click();
    await expect(page.getByRole('region', { name: 'Care team and release of information' })).toContainText(
      /Nothing is shared with .+ since .+: notes, sessions, scores and updates stay in the practice until a new release is recorded\./,
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'patient-expired-release');

    await page.goto('/patients/00000000-0000-4000-8000-00000000dead');
    await expect(page.getByText('This patient was not found, or is not shared with you.')).toBeVisible();
  });

  test('the medical team lands on its linked patients', async ({ page }, testInfo) => {
    await signIn(page, 'prescriber@demo.test');
    await openNav(page, 'Linked patients');
    await expect(page).toHaveTitle('Linked patients · KAP Care');
    await expect(page.getByRole('list', { name: 'Patients' }).getByRole('link').first()).toBeVisible();
    await expect(page.getByRole('link', { name: 'Add patient' })).toHaveCount(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'caseload-prescriber-1280');
  });
});
