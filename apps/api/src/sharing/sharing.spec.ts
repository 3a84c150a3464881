import type { NestFastifyApplication } from '@nestjs/platform-fastify';
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

/** Issue 6: the care-team thread, disclosures (R12), the follow-up packet, the dashboard; R5 across all of them. */
describe('sharing with the medical team', () => {
  let t: TestApp;
  let app: NestFastifyApplication;
  let db: DataSource;
  let world: CareWorld;
  const MARKER = `PSYCHOTHERAPY-MARKER-${Date.now()}`;

  const as = (person: Person) => cookiesOf(world, person);
  const post = async (person: Person, url: string, payload: object = {}, expected = 201) => {
    const response = await app.inject({ method: 'POST', url, cookies: as(person), payload });
    if (response.statusCode !== expected) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  const get = (person: Person, url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, cookies: as(person), headers });
  const hoursAgo = (hours: number) => new Date(t.clock.now().getTime() - hours * 3600_000).toISOString();

  /** A patient in a dosing course with limits 140/90 HR 100, one undocumented dose with a high reading, a shared note, a PHQ-9 and a psychotherapy note. */
  async function sharedPatient(release: { signedOn: string; expiresOn: string } | null) {
    const patient = await createPatient(app, as(world.therapist));
    if (release) await linkTeam(app, as(world.therapist), patient.id, world.teamId, release);
    const course = await post(world.therapist, `/api/patients/${patient.id}/courses`, {
      indication: 'depression',
      startedOn: dayFromToday(t.clock, -40),
      phase: 'dosing',
      vitalsLimits: { systolicMax: 140, diastolicMax: 90, heartRateMax: 100 },
    });
    await post(world.therapist, `/api/patients/${patient.id}/sessions`, {
      kind: 'preparation',
      occurredAt: hoursAgo(24 * 5),
      durationMinutes: 60,
      setting: 'in_person',
      courseId: course.id,
    });
    const dose = await post(world.therapist, `/api/patients/${patient.id}/sessions`, {
      kind: 'dosing',
      occurredAt: hoursAgo(30),
      durationMinutes: 120,
      setting: 'in_person',
      courseId: course.id,
      dosing: {
        route: 'sublingual',
        doseLabel: 'full_dissociative',
        doseMg: 300,
        vitals: [
          { at: hoursAgo(30), phase: 'pre', systolic: 142, diastolic: 88, heartRate: 76 },
          { at: hoursAgo(28), phase: 'post', systolic: 128, diastolic: 80, heartRate: 70 },
        ],
        adverseEvents: [{ type: 'nausea', severity: 'mild' }],
      },
    });
    const note = await post(world.therapist, `/api/patients/${patient.id}/notes`, {
      kind: 'preparation',
      body: 'Shared preparation note',
      shareWithMedicalTeam: true,
    });
    await post(world.therapist, `/api/notes/${note.id}/sign`, {}, 200);
    const draft = await post(world.therapist, `/api/patients/${patient.id}/notes`, {
      kind: 'progress',
      body: 'Draft',
      shareWithMedicalTeam: true,
    });
    const phq9 = await post(world.therapist, `/api/patients/${patient.id}/outcomes`, {
      instrument: 'PHQ9',
      administeredAt: hoursAgo(24 * 35),
      items: [2, 2, 2, 2, 2, 2, 2, 2, 0],
    });
    const psychotherapy = await post(world.therapist, `/api/patients/${patient.id}/psychotherapy-notes`, {
      body: `Process ${MARKER}`,
      sessionId: dose.id,
    });
    return { patient, course, dose, note, draft, phq9, psychotherapy };
  }

  const valid = () => ({ signedOn: dayFromToday(t.clock, -10), expiresOn: dayFromToday(t.clock, 300) });
  const disclosureRows = async (patientId: string) =>
    (await db.query(`SELECT count(*)::int AS n FROM disclosure WHERE patient_id = $1`, [patientId]))[0]
      .n as number;

  beforeAll(async () => {
    t = await createTestApp();
    app = t.app;
    db = app.get(DataSource);
    world = await createCareWorld(app);
  });
  afterAll(() => t.close());

  it('refuses a status update without a valid release (409) and writes nothing: no update, no disclosure', async () => {
    for (const release of [
      null,
      { signedOn: dayFromToday(t.clock, -400), expiresOn: dayFromToday(t.clock, -1) },
    ]) {
      const { patient } = await sharedPatient(release);
      const response = await app.inject({
        method: 'POST',
        url: `/api/patients/${patient.id}/status-updates`,
        cookies: as(world.therapist),
        payload: { kind: 'general', urgency: 'routine', body: 'Hello' },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toBe('release_of_information_required');
      expect(await disclosureRows(patient.id)).toBe(0);
      expect(
        (
          await db.query(`SELECT count(*)::int AS n FROM status_update WHERE patient_id = $1`, [patient.id])
        )[0].n,
      ).toBe(0);
    }
  });

  it('with a valid release: one disclosure row in the accounting, the update visible to the linked team only', async () => {
    const p = await sharedPatient(valid());
    const update = await post(world.therapist, `/api/patients/${p.patient.id}/status-updates`, {
      kind: 'session_summary',
      urgency: 'soon',
      body: 'Dose went well.',
      include: { sessionIds: [p.dose.id], outcomeIds: [p.phq9.id], noteIds: [p.note.id] },
    });
    expect(update).toMatchObject({ from: 'practice', kind: 'session_summary', acknowledgedAt: null });
    expect(update.included.sessions[0]).toMatchObject({ id: p.dose.id, documentationComplete: false });
    expect(update.included.outcomes[0]).toMatchObject({ id: p.phq9.id, total: 16 });
    expect(update.included.notes[0]).toMatchObject({ id: p.note.id, body: 'Shared preparation note' });
    expect(await disclosureRows(p.patient.id)).toBe(1);

    for (const reader of [world.therapist, world.admin]) {
      const list = await get(reader, `/api/patients/${p.patient.id}/disclosures`);
      expect(list.statusCode).toBe(200);
      expect(list.json().items).toEqual([
        expect.objectContaining({
          source: 'status_update',
          statusUpdateId: update.id,
          disclosedBy: expect.objectContaining({ id: world.therapist.id }),
          recipient: expect.objectContaining({ organizationId: world.teamId, name: expect.any(String) }),
          what: {
            categories: ['message', 'session_records', 'outcome_scores', 'shared_notes'],
            sessionIds: [p.dose.id],
            outcomeIds: [p.phq9.id],
            noteIds: [p.note.id],
          },
          purpose: 'care coordination: session_summary',
        }),
      ]);
    }
    expect((await get(world.prescriber, `/api/patients/${p.patient.id}/disclosures`)).statusCode).toBe(403);

    const thread = await get(world.prescriber, `/api/patients/${p.patient.id}/status-updates`);
    expect(thread.statusCode).toBe(200);
    expect(thread.json().items.map((u: { id: string }) => u.id)).toEqual([update.id]);
    expect(
      (await get(world.otherPrescriber, `/api/patients/${p.patient.id}/status-updates`)).statusCode,
    ).toBe(404);

    // A reply from the team is no disclosure; the thread is oldest first.
    t.clock.advance(1000);
    const reply = await post(world.prescriber, `/api/patients/${p.patient.id}/status-updates`, {
      kind: 'general',
      urgency: 'routine',
      body: 'Thanks.',
    });
    expect(reply.from).toBe('medical_team');
    expect(await disclosureRows(p.patient.id)).toBe(1);
    const both = (await get(world.therapist, `/api/patients/${p.patient.id}/status-updates?limit=1`)).json();
    expect(both.items.map((u: { id: string }) => u.id)).toEqual([update.id]);
    const next = (
      await get(
        world.therapist,
        `/api/patients/${p.patient.id}/status-updates?limit=1&cursor=${both.nextCursor}`,
      )
    ).json();
    expect(next.items.map((u: { id: string }) => u.id)).toEqual([reply.id]);
  });

  it("refuses attachments that are not the patient's or not shareable, and psychotherapy notes always", async () => {
    const p = await sharedPatient(valid());
    const other = await sharedPatient(valid());
    const attempt = (include: object) =>
      app.inject({
        method: 'POST',
        url: `/api/patients/${p.patient.id}/status-updates`,
        cookies: as(world.therapist),
        payload: { kind: 'general', urgency: 'routine', body: 'See attached', include },
      });
    for (const [include, field] of [
      [{ noteIds: [p.psychotherapy.id] }, 'include.noteIds[0]'],
      [{ noteIds: [p.note.id, p.draft.id] }, 'include.noteIds[1]'],
      [{ sessionIds: [other.dose.id] }, 'include.sessionIds[0]'],
      [{ outcomeIds: [other.phq9.id] }, 'include.outcomeIds[0]'],
    ] as const) {
      const response = await attempt(include);
      expect(response.statusCode).toBe(400);
      expect(response.json().details).toEqual([expect.objectContaining({ field })]);
    }
    expect(await disclosureRows(p.patient.id)).toBe(0);
  });

  it('is acknowledged by the other side only, once; unread counts follow', async () => {
    const p = await sharedPatient(valid());
    const update = await post(world.therapist, `/api/patients/${p.patient.id}/status-updates`, {
      kind: 'request_review',
      urgency: 'urgent',
      body: 'Please review the BP.',
    });
    const unread = (await get(world.prescriber, '/api/status-updates/unread')).json();
    expect(unread.byPatient).toContainEqual({ patientId: p.patient.id, count: 1 });
    expect(
      (await get(world.therapist, '/api/status-updates/unread'))
        .json()
        .byPatient.find((b: { patientId: string }) => b.patientId === p.patient.id),
    ).toBeUndefined();

    const ack = (person: Person) =>
      app.inject({
        method: 'POST',
        url: `/api/status-updates/${update.id}/acknowledge`,
        cookies: as(person),
      });
    expect((await ack(world.therapist)).statusCode).toBe(403);
    expect((await ack(world.admin)).statusCode).toBe(403);
    expect((await ack(world.otherPrescriber)).statusCode).toBe(404);
    const done = await ack(world.prescriber);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ acknowledgedBy: { id: world.prescriber.id } });
    expect((await ack(world.coordinator)).statusCode).toBe(409);
    expect(
      (await get(world.prescriber, '/api/status-updates/unread'))
        .json()
        .byPatient.find((b: { patientId: string }) => b.patientId === p.patient.id),
    ).toBeUndefined();
    const seen = (await get(world.therapist, `/api/patients/${p.patient.id}/status-updates`)).json().items[0];
    expect(seen.acknowledgedAt).not.toBeNull();
  });

  it('answers the follow-up packet as JSON and as copy-paste text; a team read is a disclosure', async () => {
    const p = await sharedPatient(valid());
    await post(world.therapist, `/api/patients/${p.patient.id}/status-updates`, {
      kind: 'request_review',
      urgency: 'soon',
      body: 'Dose change?',
    });
    const json = await get(world.therapist, `/api/patients/${p.patient.id}/follow-up-packet`);
    expect(json.statusCode).toBe(200);
    const packet = json.json();
    expect(packet.since).toBe(dayFromToday(t.clock, -40));
    expect(packet.course).toMatchObject({
      phase: 'dosing',
      vitalsLimits: { systolicMax: 140, diastolicMax: 90, heartRateMax: 100 },
    });
    expect(packet.dosingSessions).toHaveLength(1);
    expect(packet.dosingSessions[0].vitals[0].outOfRange).toEqual(['systolic']);
    expect(packet.dosingSessions[0]).toMatchObject({
      documentationComplete: false,
      documentationMissing: ['signed_note'],
    });
    expect(packet.scores).toEqual([
      expect.objectContaining({
        instrument: 'PHQ9',
        outcomeId: p.phq9.id,
        total: 16,
        changeFromBaseline: 0,
        reliableChange: 'none',
      }),
    ]);
    expect(packet.openQuestions).toEqual([expect.objectContaining({ body: 'Dose change?' })]);
    expect(await disclosureRows(p.patient.id)).toBe(1); // the question; the therapist's own read is none

    t.clock.advance(1000);
    const text = await get(world.prescriber, `/api/patients/${p.patient.id}/follow-up-packet`, {
      accept: 'text/plain',
    });
    expect(text.statusCode).toBe(200);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(text.body).toContain('DOSING SESSIONS SINCE');
    expect(text.body).toContain('142/88 HR 76 (pre) ⚠ outside limits: systolic ≤ 140');
    expect(text.body).toContain('Vitals limits: systolic ≤ 140, diastolic ≤ 90, HR ≤ 100');
    expect(text.body).toContain('documentation INCOMPLETE: missing signed_note');
    expect(text.body).toContain('Dose change?');
    const disclosures = (await get(world.therapist, `/api/patients/${p.patient.id}/disclosures`)).json()
      .items;
    expect(disclosures[0]).toMatchObject({
      source: 'follow_up_packet',
      disclosedBy: { id: world.prescriber.id },
      what: { sessionIds: [p.dose.id] },
    });

    const sent = await post(world.therapist, `/api/patients/${p.patient.id}/follow-up-packet/send`, {
      note: "Before Friday's visit.",
    });
    expect(sent).toMatchObject({
      kind: 'follow_up',
      from: 'practice',
      include: { sessionIds: [p.dose.id], outcomeIds: [p.phq9.id], noteIds: [] },
    });
    expect(sent.body).toContain('Before Friday');
    expect(await disclosureRows(p.patient.id)).toBe(3);
    const bad = await app.inject({
      method: 'GET',
      url: `/api/patients/${p.patient.id}/follow-up-packet?since=2026-02-30`,
      cookies: as(world.therapist),
    });
    expect(bad.statusCode).toBe(400);
  });

  it("marks a packet reading below the prescriber's minimums, SpO2 included", async () => {
    const patient = await createPatient(app, as(world.therapist));
    await linkTeam(app, as(world.therapist), patient.id, world.teamId, valid());
    const course = await post(world.therapist, `/api/patients/${patient.id}/courses`, {
      indication: 'depression',
      startedOn: dayFromToday(t.clock, -10),
      phase: 'dosing',
      vitalsLimits: { systolicMin: 90, systolicMax: 160, heartRateMin: 50, spo2Min: 92 },
    });
    await post(world.therapist, `/api/patients/${patient.id}/sessions`, {
      kind: 'dosing',
      occurredAt: hoursAgo(5),
      durationMinutes: 120,
      setting: 'in_person',
      courseId: course.id,
      dosing: {
        route: 'sublingual',
        doseLabel: 'full_dissociative',
        doseMg: 200,
        vitals: [
          { at: hoursAgo(5), phase: 'pre', systolic: 84, diastolic: 60, heartRate: 48, spo2: 88 },
          { at: hoursAgo(3), phase: 'post', systolic: 120, diastolic: 80, heartRate: 70, spo2: 97 },
        ],
        adverseEvents: [],
      },
    });
    const packet = (await get(world.therapist, `/api/patients/${patient.id}/follow-up-packet`)).json();
    expect(packet.dosingSessions[0].vitals.map((v: { outOfRange: string[] }) => v.outOfRange)).toEqual([
      ['systolic', 'heart_rate', 'spo2'],
      [],
    ]);
    const text = (
      await get(world.therapist, `/api/patients/${patient.id}/follow-up-packet`, { accept: 'text/plain' })
    ).body;
    expect(text).toContain(
      '84/60 HR 48 SpO2 88% (pre) ⚠ outside limits: systolic 90–160, HR ≥ 50, SpO2 ≥ 92',
    );
    expect(text).toContain('Vitals limits: systolic 90–160, HR ≥ 50, SpO2 ≥ 92');
  });

  it("never shows a psychotherapy note's text in the thread, the packet or the disclosures (R5)", async () => {
    const p = await sharedPatient(valid());
    await post(world.therapist, `/api/patients/${p.patient.id}/status-updates`, {
      kind: 'session_summary',
      urgency: 'routine',
      body: 'Summary',
      include: { sessionIds: [p.dose.id], noteIds: [p.note.id] },
    });
    await post(world.therapist, `/api/patients/${p.patient.id}/follow-up-packet/send`, {});
    await post(world.prescriber, `/api/patients/${p.patient.id}/status-updates`, {
      kind: 'general',
      urgency: 'routine',
      body: 'Reply',
    });
    for (const person of [world.therapist, world.prescriber, world.admin]) {
      for (const [url, headers] of [
        [`/api/patients/${p.patient.id}/status-updates`, {}],
        [`/api/patients/${p.patient.id}/follow-up-packet`, {}],
        [`/api/patients/${p.patient.id}/follow-up-packet?since=2000-01-01`, { accept: 'text/plain' }],
        [`/api/patients/${p.patient.id}/disclosures`, {}],
        ['/api/status-updates/unread', {}],
        ['/api/dashboard', {}],
      ] as const) {
        const response = await get(person, url, headers);
        expect(response.statusCode).toBeLessThan(500);
        expect(response.body).not.toContain(MARKER);
      }
    }
  });

  it('shows each reason code on the dashboard for a patient set up to have it', async () => {
    const p = await sharedPatient({
      signedOn: dayFromToday(t.clock, -300),
      expiresOn: dayFromToday(t.clock, 20),
    });
    // The last follow-up was 10 days ago; the next is due in 3 days.
    await post(world.prescriber, `/api/patients/${p.patient.id}/medical-status`, {
      asOf: hoursAgo(24 * 10),
      eligibility: 'eligible',
      nextFollowUpDue: dayFromToday(t.clock, 3),
    });
    await post(world.prescriber, `/api/patients/${p.patient.id}/status-updates`, {
      kind: 'prescription',
      urgency: 'soon',
      body: 'Refill written.',
    });
    // The high pre reading raised an open vitals alert; no PHQ-9 in the last 30 days; no integration after the dose.
    const therapistView = (await get(world.therapist, '/api/dashboard')).json();
    const mine = therapistView.items.find((i: { patientId: string }) => i.patientId === p.patient.id);
    const codes = Object.fromEntries(
      mine.reasons.map((r: { code: string; severity: string }) => [r.code, r.severity]),
    );
    expect(codes).toEqual({
      open_alert: 'warning',
      integration_due: 'warning',
      follow_up_due: 'info',
      documentation_incomplete: 'warning',
      measure_overdue: 'info',
      unacknowledged_update: 'warning',
      release_expiring: 'info',
    });
    expect(mine.patientName).toBe(`${p.patient.givenName} ${p.patient.familyName}`);
    // Every moment in the form the rest of the API uses (Date#toISOString), in UTC.
    for (const reason of mine.reasons) expect(reason.since).toBe(new Date(reason.since).toISOString());
    expect(mine.reasons.find((r: { code: string }) => r.code === 'follow_up_due').since).toBe(
      `${dayFromToday(t.clock, 3)}T00:00:00.000Z`,
    );
    const severities = mine.reasons.map((r: { severity: string }) => r.severity);
    expect(severities.indexOf('info')).toBeGreaterThan(severities.lastIndexOf('warning'));

    const teamView = (await get(world.prescriber, '/api/dashboard')).json();
    const theirs = teamView.items.find((i: { patientId: string }) => i.patientId === p.patient.id);
    expect(theirs.reasons.map((r: { code: string }) => r.code).sort()).toEqual([
      'follow_up_due',
      'open_alert',
    ]);
    const otherTeam = (await get(world.otherPrescriber, '/api/dashboard')).json();
    expect(otherTeam.items.find((i: { patientId: string }) => i.patientId === p.patient.id)).toBeUndefined();

    // An integration session in the same course after the dose clears integration_due.
    await post(world.therapist, `/api/patients/${p.patient.id}/sessions`, {
      kind: 'integration',
      occurredAt: hoursAgo(1),
      durationMinutes: 50,
      setting: 'in_person',
      courseId: p.course.id,
    });
    const integrated = (await get(world.therapist, '/api/dashboard'))
      .json()
      .items.find((i: { patientId: string }) => i.patientId === p.patient.id);
    expect(integrated.reasons.map((r: { code: string }) => r.code)).not.toContain('integration_due');
    expect(integrated.reasons.map((r: { code: string }) => r.code)).toContain('documentation_incomplete');

    // Urgent first: a therapist's urgent update puts the patient at the top of the team's list.
    await post(world.therapist, `/api/patients/${p.patient.id}/status-updates`, {
      kind: 'safety_concern',
      urgency: 'urgent',
      body: 'Call me.',
    });
    const after = (await get(world.prescriber, '/api/dashboard')).json();
    expect(after.items[0].patientId).toBe(p.patient.id);
    // The reason says what the update is about (its kind), never its text.
    expect(after.items[0].reasons[0]).toEqual({
      code: 'unacknowledged_update',
      severity: 'urgent',
      since: expect.any(String),
      updateKind: 'safety_concern',
    });
    expect(JSON.stringify(after.items[0])).not.toContain('Call me.');
    // An update of another kind is a reason of its own.
    await post(world.therapist, `/api/patients/${p.patient.id}/status-updates`, {
      kind: 'request_review',
      urgency: 'routine',
      body: 'Please review.',
    });
    const both = (await get(world.prescriber, '/api/dashboard')).json().items[0].reasons;
    expect(
      both
        .filter((r: { code: string }) => r.code === 'unacknowledged_update')
        .map((r: { updateKind: string }) => r.updateKind)
        .sort(),
    ).toEqual(['request_review', 'safety_concern']);
  });
});
