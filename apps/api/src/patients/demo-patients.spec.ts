import { DataSource } from 'typeorm';
import { DEMO_PRACTICE_ID, PasswordHasher, seedDemo } from '@kap/api/identity';
import { seedDemoPatients } from '@kap/api/patients';
import type { Patient } from '@kap/shared/contracts';
import { signInDemoAdmin } from '../testing/mfa-codes';
import { createTestApp, type TestApp } from '../testing/test-app';

describe('demo patients', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const signInDemo = async (email: string) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: 'kap-demo-2026' },
      remoteAddress: `10.251.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    });
    expect(response.statusCode).toBe(200);
    return { kap_session: response.cookies.find((c) => c.name === 'kap_session')!.value };
  };
  const names = async (cookies: Record<string, string>) =>
    (await t.app.inject({ method: 'GET', url: '/api/patients?limit=200', cookies }))
      .json()
      .items.map((p: Patient) => p.givenName);

  it('seeds about a dozen patients along the pathway once; seeding again changes nothing', async () => {
    await seedDemo(db, new PasswordHasher(), 'kap-demo-2026', t.clock.now());
    const counts = async () =>
      // Only the demo practice's rows: other suites add patients to the same database meanwhile.
      (
        await db.query(
          `WITH demo AS (SELECT id FROM patient WHERE practice_id = $1)
           SELECT (SELECT count(*)::int FROM demo) AS patients,
                  (SELECT count(*)::int FROM care_team_link WHERE patient_id IN (SELECT id FROM demo)) AS links,
                  (SELECT count(*)::int FROM course WHERE patient_id IN (SELECT id FROM demo)) AS courses,
                  (SELECT count(*)::int FROM medical_status_entry WHERE patient_id IN (SELECT id FROM demo)) AS statuses`,
          [DEMO_PRACTICE_ID],
        )
      )[0];
    await seedDemoPatients(db, t.clock.now());
    const once = await counts();
    // 17 statuses: four patients dosed before their latest status also have the intake clearance
    // their doses were given under (issue 19 judges each dose against the status at the dose).
    expect(once).toEqual({ patients: 12, links: 11, courses: 12, statuses: 17 });
    await seedDemoPatients(db, t.clock.now());
    expect(await counts()).toEqual(once);

    const therapist = await names(await signInDemo('therapist@demo.test'));
    const therapist2 = await names(await signInDemo('therapist2@demo.test'));
    const prescriber = await names(await signInDemo('prescriber@demo.test'));
    expect(therapist.length + therapist2.length).toBe(12);
    expect(therapist).toEqual(expect.arrayContaining(['José', 'Zoë', 'Renée', 'Björn']));
    // Björn's release has expired and Ngozi is not linked yet: the medical team sees neither.
    expect(prescriber).toHaveLength(10);
    expect(prescriber).not.toContain('Björn');
    expect(prescriber).not.toContain('Ngozi');

    const admin = await signInDemoAdmin(t.app, t.clock); // the demo admin has a second step
    const all: Patient[] = (
      await t.app.inject({ method: 'GET', url: '/api/patients?limit=200', cookies: admin })
    ).json().items;
    const byName = new Map(all.map((p) => [p.givenName, p]));
    expect(byName.get('Björn')?.careTeam).toMatchObject({ releaseStatus: 'expired', sharing: false });
    expect(byName.get('Priya')?.careTeam).toMatchObject({ releaseStatus: 'expiring_soon' });
    expect(byName.get('Zoë')?.medicalStatus).toMatchObject({
      eligibility: 'medical_clearance_required',
      source: 'medical_team',
    });
    expect(byName.get('Siobhán')?.currentCourse).toBeNull();
    expect(byName.get('Marcus')?.currentCourse).toMatchObject({
      phase: 'dosing',
      dosePlan: { route: 'sublingual' },
    });
  });
});
