import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { QuestionnairePlanJob } from '@kap/api/outcomes';
import type { Dashboard, MeasurementPlan, QuestionnaireRequest } from '@kap/shared/contracts';
import {
  cookiesOf,
  createCareWorld,
  createPatient,
  dayFromToday,
  linkTeam,
  type CareWorld,
} from '../testing/care-world';
import { signIn, testIp, type Person } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const PUBLIC_URL = 'https://care.example.test';

interface ReceivedMail {
  to: string[];
  /** The message's headers, as sent. */
  headers: string;
  /** The message's text, quoted-printable soft breaks and escapes undone. */
  text: string;
}

/** A real SMTP server on loopback that keeps what it receives; `refuse` names a recipient it rejects. */
async function startMailSink(
  refuse: string,
): Promise<{ server: SMTPServer; port: number; received: ReceivedMail[] }> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // A client still connected at the end is cut off after a second, not the default 30.
    closeTimeout: 1000,
    onRcptTo(address, _session, callback) {
      callback(address.address === refuse ? new Error('Mailbox unavailable') : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const split = raw.indexOf('\r\n\r\n');
        const body = raw.slice(split + 4);
        const text = body
          .replace(/=\r?\n/g, '')
          .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          headers: raw.slice(0, split),
          text,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.server.address() as AddressInfo).port, received };
}

