import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { seriousA11yViolations, signIn, snapshot } from './support/journeys';

/**
 * Every route of the app, with the demo data, as each person who opens it: at 390 px (a phone)
 * nothing scrolls sideways, axe finds no serious violation there, and a full-page screenshot at 390 and
 * 1280 px is kept for a person to look at (test-results/screenshots/pages-*).
 */
const WIDTHS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 900 },
] as const;

interface PageVisit {
  /** Screenshot name. */
  name: string;
  path: string;
  /** The page's h1, once it is there the page has rendered. */
  heading: string | RegExp;
}

/** Waits for the page's own h1 and for its reads to settle (no "Loading…" text left). */
async function settle(page: Page, heading: string | RegExp): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await expect(page.getByText(/^Loading\b/).filter({ visible: true })).toHaveCount(0);
}

/** The page is as wide as the window or narrower: nothing to scroll sideways to. */
async function horizontalOverflow(
  page: Page,
): Promise<{ scrollWidth: number; clientWidth: number; widest: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    // The elements that reach past the window, to name in the failure (not those inside a box
    // that scrolls or clips on its own: they do not widen the page).
    const clipped = (element: HTMLElement): boolean => {
      for (
        let parent = element.parentElement;
        parent && parent !== document.body;
        parent = parent.parentElement
      )
        if (getComputedStyle(parent).overflowX !== 'visible') return true;
      return false;
    };
    const widest = Array.from(document.querySelectorAll<HTMLElement>('body *'))
      .filter((element) => element.getBoundingClientRect().right > root.clientWidth + 1 && !clipped(element))
      .slice(0, 5)
      .map(
        (element) =>
          `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}.${Array.from(element.classList).join('.')}`,
      );
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, widest };
  });
}

async function checkEveryWidth(page: Page, testInfo: TestInfo, visit: PageVisit): Promise<void> {
  for (const size of WIDTHS) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto(visit.path);
    await settle(page, visit.heading);
    const overflow = await horizontalOverflow(page);
    expect
      .soft(
        overflow.scrollWidth,
        `${visit.path} at ${size.width} px scrolls sideways: ${overflow.widest.join(', ')}`,
      )
      .toBeLessThanOrEqual(overflow.clientWidth);
    // axe once per page, on the phone, where the layout differs most from the desktop's.
    if (size.width < 600)
      expect.soft(await seriousA11yViolations(page), `${visit.path} at ${size.width} px`).toEqual([]);
    await snapshot(page, testInfo, `pages-${visit.name}-${size.width}`);
  }
}

interface DemoRecord {
  patientId: string;
  dosingSessionId: string;
  noteId: string;
}

/** Chloé Martin (the demo therapist's patient with doses, notes and an open alert). */
async function demoRecord(page: Page): Promise<DemoRecord> {
  const patients = await page.request.get('/api/patients?q=Chlo');
  expect(patients.ok()).toBe(true);
  const patientId = ((await patients.json()) as { items: { id: string }[] }).items[0].id;
  const sessions = await page.request.get(`/api/patients/${patientId}/sessions?kind=dosing`);
  const dosingSessionId = ((await sessions.json()) as { items: { id: string }[] }).items[0].id;
  const notes = await page.request.get(`/api/patients/${patientId}/notes`);
  const noteId = ((await notes.json()) as { items: { id: string }[] }).items[0].id;
  return { patientId, dosingSessionId, noteId };
}

test.describe('every page at 390 and 1280 px', () => {
  // Each page twice, with axe each time: far longer than one journey.
  test.describe.configure({ timeout: 600_000 });

  test('signed out: sign-in, a password reset link and page not found', async ({ page }, testInfo) => {
    await checkEveryWidth(page, testInfo, { name: 'sign-in', path: '/sign-in', heading: 'Sign in' });
    // The form shows before any request: the token is only checked when it is sent.
    await checkEveryWidth(page, testInfo, {
      name: 'reset-password',
      path: `/reset-password/${'x'.repeat(43)}`,
      heading: 'Set a new password',
    });
    await checkEveryWidth(page, testInfo, {
      name: 'not-found',
      path: '/no-such-page',
      heading: 'Page not found',
    });
  });

  test('the therapist', async ({ page }, testInfo) => {
    await signIn(page, 'therapist@demo.test');
    const { patientId, dosingSessionId, noteId } = await demoRecord(page);
    const patient = `/patients/${patientId}`;
    const visits: PageVisit[] = [
      { name: 'today-therapist', path: '/', heading: 'Today' },
      { name: 'patients', path: '/patients', heading: 'Patients' },
      { name: 'new-patient', path: '/patients/new', heading: 'New patient' },
      { name: 'patient-therapist', path: patient, heading: 'Chloé Martin' },
      { name: 'packet', path: `${patient}/packet`, heading: /packet/i },
      { name: 'score-entry', path: `${patient}/scores/new`, heading: 'Enter a score' },
      { name: 'trend-phq9', path: `${patient}/scores/PHQ9`, heading: /PHQ-9/ },
      { name: 'trend-cssrs', path: `${patient}/scores/CSSRS_SCREEN`, heading: /C-SSRS/ },
      { name: 'log-session', path: `${patient}/sessions/new`, heading: 'Log a session' },
      { name: 'session', path: `${patient}/sessions/${dosingSessionId}`, heading: /Dosing session/ },
      {
        name: 'complete-documentation',
        path: `${patient}/sessions/${dosingSessionId}/edit`,
        heading: 'Complete documentation',
      },
      { name: 'write-note', path: `${patient}/notes/new`, heading: /note/i },
      { name: 'note', path: `/notes/${noteId}`, heading: /note/i },
      { name: 'alerts', path: '/alerts', heading: 'Alerts' },
      { name: 'security', path: '/account/security', heading: 'Sign-in security' },
    ];
    for (const visit of visits) await checkEveryWidth(page, testInfo, visit);
  });

  test('the prescriber', async ({ page }, testInfo) => {
    await signIn(page, 'prescriber@demo.test');
    const { patientId, dosingSessionId } = await demoRecord(page);
    const visits: PageVisit[] = [
      { name: 'today-prescriber', path: '/', heading: 'Today' },
      { name: 'linked-patients', path: '/patients', heading: 'Linked patients' },
      { name: 'patient-prescriber', path: `/patients/${patientId}`, heading: 'Chloé Martin' },
      {
        name: 'session-prescriber',
        path: `/patients/${patientId}/sessions/${dosingSessionId}`,
        heading: /Dosing session/,
      },
      { name: 'packet-prescriber', path: `/patients/${patientId}/packet`, heading: /packet/i },
      { name: 'trend-prescriber', path: `/patients/${patientId}/scores/PHQ9`, heading: /PHQ-9/ },
      { name: 'alerts-prescriber', path: '/alerts', heading: 'Alerts' },
    ];
    for (const visit of visits) await checkEveryWidth(page, testInfo, visit);
  });

  test('the care coordinator', async ({ page }, testInfo) => {
    await signIn(page, 'coordinator@demo.test');
    await checkEveryWidth(page, testInfo, {
      name: 'connections',
      path: '/team/connections',
      heading: 'Connections',
    });
  });

  test('the practice admin', async ({ page }, testInfo) => {
    await signIn(page, 'admin@demo.test');
    await checkEveryWidth(page, testInfo, {
      name: 'team-members',
      path: '/admin/users',
      heading: 'Team members',
    });
    await checkEveryWidth(page, testInfo, { name: 'audit-log', path: '/admin/audit', heading: 'Audit log' });
    await checkEveryWidth(page, testInfo, { name: 'today-admin', path: '/', heading: 'Today' });
  });
});
