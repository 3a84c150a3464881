import { DataSource } from 'typeorm';
import type { Note, Patient } from '@kap/shared/contracts';
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

describe('notes: draft → signed (immutable) → addenda', () => {
  let t: TestApp;
  let db: DataSource;
  let world: CareWorld;
  let patient: Patient;
  const as = (person: Person) => cookiesOf(world, person);
  const write = (
    body: object,
    person: Person = world.therapist,
    patientId = patient.id,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/notes`,
      cookies: as(person),
      payload: body,
      headers,
    });
  const draft = async (over: Record<string, unknown> = {}): Promise<Note> => {
    const response = await write({
      kind: 'integration',
      body: 'Integration: what came up, and what we agreed.',
      shareWithMedicalTeam: true,
      ...over,
    });
    expect(response.statusCode).toBe(201);
    return response.json();
  };
  const sign = (id: string, person: Person = world.therapist) =>
    t.app.inject({ method: 'POST', url: `/api/notes/${id}/sign`, cookies: as(person) });
  const patch = (id: string, payload: object, version?: number, person: Person = world.therapist) =>
    t.app.inject({
      method: 'PATCH',
      url: `/api/notes/${id}`,
      cookies: as(person),
      payload,
      headers: version === undefined ? {} : { 'if-match': `"${version}"` },
    });
  const addendum = (
    id: string,
    body: string,
    person: Person = world.therapist,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method: 'POST',
      url: `/api/notes/${id}/addenda`,
      cookies: as(person),
      payload: { body, reason: 'Correction' },
      headers,
    });

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    world = await createCareWorld(t.app);
    patient = await createPatient(t.app, as(world.therapist));
    await linkTeam(t.app, as(world.therapist), patient.id, world.teamId, {
      signedOn: dayFromToday(t.clock, -5),
      expiresOn: dayFromToday(t.clock, 300),
    });
  });
  afterAll(() => t.close());

  it('creates a draft, edits it with If-Match (428 without, 412 stale), signs it', async () => {
    const note = await draft({ shareWithMedicalTeam: false });
    expect(note).toMatchObject({
      status: 'draft',
      signedAt: null,
      version: 1,
      addenda: [],
      author: { id: world.therapist.id },
      shareWithMedicalTeam: false,
    });

    expect((await patch(note.id, { body: 'Changed' })).statusCode).toBe(428);
    const ok = await patch(note.id, { body: 'Integration, revised.', shareWithMedicalTeam: true }, 1);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['etag']).toBe('"2"');
    expect(ok.json()).toMatchObject({
      body: 'Integration, revised.',
      shareWithMedicalTeam: true,
      version: 2,
    });
    const stale = await patch(note.id, { body: 'Lost update' }, 1);
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({
      error: 'version_conflict',
      details: { body: 'Integration, revised.', version: 2 },
    });

    const signed = await sign(note.id);
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({
      status: 'signed',
      signedAt: t.clock.now().toISOString(),
      body: 'Integration, revised.',
    });
  });

  it('a signed note cannot change through the API (409 note_signed) nor by direct SQL (trigger), whoever asks', async () => {
    const note = await draft({ body: 'Signed text' });
    await sign(note.id);
    const version = (
      await t.app.inject({ method: 'GET', url: `/api/notes/${note.id}`, cookies: as(world.therapist) })
    ).json().version;
    for (const change of [{ body: 'Rewritten' }, { shareWithMedicalTeam: false }, { kind: 'progress' }]) {
      const response = await patch(note.id, change, version);
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toBe('note_signed');
    }
    expect((await sign(note.id)).json().error).toBe('note_signed');

    await expect(
      db.query(`UPDATE note SET body = 'Rewritten by SQL' WHERE id = $1`, [note.id]),
    ).rejects.toThrow(/signed/);
    await expect(
      db.query(`UPDATE note SET share_with_medical_team = false WHERE id = $1`, [note.id]),
    ).rejects.toThrow(/signed/);
    await expect(
      db.query(`UPDATE note SET status = 'draft', signed_at = NULL WHERE id = $1`, [note.id]),
    ).rejects.toThrow(/signed/);
    await expect(db.query(`DELETE FROM note WHERE id = $1`, [note.id])).rejects.toThrow(/never deleted/);
    const [row] = await db.query(`SELECT body, status, share_with_medical_team FROM note WHERE id = $1`, [
      note.id,
    ]);
    expect(row).toEqual({ body: 'Signed text', status: 'signed', share_with_medical_team: true });
  });

  it('addenda: only on signed notes, by the author, listed oldest first; append-only in the database', async () => {
    const note = await draft();
    const early = await addendum(note.id, 'Too early');
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toBe('conflict');
    await sign(note.id);

    const bodies = ['First correction', 'Second correction', 'Third correction'];
    for (const body of bodies) {
      const response = await addendum(note.id, body);
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({
        noteId: note.id,
        body,
        reason: 'Correction',
        author: { id: world.therapist.id },
      });
    }
    const read = (
      await t.app.inject({ method: 'GET', url: `/api/notes/${note.id}`, cookies: as(world.therapist) })
    ).json();
    expect(read.addenda.map((a: { body: string }) => a.body)).toEqual(bodies);
    expect(read.body).toBe(note.body);

    // Idempotent replay of an addendum.
    const key = { 'idempotency-key': `addendum-${note.id}` };
    const first = await addendum(note.id, 'Once', world.therapist, key);
    const again = await addendum(note.id, 'Once', world.therapist, key);
    expect(again.json().id).toBe(first.json().id);

    const [one] = await db.query(`SELECT id FROM note_addendum WHERE note_id = $1 LIMIT 1`, [note.id]);
    await expect(db.query(`UPDATE note_addendum SET body = 'x' WHERE id = $1`, [one.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query(`DELETE FROM note_addendum WHERE id = $1`, [one.id])).rejects.toThrow(
      /append-only/,
    );

    // Someone else: the admin may not write notes (403), the team cannot (403), the other therapist cannot see it (404).
    expect((await addendum(note.id, 'Not mine', world.admin)).statusCode).toBe(403);
    expect((await addendum(note.id, 'Not mine', world.prescriber)).statusCode).toBe(403);
    expect((await addendum(note.id, 'Not mine', world.otherTherapist)).statusCode).toBe(404);
  });

  it('only the author changes or signs a note: a therapist who took over the patient gets 403', async () => {
    const note = await draft();
    await db.query(`UPDATE patient SET primary_therapist_id = $2 WHERE id = $1`, [
      patient.id,
      world.otherTherapist.id,
    ]);
    try {
      expect((await sign(note.id, world.otherTherapist)).statusCode).toBe(403);
      expect((await patch(note.id, { body: 'x' }, 1, world.otherTherapist)).statusCode).toBe(403);
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/notes/${note.id}`,
            cookies: as(world.otherTherapist),
          })
        ).statusCode,
      ).toBe(200);
    } finally {
      await db.query(`UPDATE patient SET primary_therapist_id = $2 WHERE id = $1`, [
        patient.id,
        world.therapist.id,
      ]);
    }
  });

  it('the medical team sees only signed notes shared with it; everything else answers 404', async () => {
    const other = await createPatient(t.app, as(world.therapist));
    await linkTeam(t.app, as(world.therapist), other.id, world.teamId, {
      signedOn: dayFromToday(t.clock, -5),
      expiresOn: dayFromToday(t.clock, 300),
    });
    const make = async (shared: boolean, signIt: boolean) => {
      const note: Note = (
        await write(
          { kind: 'integration', body: `shared=${shared} signed=${signIt}`, shareWithMedicalTeam: shared },
          world.therapist,
          other.id,
        )
      ).json();
      if (signIt) await sign(note.id);
      return note.id;
    };
    const sharedSigned = await make(true, true);
    const sharedDraft = await make(true, false);
    const privateSigned = await make(false, true);
    const privateDraft = await make(false, false);
    const list = async (person: Person) =>
      (await t.app.inject({ method: 'GET', url: `/api/patients/${other.id}/notes`, cookies: as(person) }))
        .json()
        .items.map((n: Note) => n.id);
    expect(await list(world.prescriber)).toEqual([sharedSigned]);
    expect(await list(world.coordinator)).toEqual([sharedSigned]);
    expect((await list(world.therapist)).sort()).toEqual(
      [sharedSigned, sharedDraft, privateSigned, privateDraft].sort(),
    );
    expect((await list(world.admin)).length).toBe(4);
    const get = (id: string, person: Person) =>
      t.app.inject({ method: 'GET', url: `/api/notes/${id}`, cookies: as(person) });
    expect((await get(sharedSigned, world.prescriber)).statusCode).toBe(200);
    for (const id of [sharedDraft, privateSigned, privateDraft]) {
      const hidden = await get(id, world.prescriber);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json().error).toBe('not_found');
    }
    for (const person of [
      world.otherPrescriber,
      world.expiredPrescriber,
      world.otherTherapist,
      world.foreignTherapist,
    ]) {
      expect((await get(sharedSigned, person)).statusCode).toBe(404);
    }
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/patients/${other.id}/notes?kind=progress`,
          cookies: as(world.therapist),
        })
      ).json().items,
    ).toEqual([]);
  });

  it("a note's session must be the patient's; the therapist alone writes notes", async () => {
    const elsewhere = await createPatient(t.app, as(world.therapist));
    const session = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${elsewhere.id}/sessions`,
      cookies: as(world.therapist),
      payload: {
        kind: 'integration',
        occurredAt: t.clock.now().toISOString(),
        durationMinutes: 50,
        setting: 'remote',
      },
    });
    const refused = await write({
      kind: 'integration',
      body: 'x',
      shareWithMedicalTeam: false,
      sessionId: session.json().id,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details).toEqual([{ field: 'sessionId', problem: expect.any(String) }]);
    expect(
      (await write({ kind: 'integration', body: 'x', shareWithMedicalTeam: false }, world.admin)).statusCode,
    ).toBe(403);
    expect(
      (await write({ kind: 'integration', body: 'x', shareWithMedicalTeam: false }, world.prescriber))
        .statusCode,
    ).toBe(403);
    expect((await write({ kind: 'diary', body: 'x', shareWithMedicalTeam: false })).statusCode).toBe(400);
    expect(
      (await write({ kind: 'integration', body: 'x', shareWithMedicalTeam: false, status: 'signed' }))
        .statusCode,
    ).toBe(400);
  });

  it('audits one event per read and write, with the patient', async () => {
    const note = await draft();
    const calls = [
      { method: 'GET' as const, url: `/api/notes/${note.id}`, action: 'note.read' },
      { method: 'GET' as const, url: `/api/patients/${patient.id}/notes`, action: 'note.list' },
      {
        method: 'PATCH' as const,
        url: `/api/notes/${note.id}`,
        action: 'note.update',
        payload: { body: 'v2' },
        headers: { 'if-match': '"1"' },
      },
      { method: 'POST' as const, url: `/api/notes/${note.id}/sign`, action: 'note.sign' },
      {
        method: 'POST' as const,
        url: `/api/notes/${note.id}/addenda`,
        action: 'note.addendum',
        payload: { body: 'a', reason: 'b' },
      },
      {
        method: 'PATCH' as const,
        url: `/api/notes/${note.id}`,
        action: 'note.update',
        payload: { body: 'v3' },
        headers: { 'if-match': '"3"' },
        outcome: 'failure',
      },
    ];
    for (const call of calls) {
      const response = await t.app.inject({ ...call, cookies: as(world.therapist) });
      const events = await db.query(
        `SELECT action, outcome, patient_id FROM audit_event WHERE request_id = $1`,
        [response.headers['x-request-id']],
      );
      expect(events).toEqual([
        { action: call.action, outcome: call.outcome ?? 'success', patient_id: patient.id },
      ]);
    }
  });
});