/** docs/api.md "Patient self-report": measurement plans, the job that makes requests due, and the mail. */
describe('patient self-report: measurement plans, due requests and mail', () => {
  let t: TestApp;
  let db: DataSource;
  let world: CareWorld;
  let job: QuestionnairePlanJob;
  let sink: Awaited<ReturnType<typeof startMailSink>>;
  const as = (person: Person) => cookiesOf(world, person);

  /** Moves the clock on; everyone signs in again (sessions end after 15 idle minutes). */
  const later = async (ms: number) => {
    t.clock.advance(ms);
    for (const person of [world.therapist, world.otherTherapist, world.prescriber])
      world.cookies.set(person.id, await signIn(t.app, person.email));
  };
  const ago = (ms: number) => new Date(t.clock.now().getTime() - ms).toISOString();

  /** A patient cleared for dosing, with a course `startedDaysAgo` in `phase`. */
  const newCourse = async (phase = 'dosing', startedDaysAgo = 10, email: string | null = null) => {
    const patient = await createPatient(t.app, as(world.therapist), {
      givenName: 'Rosalind',
      familyName: 'Thistlewood',
      dateOfBirth: '1981-07-23',
      ...(email ? { email } : {}),
    });
    await linkTeam(t.app, as(world.therapist), patient.id, world.teamId, {
      signedOn: dayFromToday(t.clock, -30),
      expiresOn: dayFromToday(t.clock, 300),
    });
    const status = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patient.id}/medical-status`,
      cookies: as(world.prescriber),
      payload: {
        asOf: ago(20 * DAY),
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
        startedOn: dayFromToday(t.clock, -startedDaysAgo),
        phase,
        dosePlan: { route: 'sublingual' },
        vitalsLimits: { systolicMax: 160, diastolicMax: 100, heartRateMax: 120 },
      },
    });
    expect(course.statusCode).toBe(201);
    return { patientId: patient.id, courseId: course.json().id as string };
  };
  const logDose = async (patientId: string, courseId: string, occurredAt: string) => {
    const reading = (phase: string) => ({
      at: occurredAt,
      phase,
      systolic: 124,
      diastolic: 80,
      heartRate: 74,
      spo2: 98,
    });
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/sessions`,
      cookies: as(world.therapist),
      payload: {
        kind: 'dosing',
        occurredAt,
        durationMinutes: 150,
        setting: 'in_person',
        courseId,
        dosing: {
          route: 'sublingual',
          doseLabel: 'full_dissociative',
          doseMg: 200,
          vitals: [reading('pre'), reading('post')],
          adverseEvents: [],
        },
      },
    });
    expect(response.statusCode).toBe(201);
  };
  const planUrl = (courseId: string) => `/api/courses/${courseId}/measurement-plan`;
  const putPlan = (
    courseId: string,
    rules: unknown[],
    version: string | null,
    person: Person = world.therapist,
  ) =>
    t.app.inject({
      method: 'PUT',
      url: planUrl(courseId),
      cookies: as(person),
      payload: { rules },
      headers: version === null ? {} : { 'if-match': version },
    });
  const requestsOf = async (patientId: string): Promise<QuestionnaireRequest[]> =>
    (
      await t.app.inject({
        method: 'GET',
        url: `/api/patients/${patientId}/questionnaire-requests`,
        cookies: as(world.therapist),
      })
    ).json();
  const reasonsOf = async (patientId: string, person: Person = world.therapist) => {
    const dashboard: Dashboard = (
      await t.app.inject({ method: 'GET', url: '/api/dashboard', cookies: as(person) })
    ).json();
    return dashboard.items.find((item) => item.patientId === patientId)?.reasons ?? [];
  };
  const mailsTo = (address: string) => sink.received.filter((mail) => mail.to.includes(address));
  const linkIn = (mail: ReceivedMail) =>
    /https:\/\/care\.example\.test\/q\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0] ?? null;

  beforeAll(async () => {
    sink = await startMailSink('refuse@patients.test');
    t = await createTestApp({
      env: {
        SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
        PUBLIC_URL,
        MAIL_FROM: 'Practice <practice@kap.test>',
      },
    });
    db = t.app.get(DataSource);
    world = await createCareWorld(t.app);
    job = t.app.get(QuestionnairePlanJob);
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => sink.server.close(() => resolve()));
  });

  describe('the plan', () => {
    it('a course without a plan reads { rules: [], version: 0 } with ETag "0", for both sides', async () => {
      const { courseId } = await newCourse();
      for (const person of [world.therapist, world.prescriber]) {
        const response = await t.app.inject({ method: 'GET', url: planUrl(courseId), cookies: as(person) });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual({ rules: [], version: 0 });
        expect(response.headers['etag']).toBe('"0"');
      }
    });

    it('is replaced whole with If-Match: 428 without it, 412 on a stale version, the new version and ETag otherwise', async () => {
      const { courseId } = await newCourse();
      const rules = [
        { instrument: 'PHQ9', every: 'dosing_session', offsetHours: 24 },
        { instrument: 'GAD7', every: 'days', days: 7 },
      ];
      expect((await putPlan(courseId, rules, null)).statusCode).toBe(428);
      const first = await putPlan(courseId, rules, '"0"');
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual({ rules, version: 1 });
      expect(first.headers['etag']).toBe('"1"');
      const stale = await putPlan(courseId, [], '"0"');
      expect(stale.statusCode).toBe(412);
      expect(stale.json()).toMatchObject({ error: 'version_conflict', details: { rules, version: 1 } });
      const second = await putPlan(courseId, [rules[0]], '"1"');
      expect(second.json()).toEqual({ rules: [rules[0]], version: 2 });
      expect(
        (await t.app.inject({ method: 'GET', url: planUrl(courseId), cookies: as(world.therapist) })).json(),
      ).toEqual({ rules: [rules[0]], version: 2 });
    });

    it('refuses bad rules with 400 naming the field, and changes nothing', async () => {
      const { courseId } = await newCourse();
      const cases: [unknown[], string][] = [
        [[{ instrument: 'CGI_S', every: 'days', days: 7 }], 'rules[0].instrument'],
        [[{ instrument: 'PHQ9', every: 'dosing_session' }], 'rules[0].offsetHours'],
        [
          [
            { instrument: 'PHQ9', every: 'days', days: 7 },
            { instrument: 'GAD7', every: 'fortnightly' },
          ],
          'rules[1].every',
        ],
        [[{ instrument: 'PHQ9', every: 'days', days: 7, offsetHours: 3 }], 'rules[0].offsetHours'],
        [['PHQ9'], 'rules'],
      ];
      for (const [rules, field] of cases) {
        const response = await putPlan(courseId, rules, '"0"');
        expect(response.statusCode).toBe(400);
        expect(response.json().details).toEqual([{ field, problem: expect.any(String) }]);
      }
      expect(
        (await t.app.inject({ method: 'GET', url: planUrl(courseId), cookies: as(world.therapist) })).json(),
      ).toEqual({ rules: [], version: 0 });
    });

    it("only the patient's therapist sets it: the medical team 403, another therapist 404", async () => {
      const { courseId } = await newCourse();
      const rules = [{ instrument: 'PHQ9', every: 'days', days: 7 }];
      expect((await putPlan(courseId, rules, '"0"', world.prescriber)).statusCode).toBe(403);
      expect((await putPlan(courseId, rules, '"0"', world.otherTherapist)).statusCode).toBe(404);
    });
  });

  describe('the job', () => {
    it('"PHQ-9 24 h after each dose": due 24 h after a logged dose, created once even by two runs at the same time', async () => {
      const { patientId, courseId } = await newCourse();
      await putPlan(courseId, [{ instrument: 'PHQ9', every: 'dosing_session', offsetHours: 24 }], '"0"');
      await logDose(patientId, courseId, ago(2 * HOUR));
      await job.createDue();
      expect(await requestsOf(patientId)).toEqual([]);

      await later(22 * HOUR);
      // Two runs at once (two instances): one request, created (and audited) once. The runs' counts
      // are not compared: the job serves every plan in the shared test database.
      await Promise.all([job.createDue(), job.createDue()]);
      const rows = await db.query(
        `SELECT plan_timing, plan_occurrence, created_by FROM questionnaire_request WHERE patient_id = $1`,
        [patientId],
      );
      expect(rows).toEqual([
        { plan_timing: 'dosing_session:24', plan_occurrence: expect.any(String), created_by: null },
      ]);
      await job.createDue();
      const [request] = await requestsOf(patientId);
      expect(await requestsOf(patientId)).toHaveLength(1);
      expect(request).toMatchObject({
        courseId,
        instruments: ['PHQ9'],
        status: 'open',
        origin: 'plan',
        mailed: false,
      });
      // Open for the usual 72 hours from the moment it fell due (the dose + 24 h).
      expect(
        Date.parse(request.expiresAt) - (t.clock.now().getTime() - 2 * HOUR - 22 * HOUR + 24 * HOUR),
      ).toBe(72 * HOUR);

      // The therapist sees it on the dashboard; the medical team does not (the practice's task).
      expect(await reasonsOf(patientId)).toContainEqual({
        code: 'questionnaire_due',
        severity: 'info',
        since: request.createdAt,
        instruments: ['PHQ9'],
      });
      expect((await reasonsOf(patientId, world.prescriber)).map((r) => r.code)).not.toContain(
        'questionnaire_due',
      );
      const events = await db.query(
        `SELECT actor_id, outcome, detail->>'origin' AS origin FROM audit_event WHERE entity_id = $1 AND action = 'questionnaire_request.create'`,
        [request.id],
      );
      expect(events).toEqual([{ actor_id: null, outcome: 'success', origin: 'plan' }]);

      // Cancelled, it leaves the dashboard; the same dose never makes another.
      await t.app.inject({
        method: 'POST',
        url: `/api/questionnaire-requests/${request.id}/cancel`,
        cookies: as(world.therapist),
      });
      expect((await reasonsOf(patientId)).map((r) => r.code)).not.toContain('questionnaire_due');
      await job.createDue();
      expect(await requestsOf(patientId)).toHaveLength(1);
    });

    it('a dose from longer ago than a request stays open makes none (a new plan does not flood the patient)', async () => {
      const { patientId, courseId } = await newCourse();
      await logDose(patientId, courseId, ago(5 * DAY));
      await putPlan(courseId, [{ instrument: 'PHQ9', every: 'dosing_session', offsetHours: 24 }], '"0"');
      await job.createDue();
      expect(await requestsOf(patientId)).toEqual([]);
    });

    it('"every 7 days": one request per period while the course is in preparation, dosing or integration', async () => {
      const { patientId, courseId } = await newCourse('integration', 15);
      await putPlan(
        courseId,
        [
          { instrument: 'GAD7', every: 'days', days: 7 },
          { instrument: 'PEG', every: 'days', days: 7 },
        ],
        '"0"',
      );
      await job.createDue();
      await job.createDue();
      const rows = await db.query(
        `SELECT plan_timing, plan_occurrence, instruments FROM questionnaire_request WHERE patient_id = $1`,
        [patientId],
      );
      // Day 15 of the course is in its third week: period 2.
      expect(rows).toEqual([{ plan_timing: 'days:7', plan_occurrence: '2', instruments: ['GAD7', 'PEG'] }]);
      // The dashboard names the questionnaires the patient has open, not only that there are some.
      expect((await reasonsOf(patientId)).find((r) => r.code === 'questionnaire_due')?.instruments).toEqual([
        'GAD7',
        'PEG',
      ]);

      const maintenance = await newCourse('maintenance', 15);
      await putPlan(maintenance.courseId, [{ instrument: 'GAD7', every: 'days', days: 7 }], '"0"');
      await job.createDue();
      expect(await requestsOf(maintenance.patientId)).toEqual([]);
    });

    it('measure_overdue covers every instrument of the plan', async () => {
      const { patientId, courseId } = await newCourse('dosing', 40);
      await putPlan(courseId, [{ instrument: 'PCL5', every: 'days', days: 14 }], '"0"');
      const overdue = (await reasonsOf(patientId))
        .filter((r) => r.code === 'measure_overdue')
        .map((r) => r.instrument);
      expect(overdue.sort()).toEqual(['PCL5', 'PHQ9']);
    });
  });

  describe('mail', () => {
    it("a link sent by hand is mailed: the practice's name and the link, no name, date of birth or score", async () => {
      const email = `rosalind-${Date.now()}@patients.test`;
      const { patientId } = await newCourse('dosing', 10, email);
      // A score on record, so that a leak of it would show.
      await t.app.inject({
        method: 'POST',
        url: `/api/patients/${patientId}/outcomes`,
        cookies: as(world.therapist),
        payload: { instrument: 'GAD7', administeredAt: ago(DAY), items: [3, 3, 3, 2, 2, 2, 2] },
      });
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/patients/${patientId}/questionnaire-requests`,
        cookies: as(world.therapist),
        payload: { instruments: ['PHQ9'] },
      });
      expect(response.statusCode).toBe(201);
      const created = response.json();
      expect(created.mailed).toBe(true);
      expect(created.url).toMatch(/^https:\/\/care\.example\.test\/q\//);
      const [mail] = mailsTo(email);
      expect(linkIn(mail)).toBe(created.url);
      const [{ name }] = await db.query(
        `SELECT o.name FROM organization o JOIN patient p ON p.practice_id = o.id WHERE p.id = $1`,
        [patientId],
      );
      expect(mail.text).toContain(name);
      expect(mail.text).toContain('closes after 3 days');
      expect(mail.headers).toContain(`Subject: ${name}: a short questionnaire for you`);
      // Neither the text nor the subject names the patient, their birth date, a measure or its score (GAD-7 17, severe).
      for (const part of [mail.text, /^Subject: .*$/m.exec(mail.headers)?.[0] ?? '']) {
        for (const secret of [
          'Rosalind',
          'Thistlewood',
          '1981',
          '07-23',
          'PHQ',
          'GAD',
          ' 17',
          'severe',
          patientId,
        ])
          expect(part).not.toContain(secret);
      }
      expect((await requestsOf(patientId))[0].mailed).toBe(true);
    });

    it('a mail the server refuses never fails the request: 201 with the link, mailed false', async () => {
      const { patientId } = await newCourse('dosing', 10, 'refuse@patients.test');
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/patients/${patientId}/questionnaire-requests`,
        cookies: as(world.therapist),
        payload: { instruments: ['GAD7'] },
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({
        mailed: false,
        url: expect.stringMatching(/^https:\/\/care\.example\.test\/q\//),
      });
      expect(mailsTo('refuse@patients.test')).toEqual([]);
    });

    it("the job mails the plan's request after a logged dose; the patient answers through the mailed link", async () => {
      const email = `dose-${Date.now()}@patients.test`;
      const { patientId, courseId } = await newCourse('dosing', 10, email);
      await putPlan(courseId, [{ instrument: 'PHQ9', every: 'dosing_session', offsetHours: 24 }], '"0"');
      await logDose(patientId, courseId, ago(25 * HOUR));
      await Promise.all([job.createDue(), job.createDue()]);
      await job.createDue();
      // Mailed once: only the run whose insert made the request sends it.
      expect(mailsTo(email)).toHaveLength(1);
      const [mail] = mailsTo(email);
      const link = linkIn(mail);
      expect(link).not.toBeNull();
      for (const secret of ['Rosalind', 'Thistlewood', '1981']) expect(mail.text).not.toContain(secret);
      expect((await requestsOf(patientId))[0]).toMatchObject({ origin: 'plan', mailed: true });

      const token = String(link).split('/q/')[1];
      const opened = await t.app.inject({ method: 'GET', url: `/api/q/${token}`, remoteAddress: testIp() });
      expect(opened.json()).toMatchObject({
        firstName: 'Rosalind',
        instruments: [expect.objectContaining({ code: 'PHQ9' })],
      });
      const answered = await t.app.inject({
        method: 'POST',
        url: `/api/q/${token}`,
        payload: { answers: [{ instrument: 'PHQ9', items: [1, 1, 1, 1, 1, 1, 1, 1, 0] }] },
        remoteAddress: testIp(),
      });
      expect(answered.json()).toEqual({ received: 1, crisisResources: false });
      expect((await reasonsOf(patientId)).map((r) => r.code)).not.toContain('questionnaire_due');
      const plan: MeasurementPlan = (
        await t.app.inject({ method: 'GET', url: planUrl(courseId), cookies: as(world.therapist) })
      ).json();
      expect(plan.version).toBe(1);
    });
  });
});
