import { DataSource } from 'typeorm';
import type {
  Alert,
  MedicalStatus,
  MedicalStatusHistory,
  Patient,
  Session,
  SessionWarning,
} from '@kap/shared/contracts';
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
const PLAN = { route: 'sublingual', doseMgMin: 100, doseMgMax: 300, maxDosingSessionsPerWeek: 1 };
const LIMITS = {
  systolicMax: 160,
  diastolicMax: 100,
  heartRateMax: 120,
  systolicMin: 90,
  diastolicMin: 50,
  heartRateMin: 50,
  spo2Min: 90,
};
const CLEARED = { eligibility: 'eligible', prescription: { status: 'active', route: 'sublingual' } };

/**
 * The dose against the prescriber's orders and the medical team's status (docs/api.md "Orders, status
 * and the dose"): every rule stores the session, answers its warning and raises its alert (or, for
 * the therapist's own gaps, none).
 */
describe('dose checks against the orders and the medical status', () => {
  let t: TestApp;
  let db: DataSource;
  let world: CareWorld;
  const as = (person: Person) => cookiesOf(world, person);
  const ago = (days: number) => new Date(t.clock.now().getTime() - days * DAY).toISOString();
  const reading = (
    phase: 'pre' | 'mid' | 'post',
    at: string,
    systolic = 124,
    diastolic = 80,
    heartRate = 74,
    spo2 = 98,
  ) => ({
    at,
    phase,
    systolic,
    diastolic,
    heartRate,
    spo2,
  });
  const dosing = (at: string, over: Record<string, unknown> = {}) => ({
    route: 'sublingual',
    doseLabel: 'full_dissociative',
    doseMg: 200,
    vitals: [reading('pre', at), reading('post', at)],
    adverseEvents: [],
    ...over,
  });
  const doseBody = (courseId: string, occurredAt: string, over: Record<string, unknown> = {}) => ({
    kind: 'dosing',
    occurredAt,
    durationMinutes: 150,
    setting: 'in_person',
    courseId,
    dosing: dosing(occurredAt, over),
  });
  const inject = (
    person: Person,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) => t.app.inject({ method, url, cookies: as(person), payload, headers });
  const postStatus = async (patientId: string, body: object) => {
    const response = await inject(
      world.prescriber,
      'POST',
      `/api/patients/${patientId}/medical-status`,
      body,
    );
    expect(response.statusCode).toBe(201);
    return response.json() as MedicalStatus;
  };
  const postSession = async (patientId: string, body: object): Promise<Session> => {
    const response = await inject(world.therapist, 'POST', `/api/patients/${patientId}/sessions`, body);
    expect(response.statusCode).toBe(201);
    return response.json();
  };
  const alertsOf = async (patientId: string): Promise<Alert[]> =>
    (await inject(world.prescriber, 'GET', `/api/alerts?patientId=${patientId}`)).json().items;

  /**
   * A linked patient with the given status entries, a course with the given orders and a
   * preparation session: a 200 mg sublingual dose today breaks no rule unless the case says so.
   */
  const newPatient = async (
    options: { statuses?: object[]; plan?: object | null; limits?: object | null } = {},
  ): Promise<{ patientId: string; courseId: string }> => {
    const patient: Patient = await createPatient(t.app, as(world.therapist));
    await linkTeam(t.app, as(world.therapist), patient.id, world.teamId, {
      signedOn: dayFromToday(t.clock, -90),
      expiresOn: dayFromToday(t.clock, 300),
    });
    for (const status of options.statuses ?? [{ asOf: ago(60), ...CLEARED }])
      await postStatus(patient.id, status);
    const plan = options.plan === undefined ? PLAN : options.plan;
    const limits = options.limits === undefined ? LIMITS : options.limits;
    const course = await inject(world.therapist, 'POST', `/api/patients/${patient.id}/courses`, {
      indication: 'depression',
      startedOn: dayFromToday(t.clock, -60),
      phase: 'dosing',
      ...(plan ? { dosePlan: plan } : {}),
      ...(limits ? { vitalsLimits: limits } : {}),
    });
    expect(course.statusCode).toBe(201);
    const courseId: string = course.json().id;
    await postSession(patient.id, {
      kind: 'preparation',
      occurredAt: ago(50),
      durationMinutes: 50,
      setting: 'in_person',
      courseId,
    });
    return { patientId: patient.id, courseId };
  };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    world = await createCareWorld(t.app);
  });
  afterAll(() => t.close());

  it('a dose within the orders, cleared and prescribed, has no warning and raises no alert', async () => {
    const { patientId, courseId } = await newPatient();
    const session = await postSession(patientId, doseBody(courseId, ago(0)));
    expect(session.warnings).toEqual([]);
    expect(await alertsOf(patientId)).toEqual([]);
  });

  describe('each rule: the session is stored, warned and alerted', () => {
    type Arrange = () => Promise<{ patientId: string; body: object }>;
    const cases: [string, SessionWarning[], Arrange, { kind: string; severity: string }[]][] = [
      [
        'a 450 mg dose on a 100–300 mg plan',
        ['dose_outside_plan'],
        async () => {
          const { patientId, courseId } = await newPatient();
          return { patientId, body: doseBody(courseId, ago(0), { doseMg: 450 }) };
        },
        [{ kind: 'dose_outside_plan', severity: 'warning' }],
      ],
      [
        'a 250 mg dose with a 100 mg booster (350 mg in all) on a 100–300 mg plan',
        ['dose_outside_plan'],
        async () => {
          const { patientId, courseId } = await newPatient();
          return {
            patientId,
            body: doseBody(courseId, ago(0), { doseMg: 250, booster: { doseMg: 100, at: ago(0) } }),
          };
        },
        [{ kind: 'dose_outside_plan', severity: 'warning' }],
      ],
      [
        'an intramuscular dose on a sublingual plan',
        ['dose_outside_plan'],
        async () => {
          const { patientId, courseId } = await newPatient();
          return { patientId, body: doseBody(courseId, ago(0), { route: 'intramuscular' }) };
        },
        [{ kind: 'dose_outside_plan', severity: 'warning' }],
      ],
      [
        'a dose for a patient the team marked not_eligible (urgent)',
        ['not_cleared_for_dosing'],
        async () => {
          const { patientId, courseId } = await newPatient({
            statuses: [
              { asOf: ago(60), ...CLEARED },
              { asOf: ago(5), eligibility: 'not_eligible', note: 'Uncontrolled hypertension.' },
            ],
          });
          return { patientId, body: doseBody(courseId, ago(0)) };
        },
        [{ kind: 'not_cleared_for_dosing', severity: 'urgent' }],
      ],
      [
        'a dose while medical clearance is required (warning)',
        ['not_cleared_for_dosing'],
        async () => {
          const { patientId, courseId } = await newPatient({
            statuses: [
              {
                asOf: ago(60),
                eligibility: 'medical_clearance_required',
                prescription: { status: 'active' },
              },
            ],
          });
          return { patientId, body: doseBody(courseId, ago(0)) };
        },
        [{ kind: 'not_cleared_for_dosing', severity: 'warning' }],
      ],
      [
        'a dose with no status recorded at all',
        ['not_cleared_for_dosing', 'prescription_not_active'],
        async () => {
          const { patientId, courseId } = await newPatient({ statuses: [] });
          return { patientId, body: doseBody(courseId, ago(0)) };
        },
        [
          { kind: 'not_cleared_for_dosing', severity: 'warning' },
          { kind: 'prescription_not_active', severity: 'warning' },
        ],
      ],
      [
        'a dose while the prescription is paused',
        ['prescription_not_active'],
        async () => {
          const { patientId, courseId } = await newPatient({
            statuses: [
              { asOf: ago(60), ...CLEARED },
              { asOf: ago(3), prescription: { status: 'paused' } },
            ],
          });
          return { patientId, body: doseBody(courseId, ago(0)) };
        },
        [{ kind: 'prescription_not_active', severity: 'warning' }],
      ],
      [
        'the second dose of one authorized',
        ['doses_authorized_exceeded'],
        async () => {
          const { patientId, courseId } = await newPatient({
            statuses: [
              {
                asOf: ago(60),
                eligibility: 'eligible',
                prescription: { status: 'active', dosesAuthorized: 1 },
              },
            ],
          });
          await postSession(patientId, doseBody(courseId, ago(14)));
          await postSession(patientId, {
            kind: 'integration',
            occurredAt: ago(13),
            durationMinutes: 50,
            setting: 'remote',
            courseId,
          });
          return { patientId, body: doseBody(courseId, ago(0)) };
        },
        [{ kind: 'doses_authorized_exceeded', severity: 'warning' }],
      ],
      [
        'a course with no vitals limits (warning only)',
        ['vitals_limits_not_ordered'],
        async () => {
          const { patientId, courseId } = await newPatient({ limits: null });
          return { patientId, body: doseBody(courseId, ago(0)) };
        },
        [],
      ],
      [
        'a severe adverse event',
        ['severe_adverse_event'],
        async () => {
          const { patientId, courseId } = await newPatient();
          return {
            patientId,
            body: doseBody(courseId, ago(0), {
              adverseEvents: [{ type: 'anxiety_or_panic', severity: 'severe', action: 'Grounding.' }],
            }),
          };
        },
        [{ kind: 'severe_adverse_event', severity: 'warning' }],
      ],
      [
        'a serious adverse event the on-call prescriber was not told of (that part a warning only)',
        ['serious_adverse_event', 'on_call_not_informed'],
        async () => {
          const { patientId, courseId } = await newPatient();
          return {
            patientId,
            body: doseBody(courseId, ago(0), {
              adverseEvents: [{ type: 'fall_or_injury', severity: 'serious' }],
            }),
          };
        },
        [{ kind: 'serious_adverse_event', severity: 'urgent' }],
      ],
      [
        '220/130, HR 140, SpO2 82 against maximums and minimums',
        ['vitals_out_of_range'],
        async () => {
          const { patientId, courseId } = await newPatient();
          return {
            patientId,
            body: doseBody(courseId, ago(0), {
              vitals: [reading('pre', ago(0), 220, 130, 140, 82), reading('post', ago(0))],
            }),
          };
        },
        [{ kind: 'vitals_out_of_range', severity: 'warning' }],
      ],
      [
        'only an SpO2 below the minimum',
        ['vitals_out_of_range'],
        async () => {
          const { patientId, courseId } = await newPatient();
          return {
            patientId,
            body: doseBody(courseId, ago(0), {
              vitals: [reading('pre', ago(0)), reading('post', ago(0), 124, 80, 74, 89)],
            }),
          };
        },
        [{ kind: 'vitals_out_of_range', severity: 'warning' }],
      ],
      [
        'readings equal to every limit',
        [],
        async () => {
          const { patientId, courseId } = await newPatient();
          return {
            patientId,
            body: doseBody(courseId, ago(0), {
              vitals: [reading('pre', ago(0), 160, 100, 120, 90), reading('post', ago(0), 90, 50, 50, 90)],
            }),
          };
        },
        [],
      ],
      [
        'eligibility stated only after the dose (logged late): judged at the dose',
        ['not_cleared_for_dosing', 'prescription_not_active'],
        async () => {
          const { patientId, courseId } = await newPatient({ statuses: [{ asOf: ago(2), ...CLEARED }] });
          return { patientId, body: doseBody(courseId, ago(3)) };
        },
        [
          { kind: 'not_cleared_for_dosing', severity: 'warning' },
          { kind: 'prescription_not_active', severity: 'warning' },
        ],
      ],
    ];

    it.each(cases)('%s', async (_name, warnings, arrange, expected) => {
      const { patientId, body } = await arrange();
      const before = await alertsOf(patientId);
      const response = await inject(world.therapist, 'POST', `/api/patients/${patientId}/sessions`, body);
      expect(response.statusCode).toBe(201);
      const session: Session = response.json();
      expect(session.warnings).toEqual(warnings);
      const [stored] = await db.query(`SELECT warnings FROM therapy_session WHERE id = $1`, [session.id]);
      expect(stored.warnings).toEqual(warnings);

      const raised = (await alertsOf(patientId)).filter((alert) => !before.some((b) => b.id === alert.id));
      expect(
        raised
          .map(({ kind, severity, sourceType, sourceId }) => ({ kind, severity, sourceType, sourceId }))
          .sort((a, b) => a.kind.localeCompare(b.kind)),
      ).toEqual(expected.map((alert) => ({ ...alert, sourceType: 'session', sourceId: session.id })));
    });
  });

  it('an edit that makes the dose break a rule raises its alert then', async () => {
    const { patientId, courseId } = await newPatient();
    const session = await postSession(patientId, doseBody(courseId, ago(1)));
    expect(session.warnings).toEqual([]);
    const edited = await inject(
      world.therapist,
      'PATCH',
      `/api/sessions/${session.id}`,
      { dosing: dosing(ago(1), { doseMg: 60 }) },
      { 'if-match': '"1"' },
    );
    expect(edited.statusCode).toBe(200);
    expect(edited.json().warnings).toEqual(['dose_outside_plan']);
    expect(await alertsOf(patientId)).toEqual([
      expect.objectContaining({ kind: 'dose_outside_plan', severity: 'warning', sourceId: session.id }),
    ]);
  });

  describe('vitals minimums on the course', () => {
    const newCourse = (patientId: string, vitalsLimits: object) =>
      inject(world.therapist, 'POST', `/api/patients/${patientId}/courses`, {
        indication: 'ptsd',
        startedOn: dayFromToday(t.clock, -1),
        vitalsLimits,
      });
    const courseCount = async (patientId: string) =>
      (await db.query(`SELECT count(*)::int AS n FROM course WHERE patient_id = $1`, [patientId]))[0].n;

    it('stores the minimums exactly as ordered', async () => {
      const patient = await createPatient(t.app, as(world.therapist));
      const response = await newCourse(patient.id, LIMITS);
      expect(response.statusCode).toBe(201);
      expect(response.json().vitalsLimits).toEqual(LIMITS);
      expect(
        (await db.query(`SELECT vitals_limits FROM course WHERE id = $1`, [response.json().id]))[0]
          .vitals_limits,
      ).toEqual(LIMITS);
    });

    it.each<[string, object, string, string]>([
      [
        'systolicMin above systolicMax',
        { systolicMax: 160, systolicMin: 170 },
        'vitalsLimits.systolicMin',
        'must not be above the systolic maximum (160); copy the limits as ordered',
      ],
      [
        'heartRateMin above heartRateMax',
        { heartRateMax: 100, heartRateMin: 110 },
        'vitalsLimits.heartRateMin',
        'must not be above the heart rate maximum (100); copy the limits as ordered',
      ],
      [
        'spo2Min above 100',
        { spo2Min: 101 },
        'vitalsLimits.spo2Min',
        'must be a whole number from 50 to 100',
      ],
      [
        'spo2Min not whole',
        { spo2Min: 92.5 },
        'vitalsLimits.spo2Min',
        'must be a whole number from 50 to 100',
      ],
      [
        'diastolicMin below any real limit',
        { diastolicMin: 10 },
        'vitalsLimits.diastolicMin',
        'must be a whole number from 30 to 200',
      ],
    ])('%s → 400 naming the field, nothing stored', async (_name, vitalsLimits, field, problem) => {
      const patient = await createPatient(t.app, as(world.therapist));
      const response = await newCourse(patient.id, vitalsLimits);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: 'validation_failed', details: [{ field, problem }] });
      expect(await courseCount(patient.id)).toBe(0);
    });

    it('a change to minimums above the maximums is refused too, the course unchanged', async () => {
      const { patientId, courseId } = await newPatient();
      const response = await inject(
        world.therapist,
        'PATCH',
        `/api/courses/${courseId}`,
        { vitalsLimits: { systolicMax: 150, systolicMin: 151 } },
        { 'if-match': '"1"' },
      );
      expect(response.statusCode).toBe(400);
      expect(response.json().details).toEqual([
        {
          field: 'vitalsLimits.systolicMin',
          problem: 'must not be above the systolic maximum (150); copy the limits as ordered',
        },
      ]);
      const [row] = await db.query(
        `SELECT vitals_limits, version FROM course WHERE id = $1 AND patient_id = $2`,
        [courseId, patientId],
      );
      expect(row).toEqual({ vitals_limits: LIMITS, version: 1 });
    });
  });

  describe('the merged medical status, wherever current is shown', () => {
    it('a note-only entry and an entry stating only the prescription leave the eligibility stated earlier', async () => {
      const patient: Patient = await createPatient(t.app, as(world.therapist));
      await linkTeam(t.app, as(world.therapist), patient.id, world.teamId, {
        signedOn: dayFromToday(t.clock, -90),
        expiresOn: dayFromToday(t.clock, 300),
      });
      const intake = await postStatus(patient.id, {
        asOf: ago(20),
        eligibility: 'eligible',
        nextFollowUpDue: dayFromToday(t.clock, 3),
        monitoring: 'on_track',
      });
      const note = await postStatus(patient.id, {
        asOf: ago(10),
        note: 'Spoke with the patient about sleep.',
      });
      const refill = await postStatus(patient.id, {
        asOf: ago(2),
        prescription: { status: 'active', dosesAuthorized: 4, route: 'sublingual' },
      });

      const history: MedicalStatusHistory = (
        await inject(world.therapist, 'GET', `/api/patients/${patient.id}/medical-status`)
      ).json();
      const current = {
        ...refill,
        eligibility: 'eligible',
        nextFollowUpDue: dayFromToday(t.clock, 3),
        monitoring: 'on_track',
        fieldsAsOf: {
          eligibility: intake.asOf,
          prescription: refill.asOf,
          nextFollowUpDue: intake.asOf,
          monitoring: intake.asOf,
        },
      };
      expect(history.current).toEqual(current);
      // The history keeps each entry as stated, without a merge.
      expect(history.history).toEqual([refill, note, intake]);

      const read: Patient = (await inject(world.therapist, 'GET', `/api/patients/${patient.id}`)).json();
      expect(read.medicalStatus).toEqual(current);
      const listed: Patient[] = (
        await inject(world.prescriber, 'GET', `/api/patients?q=${encodeURIComponent(patient.familyName)}`)
      ).json().items;
      expect(listed.find((p) => p.id === patient.id)?.medicalStatus).toEqual(current);
      const packet = (
        await inject(world.prescriber, 'GET', `/api/patients/${patient.id}/follow-up-packet`)
      ).json();
      expect(packet.medicalStatus).toEqual(current);

      // The dashboard's follow-up date is the merged one: the later entries do not clear it.
      const dashboard = (await inject(world.therapist, 'GET', '/api/dashboard')).json();
      const mine = dashboard.items.find((item: { patientId: string }) => item.patientId === patient.id);
      expect(mine?.reasons).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            code: 'follow_up_due',
            since: `${dayFromToday(t.clock, 3)}T00:00:00.000Z`,
          }),
        ]),
      );

      // A dose today is judged cleared and prescribed by that merge.
      const course = (
        await inject(world.therapist, 'POST', `/api/patients/${patient.id}/courses`, {
          indication: 'depression',
          startedOn: dayFromToday(t.clock, -30),
          dosePlan: PLAN,
          vitalsLimits: LIMITS,
        })
      ).json();
      await postSession(patient.id, {
        kind: 'preparation',
        occurredAt: ago(5),
        durationMinutes: 50,
        setting: 'in_person',
        courseId: course.id,
      });
      expect((await postSession(patient.id, doseBody(course.id, ago(0)))).warnings).toEqual([]);
    });
  });
});
