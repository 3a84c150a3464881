import { DataSource } from 'typeorm';
import type { Patient, Session, SessionWarning } from '@kap/shared/contracts';
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

const DAY = 24 * 60 * 60 * 1000;
const LIMITS = { systolicMax: 160, diastolicMax: 100, heartRateMax: 120 };

describe('session log, course rules and alerts through the API', () => {
  let t: TestApp;
  let db: DataSource;
  let world: CareWorld;
  const as = (person: Person) => cookiesOf(world, person);
  const ago = (days: number, minutes = 0) =>
    new Date(t.clock.now().getTime() - days * DAY + minutes * 60_000).toISOString();
  const reading = (
    phase: 'pre' | 'mid' | 'post',
    at: string,
    systolic = 124,
    diastolic = 80,
    heartRate = 74,
  ) => ({
    at,
    phase,
    systolic,
    diastolic,
    heartRate,
    spo2: 98,
  });
  const dosing = (at: string, over: Record<string, unknown> = {}) => ({
    route: 'sublingual',
    doseLabel: 'full_dissociative',
    doseMg: 200,
    vitals: [reading('pre', at), reading('post', at)],
    adverseEvents: [],
    ...over,
  });
  const doseBody = (courseId: string | null, occurredAt: string, over: Record<string, unknown> = {}) => ({
    kind: 'dosing',
    occurredAt,
    durationMinutes: 150,
    setting: 'in_person',
    ...(courseId ? { courseId } : {}),
    dosing: dosing(occurredAt),
    ...over,
  });
  const plainBody = (kind: string, courseId: string | null, occurredAt: string) => ({
    kind,
    occurredAt,
    durationMinutes: 50,
    setting: 'remote',
    ...(courseId ? { courseId } : {}),
  });
  const post = (
    patientId: string,
    body: object,
    person: Person = world.therapist,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/sessions`,
      cookies: as(person),
      payload: body,
      headers,
    });
  const sessionCount = async (patientId: string) =>
    (await db.query(`SELECT count(*)::int AS n FROM therapy_session WHERE patient_id = $1`, [patientId]))[0]
      .n;

  /**
   * A patient linked to the team with a valid release, cleared for dosing with an active
   * prescription (so that each case below breaks only the rule it is about), and a course with
   * the prescriber's orders.
   */
  const newPatient = async (
    plan: Record<string, unknown> | null = { route: 'sublingual', maxDosingSessionsPerWeek: 1 },
  ) => {
    const patient: Patient = await createPatient(t.app, as(world.therapist));
    await linkTeam(t.app, as(world.therapist), patient.id, world.teamId, {
      signedOn: dayFromToday(t.clock, -30),
      expiresOn: dayFromToday(t.clock, 300),
    });
    const status = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patient.id}/medical-status`,
      cookies: as(world.prescriber),
      payload: {
        asOf: ago(90),
        eligibility: 'eligible',
        prescription: { status: 'active', route: 'sublingual' },
      },
    });
    expect(status.statusCode).toBe(201);
    const course = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patient.id}/courses`,
      cookies: as(world.therapist),
      payload: {
        indication: 'depression',
        startedOn: dayFromToday(t.clock, -60),
        phase: 'dosing',
        ...(plan ? { dosePlan: plan } : {}),
        vitalsLimits: LIMITS,
      },
    });
    expect(course.statusCode).toBe(201);
    return { patientId: patient.id, courseId: course.json().id as string };
  };
  const created = async (patientId: string, body: object): Promise<Session> => {
    const response = await post(patientId, body);
    expect(response.statusCode).toBe(201);
    return response.json();
  };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    world = await createCareWorld(t.app);
  });
  afterAll(() => t.close());

  it('logs a preparation session: 201, no warnings, no documentation check', async () => {
    const { patientId, courseId } = await newPatient();
    const response = await post(patientId, plainBody('preparation', courseId, ago(3)));
    expect(response.statusCode).toBe(201);
    expect(response.headers['etag']).toBe('"1"');
    expect(response.json()).toMatchObject({
      patientId,
      courseId,
      kind: 'preparation',
      durationMinutes: 50,
      setting: 'remote',
      dosing: null,
      warnings: [],
      documentationComplete: null,
      documentationMissing: [],
      integrationDueOn: null,
      recordedBy: { id: world.therapist.id },
      version: 1,
    });
  });

  describe('each warning is produced, and the session is stored anyway', () => {
    const alerting: Partial<Record<SessionWarning, string>> = {
      vitals_out_of_range: 'warning',
      serious_adverse_event: 'urgent',
      dosing_frequency_exceeded: 'warning',
    };
    const cases: [SessionWarning, (ids: { patientId: string; courseId: string }) => Promise<object>][] = [
      ['dosing_without_preparation', async ({ courseId }) => doseBody(courseId, ago(0))],
      [
        'dosing_frequency_exceeded',
        async ({ patientId, courseId }) => {
          await created(patientId, plainBody('preparation', courseId, ago(5)));
          await created(patientId, doseBody(courseId, ago(3)));
          await created(patientId, plainBody('integration', courseId, ago(2)));
          return doseBody(courseId, ago(0)); // the plan allows 1 dose in any 7 × 24 hours
        },
      ],
      [
        'integration_missing',
        async ({ patientId, courseId }) => {
          await created(patientId, plainBody('preparation', courseId, ago(20)));
          await created(patientId, doseBody(courseId, ago(14)));
          return doseBody(courseId, ago(0));
        },
      ],
      [
        'vitals_out_of_range',
        async ({ patientId, courseId }) => {
          await created(patientId, plainBody('preparation', courseId, ago(5)));
          return doseBody(courseId, ago(0), {
            dosing: dosing(ago(0), { vitals: [reading('pre', ago(0), 172), reading('post', ago(0))] }),
          });
        },
      ],
      [
        'vitals_missing',
        async ({ patientId, courseId }) => {
          await created(patientId, plainBody('preparation', courseId, ago(5)));
          return doseBody(courseId, ago(0), { dosing: dosing(ago(0), { vitals: [reading('pre', ago(0))] }) });
        },
      ],
      [
        'serious_adverse_event',
        async ({ patientId, courseId }) => {
          await created(patientId, plainBody('preparation', courseId, ago(5)));
          return doseBody(courseId, ago(0), {
            dosing: dosing(ago(0), {
              adverseEvents: [
                {
                  type: 'respiratory_depression',
                  severity: 'serious',
                  reportedToOnCallAt: ago(0, 30),
                  action: 'Called 911',
                },
              ],
            }),
          });
        },
      ],
    ];

    it.each(cases)('%s', async (code, arrange) => {
      const ids = await newPatient();
      const body = await arrange(ids);
      const before = await sessionCount(ids.patientId);
      const response = await post(ids.patientId, body);
      expect(response.statusCode).toBe(201);
      const session: Session = response.json();
      expect(session.warnings).toEqual([code]);
      expect(await sessionCount(ids.patientId)).toBe(before + 1);
      const read = await t.app.inject({
        method: 'GET',
        url: `/api/sessions/${session.id}`,
        cookies: as(world.therapist),
      });
      expect(read.json()).toMatchObject({ id: session.id, warnings: [code] });

      // Alerts are raised in the same write, and the linked prescriber sees them.
      const alerts = (
        await t.app.inject({
          method: 'GET',
          url: `/api/alerts?patientId=${ids.patientId}`,
          cookies: as(world.prescriber),
        })
      ).json().items;
      const severity = alerting[code];
      if (severity) {
        expect(alerts).toEqual([
          expect.objectContaining({ kind: code, severity, sourceType: 'session', sourceId: session.id }),
        ]);
      } else {
        expect(alerts).toEqual([]);
      }
    });

    it('a dose without a course looks for preparation anywhere in the patient record and uses 2 a week', async () => {
      const { patientId } = await newPatient();
      // Without a course there are no vitals limits to check the readings against: always warned.
      await created(patientId, plainBody('preparation', null, ago(9)));
      expect((await created(patientId, doseBody(null, ago(8)))).warnings).toEqual([
        'vitals_limits_not_ordered',
      ]);
      await created(patientId, plainBody('integration', null, ago(7, 60)));
      expect((await created(patientId, doseBody(null, ago(6)))).warnings).toEqual([
        'vitals_limits_not_ordered',
      ]);
      await created(patientId, plainBody('integration', null, ago(5, 60)));
      expect((await created(patientId, doseBody(null, ago(4)))).warnings).toEqual([
        'dosing_frequency_exceeded',
        'vitals_limits_not_ordered',
      ]);
    });
  });

  describe('physically impossible values are refused with the field named, and nothing is stored', () => {
    it.each<[string, (at: string) => object, string]>([
      [
        'systolic 400',
        (at) => ({ dosing: dosing(at, { vitals: [reading('pre', at, 400), reading('post', at)] }) }),
        'dosing.vitals[0].systolic',
      ],
      [
        'diastolic above systolic',
        (at) => ({ dosing: dosing(at, { vitals: [reading('pre', at), reading('post', at, 110, 130)] }) }),
        'dosing.vitals[1].diastolic',
      ],
      ['a negative dose', (at) => ({ dosing: dosing(at, { doseMg: -20 }) }), 'dosing.doseMg'],
      ['a zero dose', (at) => ({ dosing: dosing(at, { doseMg: 0 }) }), 'dosing.doseMg'],
      [
        'heart rate 300',
        (at) => ({ dosing: dosing(at, { vitals: [reading('pre', at, 120, 80, 300)] }) }),
        'dosing.vitals[0].heartRate',
      ],
      [
        'SpO2 120',
        (at) => ({ dosing: dosing(at, { vitals: [{ ...reading('pre', at), spo2: 120 }] }) }),
        'dosing.vitals[0].spo2',
      ],
      [
        'two days ahead',
        () => ({ occurredAt: new Date(t.clock.now().getTime() + 2 * DAY).toISOString() }),
        'occurredAt',
      ],
      ['no duration', () => ({ durationMinutes: 0 }), 'durationMinutes'],
      ['a dose with no dose record', () => ({ dosing: undefined }), 'dosing'],
      [
        'a systolic that is not a whole number',
        (at) => ({ dosing: dosing(at, { vitals: [reading('pre', at, 'high' as unknown as number)] }) }),
        'dosing.vitals[0].systolic',
      ],
    ])('%s → 400 naming %s', async (_name, change, field) => {
      const { patientId, courseId } = await newPatient();
      const response = await post(patientId, { ...doseBody(courseId, ago(0)), ...change(ago(0)) });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        error: 'validation_failed',
        details: expect.arrayContaining([expect.objectContaining({ field })]),
      });
      expect(await sessionCount(patientId)).toBe(0);
    });

    it('refuses a dose record on another kind of session, and a course of another patient', async () => {
      const { patientId, courseId } = await newPatient();
      const other = await newPatient();
      const integration = await post(patientId, {
        ...plainBody('integration', courseId, ago(0)),
        dosing: dosing(ago(0)),
      });
      expect(integration.statusCode).toBe(400);
      expect(integration.json().details).toEqual([{ field: 'dosing', problem: expect.any(String) }]);
      const foreignCourse = await post(patientId, plainBody('preparation', other.courseId, ago(0)));
      expect(foreignCourse.statusCode).toBe(400);
      expect(foreignCourse.json().details).toEqual([{ field: 'courseId', problem: expect.any(String) }]);
      expect(await sessionCount(patientId)).toBe(0);
    });
  });

  describe('documentation complete and integration due', () => {
    it('is false until pre and post vitals, the adverse-events answer and a signed linked note are there', async () => {
      const { patientId, courseId } = await newPatient();
      await created(patientId, plainBody('preparation', courseId, ago(10)));
      const sparse = await created(
        patientId,
        doseBody(courseId, ago(3), {
          dosing: dosing(ago(3), { vitals: [reading('mid', ago(3))], adverseEvents: undefined }),
        }),
      );
      expect(sparse).toMatchObject({
        documentationComplete: false,
        documentationMissing: ['pre_vitals', 'post_vitals', 'adverse_events', 'signed_note'],
        integrationDueOn: dayFromToday(t.clock, -2),
      });

      const session = await created(patientId, { ...doseBody(courseId, ago(1)), occurredAt: ago(1) });
      expect(session).toMatchObject({ documentationComplete: false, documentationMissing: ['signed_note'] });
      const note = await t.app.inject({
        method: 'POST',
        url: `/api/patients/${patientId}/notes`,
        cookies: as(world.therapist),
        payload: {
          kind: 'progress',
          sessionId: session.id,
          body: 'Dose went well.',
          shareWithMedicalTeam: true,
        },
      });
      expect(note.statusCode).toBe(201);
      const get = async () =>
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/sessions/${session.id}`,
            cookies: as(world.prescriber),
          })
        ).json();
      expect((await get()).documentationComplete).toBe(false); // a draft is not documentation
      await t.app.inject({
        method: 'POST',
        url: `/api/notes/${note.json().id}/sign`,
        cookies: as(world.therapist),
      });
      expect(await get()).toMatchObject({
        documentationComplete: true,
        documentationMissing: [],
        integrationDueOn: dayFromToday(t.clock, 0),
      });

      await created(
        patientId,
        plainBody('integration', courseId, new Date(t.clock.now().getTime() - 60_000).toISOString()),
      );
      expect((await get()).integrationDueOn).toBeNull();
    });
  });

  describe('changing a session (If-Match)', () => {
    it('428 without If-Match, 412 when stale (nothing written), 200 with the new version and warnings judged again', async () => {
      const { patientId, courseId } = await newPatient();
      await created(patientId, plainBody('preparation', courseId, ago(10)));
      const session = await created(patientId, doseBody(courseId, ago(2)));
      expect(session.warnings).toEqual([]);
      const url = `/api/sessions/${session.id}`;
      const change = {
        dosing: dosing(ago(2), { vitals: [reading('pre', ago(2), 150, 104), reading('post', ago(2))] }),
      };

      const missing = await t.app.inject({
        method: 'PATCH',
        url,
        cookies: as(world.therapist),
        payload: change,
      });
      expect(missing.statusCode).toBe(428);
      expect(missing.json().error).toBe('precondition_required');

      const ok = await t.app.inject({
        method: 'PATCH',
        url,
        cookies: as(world.therapist),
        payload: change,
        headers: { 'if-match': '"1"' },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['etag']).toBe('"2"');
      expect(ok.json()).toMatchObject({ version: 2, warnings: ['vitals_out_of_range'] });
      const alerts = (
        await t.app.inject({
          method: 'GET',
          url: `/api/alerts?patientId=${patientId}`,
          cookies: as(world.prescriber),
        })
      ).json().items;
      expect(alerts).toEqual([
        expect.objectContaining({ kind: 'vitals_out_of_range', sourceId: session.id }),
      ]);

      const stale = await t.app.inject({
        method: 'PATCH',
        url,
        cookies: as(world.therapist),
        payload: { durationMinutes: 90 },
        headers: { 'if-match': '"1"' },
      });
      expect(stale.statusCode).toBe(412);
      expect(stale.json()).toMatchObject({
        error: 'version_conflict',
        details: { id: session.id, version: 2, durationMinutes: 150 },
      });
      const [row] = await db.query(`SELECT duration_minutes, version FROM therapy_session WHERE id = $1`, [
        session.id,
      ]);
      expect(row).toEqual({ duration_minutes: 150, version: 2 });
    });

    it('two concurrent changes: exactly one 200 and one 412 (R13)', async () => {
      const { patientId, courseId } = await newPatient();
      const session = await created(patientId, plainBody('integration', courseId, ago(1)));
      const patch = (durationMinutes: number) =>
        t.app.inject({
          method: 'PATCH',
          url: `/api/sessions/${session.id}`,
          cookies: as(world.therapist),
          payload: { durationMinutes },
          headers: { 'if-match': '"1"' },
        });
      const results = await Promise.all([patch(55), patch(65)]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412]);
      const winner = results.find((r) => r.statusCode === 200)!.json();
      const [row] = await db.query(`SELECT duration_minutes FROM therapy_session WHERE id = $1`, [
        session.id,
      ]);
      expect(row.duration_minutes).toBe(winner.durationMinutes);
    });

    it('refuses an impossible change and a dose record on a non-dose, writing nothing', async () => {
      const { patientId, courseId } = await newPatient();
      const session = await created(patientId, plainBody('integration', courseId, ago(1)));
      const url = `/api/sessions/${session.id}`;
      const bad = await t.app.inject({
        method: 'PATCH',
        url,
        cookies: as(world.therapist),
        payload: { dosing: dosing(ago(1)) },
        headers: { 'if-match': '"1"' },
      });
      expect(bad.statusCode).toBe(400);
      const becomesDose = await t.app.inject({
        method: 'PATCH',
        url,
        cookies: as(world.therapist),
        payload: { kind: 'dosing' },
        headers: { 'if-match': '"1"' },
      });
      expect(becomesDose.statusCode).toBe(400);
      expect(becomesDose.json().details).toEqual([{ field: 'dosing', problem: expect.any(String) }]);
      expect(
        (await db.query(`SELECT version FROM therapy_session WHERE id = $1`, [session.id]))[0].version,
      ).toBe(1);
    });
  });

  it('replays an Idempotency-Key: same answer, one row; another body → 422 (R15)', async () => {
    const { patientId, courseId } = await newPatient();
    const body = plainBody('preparation', courseId, ago(1));
    const key = { 'idempotency-key': `prep-${patientId}` };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => post(patientId, body, world.therapist, key)),
    );
    expect(responses.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    expect(await sessionCount(patientId)).toBe(1);
    const reused = await post(patientId, { ...body, durationMinutes: 51 }, world.therapist, key);
    expect(reused.statusCode).toBe(422);
    expect(reused.json().error).toBe('idempotency_key_reused');
  });

  it('lists newest first by occurredAt, filters by kind, pages with a cursor; the linked team reads, others get 404', async () => {
    const { patientId, courseId } = await newPatient();
    const ids: string[] = [];
    for (const [kind, days] of [
      ['preparation', 9],
      ['integration', 2],
      ['psychotherapy', 5],
      ['preparation', 7],
    ] as const) {
      ids.push((await created(patientId, plainBody(kind, courseId, ago(days)))).id);
    }
    const list = async (query: string, person: Person = world.therapist) =>
      t.app.inject({
        method: 'GET',
        url: `/api/patients/${patientId}/sessions${query}`,
        cookies: as(person),
      });
    expect((await list('')).json().items.map((s: Session) => s.id)).toEqual([ids[1], ids[2], ids[3], ids[0]]);
    expect((await list('?kind=preparation')).json().items.map((s: Session) => s.id)).toEqual([
      ids[3],
      ids[0],
    ]);
    const first = (await list('?limit=3')).json();
    expect(first.items).toHaveLength(3);
    const second = (await list(`?limit=3&cursor=${first.nextCursor}`)).json();
    expect(second).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    expect((await list('', world.prescriber)).statusCode).toBe(200);
    expect((await list('?kind=dosage')).statusCode).toBe(400);
    for (const person of [
      world.otherTherapist,
      world.foreignTherapist,
      world.otherPrescriber,
      world.expiredPrescriber,
    ]) {
      expect((await list('', person)).statusCode).toBe(404);
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/sessions/${ids[0]}`, cookies: as(person) }))
          .statusCode,
      ).toBe(404);
    }
    // Only the therapist logs sessions; the team and the admin read them.
    expect(
      (await post(patientId, plainBody('preparation', courseId, ago(1)), world.prescriber)).statusCode,
    ).toBe(403);
    expect((await post(patientId, plainBody('preparation', courseId, ago(1)), world.admin)).statusCode).toBe(
      403,
    );
  });

  it('leaves exactly one audit event naming the patient per read and write (R10)', async () => {
    const { patientId, courseId } = await newPatient();
    const events = async (requestId: unknown) =>
      db.query(`SELECT action, outcome, patient_id FROM audit_event WHERE request_id = $1`, [requestId]);
    const create = await post(patientId, plainBody('preparation', courseId, ago(1)));
    expect(await events(create.headers['x-request-id'])).toEqual([
      { action: 'session.create', outcome: 'success', patient_id: patientId },
    ]);
    const id = create.json().id;
    const calls = [
      { method: 'GET' as const, url: `/api/patients/${patientId}/sessions`, action: 'session.list' },
      { method: 'GET' as const, url: `/api/sessions/${id}`, action: 'session.read' },
      {
        method: 'PATCH' as const,
        url: `/api/sessions/${id}`,
        action: 'session.update',
        payload: { setting: 'in_person' },
        headers: { 'if-match': '"1"' },
      },
    ];
    for (const call of calls) {
      const response = await t.app.inject({ ...call, cookies: as(world.therapist) });
      expect(response.statusCode).toBe(200);
      expect(await events(response.headers['x-request-id'])).toEqual([
        { action: call.action, outcome: 'success', patient_id: patientId },
      ]);
    }
    const denied = await t.app.inject({
      method: 'GET',
      url: `/api/sessions/${id}`,
      cookies: as(world.otherTherapist),
    });
    expect(await events(denied.headers['x-request-id'])).toEqual([
      { action: 'session.read', outcome: 'denied', patient_id: patientId },
    ]);
    const refused = await post(patientId, {
      ...plainBody('preparation', courseId, ago(1)),
      durationMinutes: 0,
    });
    expect(refused.statusCode).toBe(400);
  });

  it("an outcome's sessionId must be one of the patient's sessions (400 otherwise)", async () => {
    const mine = await newPatient();
    const other = await newPatient();
    const session = await created(mine.patientId, plainBody('integration', mine.courseId, ago(1)));
    const foreign = await created(other.patientId, plainBody('integration', other.courseId, ago(1)));
    const score = (sessionId: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/patients/${mine.patientId}/outcomes`,
        cookies: as(world.therapist),
        payload: { instrument: 'GAD7', administeredAt: ago(1), items: [1, 1, 1, 1, 1, 1, 1], sessionId },
      });
    const ok = await score(session.id);
    expect(ok.statusCode).toBe(201);
    expect(ok.json().sessionId).toBe(session.id);
    for (const id of [foreign.id, '3f0e6a50-8f5b-4a57-9a3c-0d7f6b1c2e11']) {
      const refused = await score(id);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().details).toEqual([{ field: 'sessionId', problem: expect.any(String) }]);
    }
  });
});
