import { DataSource } from 'typeorm';
import { DEMO_PRACTICE_ID, DEMO_TIME_ZONE, PasswordHasher, seedDemo } from '@kap/api/identity';
import { seedDemoOutcomes } from '@kap/api/outcomes';
import { seedDemoPatients } from '@kap/api/patients';
import { seedDemoSessions } from '@kap/api/sessions-notes';
import type { Note, Session } from '@kap/shared/contracts';
import { calendarDateIn } from '@kap/shared/domain';
import { signIn } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

const patient = (n: number) => `00000000-0000-4000-8000-${String(1000 + n).padStart(12, '0')}`;
const MARCUS = patient(4);
const AIYANA = patient(5);
const CHLOE = patient(6);
const BJORN = patient(9);

describe('demo sessions and notes', () => {
  let t: TestApp;
  let db: DataSource;
  let therapist: Record<string, string>;
  let therapist2: Record<string, string>;
  let prescriber: Record<string, string>;
  const sessions = async (patientId: string, cookies: Record<string, string>): Promise<Session[]> =>
    (
      await t.app.inject({ method: 'GET', url: `/api/patients/${patientId}/sessions?limit=200`, cookies })
    ).json().items;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    const now = t.clock.now();
    await seedDemo(db, new PasswordHasher(), 'kap-demo-2026', now);
    await seedDemoPatients(db, now);
    await seedDemoOutcomes(db, now);
    await seedDemoSessions(db, now);
    therapist = await signIn(t.app, 'therapist@demo.test', 'kap-demo-2026');
    therapist2 = await signIn(t.app, 'therapist2@demo.test', 'kap-demo-2026');
    prescriber = await signIn(t.app, 'prescriber@demo.test', 'kap-demo-2026');
  });
  afterAll(() => t.close());

  it('seeds once: a second run adds nothing', async () => {
    const counts = async () =>
      (
        await db.query(
          // Only the demo practice's rows: other suites write to the same database meanwhile.
          `WITH demo AS (SELECT id FROM patient WHERE practice_id = $1)
           SELECT (SELECT count(*)::int FROM therapy_session WHERE patient_id IN (SELECT id FROM demo)) AS s,
                  (SELECT count(*)::int FROM note WHERE patient_id IN (SELECT id FROM demo)) AS n,
                  (SELECT count(*)::int FROM note_addendum a JOIN note n ON n.id = a.note_id WHERE n.patient_id IN (SELECT id FROM demo)) AS a,
                  (SELECT count(*)::int FROM psychotherapy_note WHERE patient_id IN (SELECT id FROM demo)) AS p,
                  (SELECT count(*)::int FROM alert WHERE patient_id IN (SELECT id FROM demo)) AS alerts`,
          [DEMO_PRACTICE_ID],
        )
      )[0];
    const before = await counts();
    expect(before).toMatchObject({ s: expect.any(Number), p: 1, a: 1 });
    expect(before.s).toBeGreaterThan(40);
    await seedDemoSessions(db, t.clock.now());
    expect(await counts()).toEqual(before);
  });

  it("Aiyana's latest dose is undocumented four days before her follow-up", async () => {
    const [latestDose] = (await sessions(AIYANA, therapist2)).filter((s) => s.kind === 'dosing');
    expect(latestDose).toMatchObject({
      documentationComplete: false,
      documentationMissing: ['post_vitals', 'adverse_events', 'signed_note'],
      warnings: ['vitals_missing'],
      integrationDueOn: null,
    });
    const status = (
      await t.app.inject({
        method: 'GET',
        url: `/api/patients/${AIYANA}/medical-status`,
        cookies: therapist2,
      })
    ).json();
    // The seed counts days on the demo practice's calendar, not UTC's.
    const today = calendarDateIn(t.clock.now(), DEMO_TIME_ZONE);
    const daysToFollowUp = (Date.parse(status.current.nextFollowUpDue) - Date.parse(today)) / 86_400_000;
    expect(daysToFollowUp).toBe(4);
  });

  it('prep before doses, integration after them, every one of Marcus’s doses documented', async () => {
    const list = (await sessions(MARCUS, therapist)).reverse();
    expect(list[0].kind).toBe('preparation');
    expect(list.filter((s) => s.kind === 'dosing')).toHaveLength(4);
    for (const dose of list.filter((s) => s.kind === 'dosing')) {
      expect(dose).toMatchObject({ documentationComplete: true, warnings: [], integrationDueOn: null });
    }
    const notes: Note[] = (
      await t.app.inject({
        method: 'GET',
        url: `/api/patients/${MARCUS}/notes?limit=200`,
        cookies: prescriber,
      })
    ).json().items;
    expect(notes.length).toBeGreaterThan(5);
    expect(notes.every((n) => n.status === 'signed' && n.shareWithMedicalTeam)).toBe(true);
    expect(notes.find((n) => n.addenda.length > 0)?.addenda[0].reason).toBe(
      'Follow-up action taken after signing',
    );
    // The kind the web offers after a dose (noteKindAfter('dosing')), so seeded and new dose notes read alike.
    const doseIds = new Set(list.filter((s) => s.kind === 'dosing').map((s) => s.id));
    const doseNotes = notes.filter((n) => n.sessionId !== null && doseIds.has(n.sessionId));
    expect(doseNotes).toHaveLength(4);
    expect(doseNotes.every((n) => n.kind === 'integration')).toBe(true);
    const own = (
      await t.app.inject({
        method: 'GET',
        url: `/api/patients/${MARCUS}/psychotherapy-notes`,
        cookies: therapist,
      })
    ).json().items;
    expect(own).toHaveLength(1);
  });

  it("Chloé's blood pressure above the limit raised an alert; Björn's missed integration is warned", async () => {
    const chloe = (await sessions(CHLOE, therapist)).find((s) => s.warnings.length > 0);
    expect(chloe?.warnings).toEqual(['vitals_out_of_range']);
    const alerts = (
      await t.app.inject({ method: 'GET', url: `/api/alerts?patientId=${CHLOE}`, cookies: prescriber })
    ).json().items;
    expect(alerts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'vitals_out_of_range', sourceType: 'session', sourceId: chloe?.id }),
      ]),
    );
    const bjorn = await sessions(BJORN, therapist);
    expect(bjorn.flatMap((s) => s.warnings)).toEqual(['integration_missing']);
  });
});
