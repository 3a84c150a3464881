import { DataSource } from 'typeorm';
import { PasswordHasher, seedDemo } from '@kap/api/identity';
import { seedDemoOutcomes } from '@kap/api/outcomes';
import { seedDemoPatients } from '@kap/api/patients';
import { signIn } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

const MARCUS = '00000000-0000-4000-8000-000000001004';
const CHLOE = '00000000-0000-4000-8000-000000001006';
const SIOBHAN = '00000000-0000-4000-8000-000000001008';
const DEMO_PATIENTS = '00000000-0000-4000-8000-0000000010%';

describe('demo score histories', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    const now = t.clock.now();
    for (let i = 0; i < 2; i++) {
      await seedDemo(db, new PasswordHasher(), 'kap-demo-2026', now);
      await seedDemoPatients(db, now);
      await seedDemoOutcomes(db, now);
    }
  });
  afterAll(() => t.close());

  it('seeds once: a second run adds no score and no alert', async () => {
    // The demo patients' own rows only: test files run at once on one database, and the others
    // add scores and alerts of their own patients between the two counts.
    const counts = async () =>
      (
        await db.query(
          `SELECT (SELECT count(*)::int FROM outcome WHERE patient_id::text LIKE $1) AS o,
                  (SELECT count(*)::int FROM alert WHERE patient_id::text LIKE $1 AND source_type = 'outcome') AS a`,
          [DEMO_PATIENTS],
        )
      )[0];
    const before = await counts();
    await seedDemoOutcomes(db, t.clock.now());
    expect(await counts()).toEqual(before);
  });

  it('tells the stories: remission over a year, a PHQ-9 item 9 alert, a reliable deterioration', async () => {
    const cookies2 = await signIn(t.app, 'therapist2@demo.test', 'kap-demo-2026');
    const trend = (
      await t.app.inject({
        method: 'GET',
        url: `/api/patients/${SIOBHAN}/outcomes/trend?instrument=PHQ9`,
        cookies: cookies2,
      })
    ).json();
    expect(trend.points).toHaveLength(13);
    expect(
      Date.parse(trend.points[12].administeredAt) - Date.parse(trend.points[0].administeredAt),
    ).toBeGreaterThan(300 * 86_400_000);
    expect(trend.points[12]).toMatchObject({ remission: true, response: true, reliableChange: 'improved' });

    const cookies = await signIn(t.app, 'therapist@demo.test', 'kap-demo-2026');
    const alerts = (await t.app.inject({ method: 'GET', url: '/api/alerts?status=open', cookies })).json()
      .items;
    expect(alerts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ patientId: MARCUS, kind: 'suicidality_item_positive', severity: 'urgent' }),
        expect.objectContaining({ patientId: CHLOE, kind: 'reliable_deterioration', severity: 'warning' }),
      ]),
    );
    expect(alerts[0].severity).toBe('urgent');
    const marcus = (
      await t.app.inject({
        method: 'GET',
        url: `/api/patients/${MARCUS}/outcomes/trend?instrument=PHQ9`,
        cookies,
      })
    ).json();
    expect(
      marcus.points.every(
        (p: { response: boolean; reliableChange: string }) => !p.response && p.reliableChange === 'none',
      ),
    ).toBe(true);
  });
});
