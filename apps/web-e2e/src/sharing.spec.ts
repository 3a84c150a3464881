import { expect, test, type Page } from '@playwright/test';
import type { Session } from '@kap/shared/contracts';
import { seriousA11yViolations, signIn, snapshot, watchCsp } from './support/journeys';

/** Demo ids (demo-patients.ts): Aiyana's latest dose is left undocumented four days before her follow-up. */
const AIYANA = { id: '00000000-0000-4000-8000-000000001005', name: 'Aiyana Whitehorse' };
/** Björn's release of information expired ten days ago: nothing may be shared. */
const BJORN = { id: '00000000-0000-4000-8000-000000001009' };

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
}

/** The navigation's unread badge shows `count` (and is gone at 0). */
async function expectUnreadBadge(page: Page, count: number): Promise<void> {
  const badge = page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('img', { name: /unread care-team update/ });
  if (count === 0) await expect(badge).toHaveCount(0);
  else await expect(badge).toHaveAccessibleName(`${count} unread care-team update${count === 1 ? '' : 's'}`);
}

/** The dose the demo seed left undocumented. */
async function undocumentedDose(page: Page): Promise<Session> {
  const sessions = await page.request.get(`/api/patients/${AIYANA.id}/sessions?kind=dosing`);
  expect(sessions.ok()).toBe(true);
  const dose = ((await sessions.json()) as { items: Session[] }).items.find(
    (s) => s.documentationComplete === false,
  );
  if (!dose?.dosing) throw new Error('the demo seed leaves one dose of Aiyana undocumented');
  return dose;
}

/** The care-team updates section of the patient page, once it has loaded. */
async function thread(page: Page) {
  const section = page.locator('kap-care-team-thread section');
  await expect(section.getByRole('heading', { level: 2, name: 'Care-team updates' })).toBeVisible();
  await expect(section.getByText('Loading the care-team updates…')).toBeHidden();
  return section;
}

