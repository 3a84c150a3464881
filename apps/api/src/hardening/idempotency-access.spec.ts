import { DataSource } from 'typeorm';
import type { Patient } from '@kap/shared/contracts';
import {
  cookiesOf,
  createCareWorld,
  createPatient,
  dayFromToday,
  linkTeam,
  type CareWorld,
} from '../testing/care-world';
import { signIn, type Person } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

/**
 * Finding 7 of issue 22: an idempotent replay handed the stored record out again after the caller
 * had lost sight of the patient. A replay now runs the same access check as a fresh request.
 */
describe('an idempotent replay re-checks access (issue 22, finding 7)', () => {
  let t: TestApp;
  let db: DataSource;
  let world: CareWorld;
  const as = (person: Person) => cookiesOf(world, person);
  const post = (person: Person, url: string, payload: object, key: string) =>
    t.app.inject({ method: 'POST', url, cookies: as(person), payload, headers: { 'idempotency-key': key } });
  const eventsOf = (requestId: unknown) =>
    db.query(`SELECT action, outcome, patient_id FROM audit_event WHERE request_id = $1 ORDER BY seq`, [
      requestId,
    ]);
  const validRelease = () => ({ signedOn: dayFromToday(t.clock, -5), expiresOn: dayFromToday(t.clock, 30) });

  async function reassign(patient: Patient, therapist: Person): Promise<void> {
    const current = await t.app.inject({
      method: 'GET',
      url: `/api/patients/${patient.id}`,
      cookies: as(world.admin),
    });
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/patients/${patient.id}`,
      cookies: as(world.admin),
      headers: { 'if-match': `"${current.json().version}"` },
      payload: { primaryTherapistId: therapist.id },
    });
    expect(response.statusCode).toBe(200);
  }

  /** The replay answers 404 like a fresh read, leaves one `denied` event, and shows nothing stored. */
  async function expectHidden(replay: Awaited<ReturnType<typeof post>>, patientId: string, storedId: string) {
    expect(replay.statusCode).toBe(404);
    expect(replay.json().error).toBe('not_found');
    expect(replay.body).not.toContain(storedId);
    const events = await eventsOf(replay.headers['x-request-id']);
    expect(events.map((e: { action: string }) => e.action)).not.toContain('idempotent_replay');
    expect(events.every((e: { outcome: string }) => e.outcome === 'denied')).toBe(true);
    expect(
      events.every((e: { patient_id: string | null }) => e.patient_id === null || e.patient_id === patientId),
    ).toBe(true);
  }

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    world = await createCareWorld(t.app);
  });
  afterAll(() => t.close());

  it('still replays the stored answer while the caller can see the patient', async () => {
    const patient = await createPatient(t.app, as(world.therapist));
    const url = `/api/patients/${patient.id}/notes`;
    const body = { kind: 'integration', body: 'Kept.', shareWithMedicalTeam: false };
    const first = await post(world.therapist, url, body, 'keep-1');
    const replay = await post(world.therapist, url, body, 'keep-1');
    expect(first.statusCode).toBe(201);
    expect(replay.statusCode).toBe(201);
    expect(replay.json().id).toBe(first.json().id);
  });

  it('a medical-team member whose release was replaced by another team gets 404 on replay', async () => {
    const patient = await createPatient(t.app, as(world.therapist));
    await linkTeam(t.app, as(world.therapist), patient.id, world.teamId, validRelease());
    const url = `/api/patients/${patient.id}/status-updates`;
    const body = { kind: 'general', urgency: 'routine', body: 'From the team.' };
    const first = await post(world.prescriber, url, body, 'team-1');
    expect(first.statusCode).toBe(201);

    await linkTeam(t.app, as(world.therapist), patient.id, world.otherTeamId, validRelease());
    await expectHidden(await post(world.prescriber, url, body, 'team-1'), patient.id, first.json().id);
    // Exactly what a fresh request now answers.
    expect((await post(world.prescriber, url, body, 'team-2')).statusCode).toBe(404);
  });

  it('a therapist no longer the primary therapist gets 404 on replay of a note, a session, an outcome, an addendum', async () => {
    const patient = await createPatient(t.app, as(world.therapist));
    const writes: { url: string; body: object; key: string }[] = [
      {
        url: `/api/patients/${patient.id}/notes`,
        body: { kind: 'integration', body: 'Mine.', shareWithMedicalTeam: false },
        key: 'gone-note',
      },
      {
        url: `/api/patients/${patient.id}/sessions`,
        body: {
          kind: 'integration',
          occurredAt: t.clock.now().toISOString(),
          durationMinutes: 50,
          setting: 'remote',
        },
        key: 'gone-session',
      },
      {
        url: `/api/patients/${patient.id}/outcomes`,
        body: {
          instrument: 'GAD7',
          administeredAt: t.clock.now().toISOString(),
          items: [1, 1, 1, 1, 1, 1, 1],
        },
        key: 'gone-outcome',
      },
    ];
    const stored: string[] = [];
    for (const write of writes) {
      const first = await post(world.therapist, write.url, write.body, write.key);
      expect({ url: write.url, status: first.statusCode }).toEqual({ url: write.url, status: 201 });
      stored.push(first.json().id);
    }
    const noteId = stored[0];
    const addendum = {
      url: `/api/notes/${noteId}/addenda`,
      body: { body: 'Also.', reason: 'Correction' },
      key: 'gone-addendum',
    };
    expect(
      (await t.app.inject({ method: 'POST', url: `/api/notes/${noteId}/sign`, cookies: as(world.therapist) }))
        .statusCode,
    ).toBe(200);
    const added = await post(world.therapist, addendum.url, addendum.body, addendum.key);
    expect(added.statusCode).toBe(201);
    writes.push(addendum);
    stored.push(added.json().id);

    await reassign(patient, world.otherTherapist);
    for (const [i, write] of writes.entries()) {
      await expectHidden(
        await post(world.therapist, write.url, write.body, write.key),
        patient.id,
        stored[i],
      );
    }
  });

  it('a therapist who created a patient then lost it gets 404 on replay of POST /api/patients', async () => {
    const body = {
      givenName: 'Replay',
      familyName: 'Hidden',
      dateOfBirth: '1980-01-01',
      conditions: ['depression'],
    };
    const first = await post(world.therapist, '/api/patients', body, 'patient-1');
    expect(first.statusCode).toBe(201);
    await reassign(first.json(), world.otherTherapist);

    const replay = await post(world.therapist, '/api/patients', body, 'patient-1');
    expect(replay.statusCode).toBe(404);
    expect(replay.body).not.toContain(first.json().id);
    expect(await eventsOf(replay.headers['x-request-id'])).toEqual([
      { action: 'patient.create', outcome: 'denied', patient_id: first.json().id },
    ]);
  });

  it('a medical-team member whose release lapsed since gets 404 on replay of a medical status', async () => {
    const patient = await createPatient(t.app, as(world.therapist));
    await linkTeam(t.app, as(world.therapist), patient.id, world.teamId, {
      signedOn: dayFromToday(t.clock, -5),
      expiresOn: dayFromToday(t.clock, 0),
    });
    const url = `/api/patients/${patient.id}/medical-status`;
    const body = { asOf: t.clock.now().toISOString(), monitoring: 'on_track' };
    const first = await post(world.prescriber, url, body, 'status-1');
    expect(first.statusCode).toBe(201);

    // Just past midnight (UTC, the release rule's calendar): the release has lapsed, the key (24 h)
    // has not. Last in this file, since every other session has idled out by then.
    const now = t.clock.now().getTime();
    t.clock.advance(
      Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate() + 1) -
        now +
        60_000,
    );
    world.cookies.set(world.prescriber.id, await signIn(t.app, world.prescriber.email));
    await expectHidden(await post(world.prescriber, url, body, 'status-1'), patient.id, first.json().id);
  });
});
