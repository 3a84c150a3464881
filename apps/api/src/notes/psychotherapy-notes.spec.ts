import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { routeTable } from '@kap/api/platform';
import type { Patient } from '@kap/shared/contracts';
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

/** R5: psychotherapy notes are their author's alone, and reach no one else by any route. */
describe('psychotherapy notes', () => {
  let t: TestApp;
  let db: DataSource;
  let world: CareWorld;
  let patient: Patient;
  let sessionId: string;
  let noteId: string;
  let psychotherapyNoteId: string;
  const MARKER = `process-note-marker-${randomUUID()}`;
  const as = (person: Person) => cookiesOf(world, person);
  const get = (url: string, person: Person) => t.app.inject({ method: 'GET', url, cookies: as(person) });

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    world = await createCareWorld(t.app);
    patient = await createPatient(t.app, as(world.therapist));
    await linkTeam(t.app, as(world.therapist), patient.id, world.teamId, {
      signedOn: dayFromToday(t.clock, -5),
      expiresOn: dayFromToday(t.clock, 300),
    });
    const session = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patient.id}/sessions`,
      cookies: as(world.therapist),
      payload: {
        kind: 'integration',
        occurredAt: t.clock.now().toISOString(),
        durationMinutes: 50,
        setting: 'in_person',
      },
    });
    sessionId = session.json().id;
    // A shareable note about the same session, so the team has real notes to read.
    const note = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patient.id}/notes`,
      cookies: as(world.therapist),
      payload: {
        kind: 'integration',
        sessionId,
        body: 'Shared integration note',
        shareWithMedicalTeam: true,
      },
    });
    noteId = note.json().id;
    await t.app.inject({ method: 'POST', url: `/api/notes/${noteId}/sign`, cookies: as(world.therapist) });
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patient.id}/psychotherapy-notes`,
      cookies: as(world.therapist),
      payload: { body: `Process note ${MARKER}`, sessionId },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({
      id: expect.any(String),
      patientId: patient.id,
      sessionId,
      body: `Process note ${MARKER}`,
      createdAt: expect.any(String),
    });
    psychotherapyNoteId = created.json().id;
  });
  afterAll(() => t.close());

  it('its author reads it and lists their own; everyone else gets 404 (a practice admin included)', async () => {
    const own = await get(`/api/psychotherapy-notes/${psychotherapyNoteId}`, world.therapist);
    expect(own.statusCode).toBe(200);
    expect(own.json().body).toContain(MARKER);
    const list = await get(`/api/patients/${patient.id}/psychotherapy-notes`, world.therapist);
    expect(list.json()).toEqual({
      items: [expect.objectContaining({ id: psychotherapyNoteId })],
      nextCursor: null,
    });

    const missing = await get(`/api/psychotherapy-notes/${randomUUID()}`, world.admin);
    for (const person of [
      world.admin,
      world.otherTherapist,
      world.foreignTherapist,
      world.prescriber,
      world.coordinator,
      world.otherPrescriber,
    ]) {
      const response = await get(`/api/psychotherapy-notes/${psychotherapyNoteId}`, person);
      expect(response.statusCode).toBe(404);
      expect({ ...response.json(), requestId: null }).toEqual({ ...missing.json(), requestId: null });
      expect((await get(`/api/patients/${patient.id}/psychotherapy-notes`, person)).statusCode).toBe(404);
    }
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/patients/${patient.id}/psychotherapy-notes`,
          cookies: as(world.admin),
          payload: { body: 'x' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('a therapist who takes the patient over sees only their own, never the previous author’s', async () => {
    await db.query(`UPDATE patient SET primary_therapist_id = $2 WHERE id = $1`, [
      patient.id,
      world.otherTherapist.id,
    ]);
    try {
      const list = await get(`/api/patients/${patient.id}/psychotherapy-notes`, world.otherTherapist);
      expect(list.statusCode).toBe(200);
      expect(list.json().items).toEqual([]);
      expect(
        (await get(`/api/psychotherapy-notes/${psychotherapyNoteId}`, world.otherTherapist)).statusCode,
      ).toBe(404);
    } finally {
      await db.query(`UPDATE patient SET primary_therapist_id = $2 WHERE id = $1`, [
        patient.id,
        world.therapist.id,
      ]);
    }
  });

  it('is append-only in the database, and its audit events carry no text', async () => {
    await expect(
      db.query(`UPDATE psychotherapy_note SET body = 'x' WHERE id = $1`, [psychotherapyNoteId]),
    ).rejects.toThrow(/append-only/);
    await expect(
      db.query(`DELETE FROM psychotherapy_note WHERE id = $1`, [psychotherapyNoteId]),
    ).rejects.toThrow(/append-only/);
    const read = await get(`/api/psychotherapy-notes/${psychotherapyNoteId}`, world.therapist);
    const events = await db.query(
      `SELECT action, outcome, patient_id, detail::text AS detail FROM audit_event WHERE request_id = $1`,
      [read.headers['x-request-id']],
    );
    expect(events).toEqual([
      { action: 'psychotherapy_note.read', outcome: 'success', patient_id: patient.id, detail: '{}' },
    ]);
    const all = await db.query(`SELECT count(*)::int AS n FROM audit_event WHERE detail::text LIKE $1`, [
      `%${MARKER}%`,
    ]);
    expect(all[0].n).toBe(0);
  });

  it("its unique text appears in no response to anyone else on any GET route, nor in the author's other lists", async () => {
    // The linked team's webhook (decision 0008): its delivery log is walked like every other GET.
    const webhook = await t.app.inject({
      method: 'POST',
      url: '/api/webhooks',
      cookies: as(world.coordinator),
      payload: { url: 'http://127.0.0.1:9/walk' },
    });
    // A course (its measurement plan) and the patient's questionnaire link are walked too.
    const course = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patient.id}/courses`,
      cookies: as(world.therapist),
      payload: { indication: 'depression', startedOn: t.clock.now().toISOString().slice(0, 10) },
    });
    const link = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patient.id}/questionnaire-requests`,
      cookies: as(world.therapist),
      payload: { instruments: ['PHQ9'] },
    });
    const idFor: Record<string, () => string> = {
      courses: () => course.json().id,
      q: () => String(link.json().url).split('/q/')[1],
      patients: () => patient.id,
      webhooks: () => webhook.json().id,
      sessions: () => sessionId,
      notes: () => noteId,
      'psychotherapy-notes': () => psychotherapyNoteId,
      users: () => world.therapist.id,
    };
    const extraQuery: Record<string, string[]> = {
      '/api/patients/:id/outcomes/trend': ['?instrument=PHQ9', '?instrument=GAD7'],
      '/api/alerts': ['', `?patientId=${patient.id}`],
      '/api/patients': ['', '?limit=200', `?q=${encodeURIComponent(MARKER)}`, '?q=Process'],
      '/api/patients/:id/sessions': ['', '?kind=integration'],
      '/api/patients/:id/notes': ['', '?kind=integration'],
    };
    const routes = [
      ...new Set(
        routeTable(t.app)
          .filter((r) => r.method === 'GET' && r.url.startsWith('/api') && !r.url.startsWith('/api/docs'))
          .map((r) => r.url),
      ),
    ];
    const urls = routes.flatMap((route) => {
      const area = route.split('/')[2];
      const path = route.replace(/:[A-Za-z]+/g, () => {
        const id = idFor[area];
        if (!id) throw new Error(`No id for ${route}: add the area to idFor so the route is checked`);
        return id();
      });
      return (extraQuery[route] ?? ['']).map((query) => ({ route, url: path + query }));
    });
    expect(urls.length).toBeGreaterThan(15);

    const readers: [string, Person][] = [
      ['other therapist', world.otherTherapist],
      ['practice admin', world.admin],
      ['linked prescriber', world.prescriber],
      ['linked coordinator', world.coordinator],
      ['foreign therapist', world.foreignTherapist],
    ];
    const ok: Record<string, number> = {};
    for (const [who, person] of readers) {
      for (const { url } of urls) {
        const response = await get(url, person);
        expect({ who, url, leaked: response.body.includes(MARKER) }).toEqual({ who, url, leaked: false });
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode === 200) ok[who] = (ok[who] ?? 0) + 1;
      }
    }
    // The walk reached real data: the admin and the linked team read the patient's sessions and notes.
    expect(ok['practice admin']).toBeGreaterThan(10);
    expect(ok['linked prescriber']).toBeGreaterThan(10);

    // The author: nothing but the psychotherapy-note routes themselves carries it.
    for (const { route, url } of urls) {
      if (route.includes('psychotherapy-notes')) continue;
      const response = await get(url, world.therapist);
      expect({ url, leaked: response.body.includes(MARKER) }).toEqual({ url, leaked: false });
    }
  });
});