test.describe('dashboard and follow-up packet', () => {
  test('the therapist sees who needs attention and opens a follow-up packet', async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, 'therapist@demo.test');

    // The home page is the attention list: a demo patient with at least one reason in plain words.
    const list = page.getByRole('list', { name: 'Patients who need attention' });
    await expect(list).toBeVisible();
    const first = list.locator(':scope > li').first();
    const patient = first.locator('a.patient');
    await expect(patient).toHaveAttribute('href', /^\/patients\/[0-9a-f-]+$/);
    const name = (await patient.textContent())?.trim() ?? '';
    expect(name).not.toBe('');
    await expect(first.locator('.reason-text').first()).not.toBeEmpty();
    await expect(first.locator('kap-severity-chip').first()).toHaveText(/^(Urgent|Warning|Information)$/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'dashboard-1280');

    await first.getByRole('link', { name: /^Follow-up packet/ }).click();
    await expect(page).toHaveURL(/\/patients\/[0-9a-f-]+\/packet$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Follow-up packet' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: `Follow-up packet: ${name}` })).toBeVisible();
    await expect(page.getByRole('heading', { level: 3, name: 'Dosing sessions' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy as text' })).toBeEnabled();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'packet-1280');

    // Printed, the shell's navigation and the page's buttons disappear.
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
    await expect(page.getByRole('button', { name: 'Copy as text' })).toBeHidden();
    await expect(page.getByRole('heading', { level: 2, name: `Follow-up packet: ${name}` })).toBeVisible();
    await snapshot(page, testInfo, 'packet-print');
  });

  test('the therapist documents a dose and sends the packet; the prescriber acknowledges; the therapist sees it', async ({
    page,
  }, testInfo) => {
    test.setTimeout(240_000);
    const csp = watchCsp(page);
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, 'therapist2@demo.test');

    // The dashboard: Aiyana, follow-up due and her latest dose not fully documented.
    const list = page.getByRole('list', { name: 'Patients who need attention' });
    const row = list
      .locator(':scope > li')
      .filter({ has: page.getByRole('link', { name: AIYANA.name, exact: true }) });
    await expect(row.getByText(/^Medical follow-up (due on|overdue since) /)).toBeVisible();
    await expect(row.getByText('Dosing session not fully documented')).toBeVisible();

    // Documenting the dose: the timeline links the dose to the form that adds the post-dose
    // reading and the adverse-events answer (PATCH with If-Match); the signed note is written in
    // the note editor.
    await row.getByRole('link', { name: AIYANA.name, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: AIYANA.name })).toBeVisible();
    const dose = await undocumentedDose(page);
    expect(dose.documentationMissing).toEqual(['post_vitals', 'adverse_events', 'signed_note']);
    await page.getByRole('link', { name: 'Complete documentation' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Complete documentation' })).toBeVisible();
    const missing = page.getByRole('region', { name: 'What is missing' });
    await expect(missing.getByRole('listitem')).toHaveText([
      'Post-dose vitals',
      'Adverse events not answered',
      'Signed note',
    ]);
    const reading = page.getByRole('group', { name: 'Post-dose reading' });
    await reading.getByLabel('Systolic').fill('126');
    await reading.getByLabel('Diastolic').fill('80');
    await reading.getByLabel('Heart rate').fill('76');
    await reading.getByLabel('SpO2 %').fill('98');
    await page.getByRole('group', { name: 'Adverse events' }).getByLabel('No adverse events').check();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save documentation' }).click();
    await expect(page.getByRole('heading', { level: 1, name: AIYANA.name })).toBeVisible();
    await expect(page.locator('kap-patient-timeline').getByText('Missing: signed note')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Complete documentation' })).toHaveCount(0);
    const documented = await page.request.get(`/api/sessions/${dose.id}`);
    expect(((await documented.json()) as Session).documentationMissing).toEqual(['signed_note']);

    await page.goto(`/patients/${AIYANA.id}/notes/new?sessionId=${dose.id}&kind=progress`);
    await expect(page.getByRole('heading', { level: 1, name: 'Write a note' })).toBeVisible();
    await page
      .getByLabel('Note', { exact: true })
      .fill(
        'Dosing session, 200 mg sublingual. Tolerated well; post-dose reading normal; no adverse events.',
      );
    await page.getByLabel('Share with the medical team once signed').check();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Draft saved' })).toBeVisible();
    await page.getByRole('button', { name: 'Sign note' }).click();
    await page.getByRole('button', { name: 'Sign', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Progress note (signed)' })).toBeVisible();

    // Home again: the documentation reason is gone, the follow-up remains.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Home/ }).click();
    await expect(row.getByText(/^Medical follow-up (due on|overdue since) /)).toBeVisible();
    await expect(row.getByText('Dosing session not fully documented')).toBeHidden();

    // The packet: every dose documented; printed, it reads as a document.
    await row.getByRole('link', { name: `Follow-up packet for ${AIYANA.name}` }).click();
    await expect(
      page.getByRole('heading', { level: 2, name: `Follow-up packet: ${AIYANA.name}` }),
    ).toBeVisible();
    const packet = page.getByRole('article');
    await expect(packet.getByText(/^\d+ of \d+ dosing sessions fully documented$/)).toBeVisible();
    await expect(packet.getByText(/^Incomplete:/)).toHaveCount(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    // An A4 page's width at 96 dpi, so the screenshot shows the layout that goes to paper.
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
    await expect(page.getByRole('button', { name: 'Send to the medical team' })).toBeHidden();
    await expect(packet.getByText(/Confidential health information/)).toBeVisible();
    await page.screenshot({
      path: `${testInfo.project.outputDir}/screenshots/packet-print.png`,
      fullPage: true,
    });
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Sent to the medical team, with a question.
    await page.getByRole('button', { name: 'Send to the medical team' }).click();
    await page
      .getByLabel('Note for the medical team (optional)')
      .fill('Ready for Thursday: should the next dose stay at 200 mg?');
    await page.getByRole('button', { name: 'Send packet' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Packet sent to the medical team' }),
    ).toBeVisible();

    // On the patient page: the update, not yet acknowledged, and its disclosure.
    await page.getByRole('link', { name: 'Back to the patient' }).click();
    let updates = await thread(page);
    const sent = updates
      .getByRole('listitem')
      .filter({ hasText: 'Ready for Thursday: should the next dose stay at 200 mg?' })
      .last();
    await expect(sent.getByRole('heading', { level: 3, name: 'Follow-up' })).toBeVisible();
    // A card, not the packet's raw text: its period in words and a link to the packet page.
    await expect(
      sent.getByText(/^Follow-up packet for \d{1,2} \w{3}( \d{4})? – \d{1,2} \w{3} \d{4}$/),
    ).toBeVisible();
    await expect(sent.getByRole('link', { name: 'See the packet as it is now' })).toHaveAttribute(
      'href',
      `/patients/${AIYANA.id}/packet`,
    );
    await expect(sent.getByText(/From the practice · Sam Okafor, LCSW/)).toBeVisible();
    await expect(sent.getByText('Not acknowledged yet')).toBeVisible();
    await expect(sent.getByRole('button', { name: /^Acknowledge/ })).toHaveCount(0);
    const disclosures = page.locator('kap-disclosures-section');
    await expect(disclosures.getByRole('row').filter({ hasText: 'Follow-up packet' }).first()).toContainText(
      'Northstar',
    );
    // Compose open, so axe sees the form and its pickers too.
    await updates.getByRole('button', { name: 'Write an update' }).click();
    await expect(updates.getByRole('group', { name: 'Attach shared notes' })).toBeVisible();
    await expect(
      updates
        .getByRole('group', { name: 'Attach shared notes' })
        .getByText(/Progress note, signed .*post-dose reading normal/),
    ).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await snapshot(page, testInfo, 'patient-thread-therapist');
    await signOut(page);

    // The prescriber: the unread badge, the update, Acknowledge.
    await signIn(page, 'prescriber@demo.test');
    const nav = page.getByRole('navigation', { name: 'Main' });
    const badge = nav.getByRole('img', { name: /^\d+ unread care-team updates?$/ });
    await expect(badge).toBeVisible();
    const before = Number(await badge.textContent());
    expect(before).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId('unread-updates')).toContainText('unread');
    await page.goto(`/patients/${AIYANA.id}`);
    updates = await thread(page);
    const received = updates
      .getByRole('listitem')
      .filter({ hasText: 'Ready for Thursday: should the next dose stay at 200 mg?' })
      .last();
    await expect(received.getByText(/From the practice · Sam Okafor, LCSW/)).toBeVisible();
    await expect(page.locator('kap-disclosures-section')).toHaveCount(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await received.getByRole('button', { name: /^Acknowledge/ }).click();
    await expect(received.getByText(/^Acknowledged .* by Dr\. Elena Morales, MD$/)).toBeVisible();
    await expect(updates.getByRole('status')).toContainText('Acknowledged: follow-up from Sam Okafor, LCSW');
    // The badge follows at once: one fewer, or gone.
    await expectUnreadBadge(page, before - 1);
    await snapshot(page, testInfo, 'patient-thread-prescriber');

    // The medical team reads the packet but does not send it.
    await page.goto(`/patients/${AIYANA.id}/packet`);
    await expect(
      page.getByRole('heading', { level: 2, name: `Follow-up packet: ${AIYANA.name}` }),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Copy as text' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send to the medical team' })).toHaveCount(0);
    await signOut(page);

    // The therapist sees the acknowledgement.
    await signIn(page, 'therapist2@demo.test');
    await page.goto(`/patients/${AIYANA.id}`);
    updates = await thread(page);
    const acknowledged = updates
      .getByRole('listitem')
      .filter({ hasText: 'Ready for Thursday: should the next dose stay at 200 mg?' })
      .last();
    await expect(acknowledged.getByText(/^Acknowledged .* by Dr\. Elena Morales, MD$/)).toBeVisible();
    expect(csp).toEqual([]);
  });

  test('without a valid release, "Write an update" is disabled and says why, before the click', async ({
    page,
  }) => {
    await signIn(page, 'therapist@demo.test');
    await page.goto(`/patients/${BJORN.id}`);
    const updates = await thread(page);
    const write = updates.getByRole('button', { name: 'Write an update' });
    await expect(write).toBeDisabled();
    // The reason is beside the button and is its description, for a screen reader too.
    const reason = updates.locator('#write-blocked');
    await expect(reason).toContainText(/release of information/i);
    await expect(write).toHaveAttribute('aria-describedby', 'write-blocked');
    // A click opens no form: nothing can be written that the API would refuse.
    await write.click({ force: true });
    await expect(updates.getByLabel('Message')).toHaveCount(0);
  });
});
