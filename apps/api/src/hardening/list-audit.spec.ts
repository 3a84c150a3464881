import { DataSource } from 'typeorm';
import {
  cookiesOf,
  createCareWorld,
  createPatient,
  dayFromToday,
  linkTeam,
  type CareWorld,
} from '../testing/care-world';
import type { Person } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

/**
 * Finding 9 of issue 22: the dashboard and the unread counts show which patients need attention
 * but recorded no patient ids. Each such read now leaves one event naming every patient shown.
 */
describe('reads that list patients record the patient ids shown (issue 22, finding 9)', () => {
  let t: TestApp;
  let db: DataSource;
  let world: CareWorld;
  const as = (person: Person) => cookiesOf(world, person);
  const get = (person: Person, url: string) => t.app.inject({ method: 'GET', url, cookies: as(person) });
  const eventsOf = async (requestId: unknown) =>
    (await db.query(`SELECT action, outcome, patient_id, detail FROM audit_event WHERE request_id = $1`, [
      requestId,
    ])) as {
      action: string;
      outcome: string;
      patient_id: string | null;
      detail: { patientIds?: string[] };
    }[];
  let flagged: string;
  let quiet: string;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    world = await createCareWorld(t.app);
    // One patient with reasons on both sides (a release about to expire, updates each way), one with none.
    flagged = (await createPatient(t.app, as(world.therapist))).id;
    quiet = (await createPatient(t.app, as(world.therapist))).id;
    await linkTeam(t.app, as(world.therapist), flagged, world.teamId, {
      signedOn: dayFromToday(t.clock, -5),
      expiresOn: dayFromToday(t.clock, 10),
    });
    for (const person of [world.prescriber, world.therapist]) {
      const posted = await t.app.inject({
        method: 'POST',
        url: `/api/patients/${flagged}/status-updates`,
        cookies: as(person),
        payload: { kind: 'general', urgency: 'routine', body: 'News.' },
      });
      expect(posted.statusCode).toBe(201);
    }
  });
  afterAll(() => t.close());

  it.each([
    ['the therapist', () => world.therapist],
    ['the linked team', () => world.prescriber],
  ])('GET /api/dashboard for %s: one event naming exactly the patients listed', async (_who, person) => {
    const response = await get(person(), '/api/dashboard');
    expect(response.statusCode).toBe(200);
    const shown = response.json().items.map((item: { patientId: string }) => item.patientId);
    expect(shown).toContain(flagged);
    expect(shown).not.toContain(quiet);

    const events = await eventsOf(response.headers['x-request-id']);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'dashboard.read', outcome: 'success', patient_id: null });
    expect([...(events[0].detail.patientIds ?? [])].sort()).toEqual([...shown].sort());
  });

  it.each([
    ['the therapist', () => world.therapist],
    ['the linked team', () => world.prescriber],
  ])('GET /api/status-updates/unread for %s: one event naming the patients counted', async (_who, person) => {
    const response = await get(person(), '/api/status-updates/unread');
    expect(response.statusCode).toBe(200);
    const counted = response.json().byPatient.map((entry: { patientId: string }) => entry.patientId);
    expect(counted).toEqual([flagged]);

    const events = await eventsOf(response.headers['x-request-id']);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'status_update.unread', outcome: 'success', patient_id: null });
    expect(events[0].detail.patientIds).toEqual(counted);
  });

  it('an empty list still leaves its one event, naming nobody', async () => {
    for (const url of ['/api/dashboard', '/api/status-updates/unread']) {
      const response = await get(world.otherPrescriber, url);
      expect(response.statusCode).toBe(200);
      const events = await eventsOf(response.headers['x-request-id']);
      expect(events).toHaveLength(1);
      expect(events[0].detail.patientIds).toEqual([]);
    }
  });

  it('GET /api/patients (the caseload) names the patients on the page, as before', async () => {
    const response = await get(world.therapist, '/api/patients');
    const shown = response.json().items.map((item: { id: string }) => item.id);
    expect(shown).toEqual(expect.arrayContaining([flagged, quiet]));
    const events = await eventsOf(response.headers['x-request-id']);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'patient.list', detail: { patientIds: shown } });
  });
});
