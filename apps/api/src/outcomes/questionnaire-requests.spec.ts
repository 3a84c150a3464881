import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type {
  CreatedQuestionnaireRequest,
  Patient,
  PublicQuestionnaire,
  QuestionnaireRequest,
} from '@kap/shared/contracts';
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
const PHQ9_ITEM9 = [0, 1, 0, 1, 0, 0, 1, 0, 1];
const PHQ9_CALM = [0, 0, 0, 0, 0, 0, 0, 0, 0];
const GAD7 = [1, 1, 0, 0, 1, 0, 0];

/** docs/api.md "Patient self-report": questionnaire links, the patient's public page and its answers. */
describe('patient self-report: questionnaire requests and the public link', () => {
  let t: TestApp;
  let db: DataSource;
  let world: CareWorld;
  const as = (person: Person) => cookiesOf(world, person);

  /** Moves the clock on; everyone signs in again (sessions end after 15 idle minutes). */
  const later = async (ms: number) => {
    t.clock.advance(ms);
    for (const person of [world.therapist, world.otherTherapist, world.prescriber])
      world.cookies.set(person.id, await signIn(t.app, person.email));
  };
  const tokenOf = (url: string) => url.slice(url.lastIndexOf('/q/') + 3);
  const newPatient = async (overrides: Record<string, unknown> = {}): Promise<Patient> => {
    const patient = await createPatient(t.app, as(world.therapist), {
      givenName: 'Margaret',
      preferredName: 'Maggie',
      familyName: 'Quillfeather',
      dateOfBirth: '1979-03-14',
      ...overrides,
    });
    await linkTeam(t.app, as(world.therapist), patient.id, world.teamId, {
      signedOn: dayFromToday(t.clock, -10),
      expiresOn: dayFromToday(t.clock, 300),
    });
    return patient;
  };
  const createRequest = (patientId: string, payload: object, person: Person = world.therapist) =>
    t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/questionnaire-requests`,
      cookies: as(person),
      payload,
    });
  const created = async (
    patientId: string,
    instruments: string[] = ['PHQ9', 'GAD7'],
    extra: object = {},
  ): Promise<CreatedQuestionnaireRequest> => {
    const response = await createRequest(patientId, { instruments, ...extra });
    expect(response.statusCode).toBe(201);
    return response.json();
  };
  const openLink = (token: string, ip = testIp()) =>
    t.app.inject({ method: 'GET', url: `/api/q/${token}`, remoteAddress: ip });
  const answer = (token: string, answers: object[], headers: Record<string, string> = {}, ip = testIp()) =>
    t.app.inject({
      method: 'POST',
      url: `/api/q/${token}`,
      payload: { answers },
      headers,
      remoteAddress: ip,
    });
  const listOf = async (patientId: string): Promise<QuestionnaireRequest[]> => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/patients/${patientId}/questionnaire-requests`,
      cookies: as(world.therapist),
    });
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const outcomesOf = (patientId: string) =>
    db.query(
      `SELECT instrument, source, entered_by, questionnaire_request_id, items FROM outcome WHERE patient_id = $1 ORDER BY instrument`,
      [patientId],
    );

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    world = await createCareWorld(t.app);
  });
  afterAll(() => t.close());

  describe('the therapist sends a link', () => {
    it('answers 201 with a link to /q/<token> once; only the SHA-256 of the token is stored', async () => {
      const patient = await newPatient();
      const request = await created(patient.id, ['PHQ9', 'GAD7']);
      expect(request).toMatchObject({
        patientId: patient.id,
        instruments: ['PHQ9', 'GAD7'],
        status: 'open',
        origin: 'therapist',
        mailed: false,
      });
      // The test app has no PUBLIC_URL: the link is on the origin the request came in on.
      expect(request.url).toMatch(/^http:\/\/localhost(:\d+)?\/q\/[A-Za-z0-9_-]{43}$/);
      expect(Date.parse(request.expiresAt) - Date.parse(request.createdAt)).toBe(72 * HOUR);
      const token = tokenOf(request.url);
      // 32 random bytes: at least 128 bits (docs/api.md).
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      const [row] = await db.query(
        `SELECT token_hash, to_jsonb(q)::text AS everything FROM questionnaire_request q WHERE id = $1`,
        [request.id],
      );
      expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
      expect(row.everything).not.toContain(token);
      // The list never carries the link again.
      const listed = await listOf(patient.id);
      expect(listed).toEqual([expect.objectContaining({ id: request.id, status: 'open' })]);
      expect(JSON.stringify(listed)).not.toContain(token);
      expect(listed[0]).not.toHaveProperty('url');
    });

    it('honours Idempotency-Key: a retry answers the same request with a new link, and the first link stops working', async () => {
      const patient = await newPatient();
      const send = (key: string, instruments = ['PHQ9']) =>
        t.app.inject({
          method: 'POST',
          url: `/api/patients/${patient.id}/questionnaire-requests`,
          cookies: as(world.therapist),
          headers: { 'idempotency-key': key },
          payload: { instruments },
        });
      const first = await send('send-link-1');
      const retry = await send('send-link-1');
      expect([first.statusCode, retry.statusCode]).toEqual([201, 201]);
      expect(retry.json()).toEqual({
        ...first.json(),
        url: expect.stringMatching(/\/q\/[A-Za-z0-9_-]{43}$/),
      });
      const [firstToken, retryToken] = [tokenOf(first.json().url), tokenOf(retry.json().url)];
      expect(retryToken).not.toBe(firstToken);
      // Nothing created twice; the stored answer for the key carries no token.
      expect(await listOf(patient.id)).toEqual([
        expect.objectContaining({ id: first.json().id, status: 'open' }),
      ]);
      const [key] = await db.query(
        `SELECT response::text AS response FROM idempotency_key WHERE key = 'send-link-1'`,
      );
      expect(key.response).not.toContain(firstToken);
      expect(key.response).not.toContain(retryToken);
      expect((await openLink(firstToken)).statusCode).toBe(404);
      expect((await openLink(retryToken)).statusCode).toBe(200);
      // Another body under the key is 422; once the link is answered, a retry is 409 and hands out nothing.
      expect((await send('send-link-1', ['GAD7'])).json()).toMatchObject({ error: 'idempotency_key_reused' });
      expect((await answer(retryToken, [{ instrument: 'PHQ9', items: PHQ9_CALM }])).statusCode).toBe(201);
      const closed = await send('send-link-1');
      expect(closed.statusCode).toBe(409);
      expect(closed.json()).toMatchObject({ error: 'conflict', details: { status: 'completed' } });
      expect(closed.body).not.toContain('/q/');
    });

    it('takes 1–4 instruments the patient answers: the clinician-rated CGI and a fifth are refused (400)', async () => {
      const patient = await newPatient();
      for (const instruments of [
        ['CGI_S'],
        ['PHQ9', 'CGI_I'],
        [],
        ['PHQ9', 'GAD7', 'PCL5', 'PEG', 'CSSRS_SCREEN'],
        ['NOPE'],
      ]) {
        const response = await createRequest(patient.id, { instruments });
        expect(response.statusCode).toBe(400);
        expect(response.json().details).toEqual([{ field: 'instruments', problem: expect.any(String) }]);
      }
      for (const expiresInHours of [0, 337, 1.5]) {
        const response = await createRequest(patient.id, { instruments: ['PHQ9'], expiresInHours });
        expect(response.statusCode).toBe(400);
        expect(response.json().details).toEqual([{ field: 'expiresInHours', problem: expect.any(String) }]);
      }
      expect(await listOf(patient.id)).toEqual([]);
    });

    it("answers 404 for another therapist's patient; the medical team and the practice admin cannot create (403)", async () => {
      const patient = await newPatient();
      expect(
        (await createRequest(patient.id, { instruments: ['PHQ9'] }, world.otherTherapist)).statusCode,
      ).toBe(404);
      expect(
        (await createRequest(patient.id, { instruments: ['PHQ9'] }, world.foreignTherapist)).statusCode,
      ).toBe(404);
      expect((await createRequest(patient.id, { instruments: ['PHQ9'] }, world.prescriber)).statusCode).toBe(
        403,
      );
      expect((await createRequest(patient.id, { instruments: ['PHQ9'] }, world.coordinator)).statusCode).toBe(
        403,
      );
      expect((await createRequest(patient.id, { instruments: ['PHQ9'] }, world.admin)).statusCode).toBe(403);
      expect(await listOf(patient.id)).toEqual([]);
      const audited = await db.query(
        `SELECT outcome FROM audit_event WHERE action = 'questionnaire_request.create' AND patient_id = $1`,
        [patient.id],
      );
      // The two 404s are audited as denied (the 403s as access.forbidden, before any lookup).
      expect(audited).toEqual([{ outcome: 'denied' }, { outcome: 'denied' }]);
    });

    it('is audited: created, listed and cancelled, naming the patient', async () => {
      const patient = await newPatient();
      const request = await created(patient.id, ['PHQ9']);
      await listOf(patient.id);
      await t.app.inject({
        method: 'POST',
        url: `/api/questionnaire-requests/${request.id}/cancel`,
        cookies: as(world.therapist),
      });
      const events = await db.query(
        `SELECT action, outcome, actor_id FROM audit_event WHERE patient_id = $1 AND action LIKE 'questionnaire_request.%' ORDER BY seq`,
        [patient.id],
      );
      expect(events).toEqual([
        { action: 'questionnaire_request.create', outcome: 'success', actor_id: world.therapist.id },
        { action: 'questionnaire_request.list', outcome: 'success', actor_id: world.therapist.id },
        { action: 'questionnaire_request.cancel', outcome: 'success', actor_id: world.therapist.id },
      ]);
    });
  });

  describe("the patient's page", () => {
    it('opens without a session: practice name, first name (preferred), expiry and the questionnaires; nothing else', async () => {
      const patient = await newPatient();
      const request = await created(patient.id, ['PHQ9', 'PEG', 'CSSRS_SCREEN']);
      const response = await openLink(tokenOf(request.url));
      expect(response.statusCode).toBe(200);
      const page: PublicQuestionnaire = response.json();
      expect(Object.keys(page).sort()).toEqual(['expiresAt', 'firstName', 'instruments', 'practiceName']);
      expect(page.firstName).toBe('Maggie');
      expect(page.practiceName).toMatch(/^Test practice /);
      expect(page.expiresAt).toBe(request.expiresAt);
      const text = response.body;
      for (const hidden of ['Margaret', 'Quillfeather', '1979', patient.id, world.therapist.id])
        expect(text).not.toContain(hidden);
      expect(page.instruments.map((i) => i.code)).toEqual(['PHQ9', 'PEG', 'CSSRS_SCREEN']);
      const [phq9, peg, cssrs] = page.instruments;
      expect(phq9.instructions).toBe(
        'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
      );
      expect(phq9.items).toHaveLength(9);
      expect(phq9.items[8]).toEqual({
        text: 'Thoughts that you would be better off dead, or of hurting yourself in some way',
        min: 0,
        max: 3,
        labels: ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'],
      });
      expect(phq9.difficulty).toMatchObject({
        min: 0,
        max: 3,
        labels: ['Not difficult at all', 'Somewhat difficult', 'Very difficult', 'Extremely difficult'],
      });
      // A 0–10 rating: the numbers, with the published form's words at both ends.
      expect(peg.items[0].labels).toEqual([
        '0: No pain',
        '1',
        '2',
        '3',
        '4',
        '5',
        '6',
        '7',
        '8',
        '9',
        '10: Pain as bad as you can imagine',
      ]);
      expect(peg.items[1].labels[10]).toBe('10: Completely interferes');
      expect(peg.difficulty).toBeNull();
      expect(cssrs.items).toHaveLength(7);
      expect(cssrs.items[0].labels).toEqual(['No', 'Yes']);
      expect(cssrs.instructions).toMatch(/^Answer questions 1 and 2\./);
    });

    it('falls back to the given name when there is no preferred name', async () => {
      const patient = await newPatient({ preferredName: undefined, givenName: 'Oluwaseun' });
      const request = await created(patient.id, ['GAD7']);
      expect((await openLink(tokenOf(request.url))).json().firstName).toBe('Oluwaseun');
    });

    it('answers 404 for an unknown or malformed token, audited as refused', async () => {
      const unknown = Buffer.alloc(32, 7).toString('base64url');
      for (const token of [unknown, 'not-a-token', 'A'.repeat(44)]) {
        const opened = await openLink(token);
        expect(opened.statusCode).toBe(404);
        expect(opened.json().error).toBe('not_found');
        expect((await answer(token, [{ instrument: 'PHQ9', items: PHQ9_CALM }])).statusCode).toBe(404);
      }
      const ip = testIp();
      await openLink(unknown, ip);
      expect(
        await db.query(`SELECT action, outcome, patient_id FROM audit_event WHERE ip = $1`, [ip]),
      ).toEqual([{ action: 'questionnaire.opened', outcome: 'denied', patient_id: null }]);
    });
  });

  describe('answers', () => {
    it('PHQ-9 item 9 = 1: outcomes from the patient (no entering user), an urgent suicidality alert, crisis resources, request completed', async () => {
      const patient = await newPatient();
      const request = await created(patient.id, ['PHQ9', 'GAD7']);
      const token = tokenOf(request.url);
      const response = await answer(token, [
        { instrument: 'GAD7', items: GAD7 },
        { instrument: 'PHQ9', items: PHQ9_ITEM9, difficulty: 2 },
      ]);
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({ received: 2, crisisResources: true });

      const stored = await outcomesOf(patient.id);
      expect(stored).toEqual([
        {
          instrument: 'GAD7',
          source: 'patient',
          entered_by: null,
          questionnaire_request_id: request.id,
          items: GAD7,
        },
        {
          instrument: 'PHQ9',
          source: 'patient',
          entered_by: null,
          questionnaire_request_id: request.id,
          items: PHQ9_ITEM9,
        },
      ]);
      const [{ difficulty }] = await db.query(
        `SELECT difficulty FROM outcome WHERE patient_id = $1 AND instrument = 'PHQ9'`,
        [patient.id],
      );
      expect(difficulty).toBe(2);
      const alerts = await db.query(`SELECT kind, severity, source_type FROM alert WHERE patient_id = $1`, [
        patient.id,
      ]);
      expect(alerts).toEqual([
        { kind: 'suicidality_item_positive', severity: 'urgent', source_type: 'outcome' },
      ]);

      // The scores read like any other, marked as the patient's own, for both sides of the care team.
      for (const person of [world.therapist, world.prescriber]) {
        const list = await t.app.inject({
          method: 'GET',
          url: `/api/patients/${patient.id}/outcomes?instrument=PHQ9`,
          cookies: as(person),
        });
        expect(list.json().items).toEqual([
          expect.objectContaining({ source: 'patient', enteredBy: null, total: 4, difficulty: 2 }),
        ]);
        const trend = await t.app.inject({
          method: 'GET',
          url: `/api/patients/${patient.id}/outcomes/trend?instrument=PHQ9`,
          cookies: as(person),
        });
        expect(trend.json().points).toEqual([expect.objectContaining({ total: 4, source: 'patient' })]);
      }
      const alertList = await t.app.inject({
        method: 'GET',
        url: `/api/alerts?patientId=${patient.id}`,
        cookies: as(world.prescriber),
      });
      expect(alertList.json().items).toEqual([
        expect.objectContaining({ kind: 'suicidality_item_positive', severity: 'urgent' }),
      ]);

      expect((await listOf(patient.id))[0]).toMatchObject({
        id: request.id,
        status: 'completed',
        completedAt: expect.any(String),
      });
    });

    it('crisis resources follow a C-SSRS alert too, and stay off when no safety alert is raised', async () => {
      const patient = await newPatient();
      const cssrs = await created(patient.id, ['CSSRS_SCREEN']);
      const low = await answer(tokenOf(cssrs.url), [
        { instrument: 'CSSRS_SCREEN', items: [true, false, false, false, false, false, false] },
      ]);
      expect(low.json()).toEqual({ received: 1, crisisResources: true });
      expect(await db.query(`SELECT kind FROM alert WHERE patient_id = $1`, [patient.id])).toEqual([
        { kind: 'cssrs_low_risk' },
      ]);

      const calm = await created(patient.id, ['PHQ9', 'PEG']);
      const response = await answer(tokenOf(calm.url), [
        { instrument: 'PHQ9', items: PHQ9_CALM },
        { instrument: 'PEG', items: [3, 2, 4] },
      ]);
      expect(response.json()).toEqual({ received: 2, crisisResources: false });
    });

    it('is single use: a second answer and a second opening are 410 link_closed', async () => {
      const patient = await newPatient();
      const request = await created(patient.id, ['PHQ9']);
      const token = tokenOf(request.url);
      expect((await answer(token, [{ instrument: 'PHQ9', items: PHQ9_CALM }])).statusCode).toBe(201);
      const again = await answer(token, [{ instrument: 'PHQ9', items: PHQ9_CALM }]);
      expect(again.statusCode).toBe(410);
      expect(again.json().error).toBe('link_closed');
      expect((await openLink(token)).statusCode).toBe(410);
      expect(await outcomesOf(patient.id)).toHaveLength(1);
    });

    it('replays the answer for the same Idempotency-Key (once stored); another body with that key is 422', async () => {
      const patient = await newPatient();
      const request = await created(patient.id, ['PHQ9', 'GAD7']);
      const token = tokenOf(request.url);
      const answers = [
        { instrument: 'PHQ9', items: PHQ9_ITEM9 },
        { instrument: 'GAD7', items: GAD7 },
      ];
      const key = { 'idempotency-key': `answers-${request.id}` };
      const responses = await Promise.all([
        answer(token, answers, key),
        answer(token, answers, key),
        answer(token, answers, key),
      ]);
      expect(responses.map((r) => r.statusCode)).toEqual([201, 201, 201]);
      for (const response of responses)
        expect(response.json()).toEqual({ received: 2, crisisResources: true });
      expect(await outcomesOf(patient.id)).toHaveLength(2);
      expect(
        await db.query(`SELECT count(*)::int AS n FROM alert WHERE patient_id = $1`, [patient.id]),
      ).toEqual([{ n: 1 }]);

      const changed = await answer(
        token,
        [answers[0], { instrument: 'GAD7', items: [0, 0, 0, 0, 0, 0, 0] }],
        key,
      );
      expect(changed.statusCode).toBe(422);
      // Without the key, a second answer is simply too late.
      expect((await answer(token, answers)).statusCode).toBe(410);
    });

    it('is all or nothing: one bad item is 400 naming answers[i].items[j], and nothing is stored', async () => {
      const patient = await newPatient();
      const request = await created(patient.id, ['PHQ9', 'GAD7']);
      const token = tokenOf(request.url);
      const response = await answer(token, [
        { instrument: 'PHQ9', items: PHQ9_CALM },
        { instrument: 'GAD7', items: [0, 0, 4, 0, 0, 0, 'x'] },
      ]);
      expect(response.statusCode).toBe(400);
      expect(response.json().details).toEqual([
        { field: 'answers[1].items[2]', problem: 'item 3 must be a whole number from 0 to 3' },
        { field: 'answers[1].items[6]', problem: 'item 7 must be a whole number from 0 to 3' },
      ]);
      const short = await answer(token, [
        { instrument: 'PHQ9', items: [0, 0] },
        { instrument: 'GAD7', items: GAD7 },
      ]);
      expect(short.json().details).toEqual([
        { field: 'answers[0].items', problem: expect.stringMatching(/exactly 9 answers/) },
      ]);
      const difficulty = await answer(token, [
        { instrument: 'PHQ9', items: PHQ9_CALM, difficulty: 4 },
        { instrument: 'GAD7', items: GAD7 },
      ]);
      expect(difficulty.json().details).toEqual([
        { field: 'answers[0].difficulty', problem: 'must be a whole number from 0 to 3' },
      ]);
      expect(await outcomesOf(patient.id)).toEqual([]);
      expect((await listOf(patient.id))[0].status).toBe('open');
      const refused = await db.query(
        `SELECT outcome, detail->>'error' AS error FROM audit_event WHERE patient_id = $1 AND action = 'questionnaire.answered'`,
        [patient.id],
      );
      expect(refused).toEqual([
        { outcome: 'failure', error: 'validation_failed' },
        { outcome: 'failure', error: 'validation_failed' },
        { outcome: 'failure', error: 'validation_failed' },
      ]);
    });

    it("answers that do not match the request's questionnaires exactly are 400", async () => {
      const patient = await newPatient();
      const request = await created(patient.id, ['PHQ9', 'GAD7']);
      const token = tokenOf(request.url);
      for (const answers of [
        [{ instrument: 'PHQ9', items: PHQ9_CALM }],
        [
          { instrument: 'PHQ9', items: PHQ9_CALM },
          { instrument: 'PHQ9', items: PHQ9_CALM },
        ],
        [
          { instrument: 'PHQ9', items: PHQ9_CALM },
          { instrument: 'GAD7', items: GAD7 },
          { instrument: 'PEG', items: [1, 1, 1] },
        ],
        [
          { instrument: 'PHQ9', items: PHQ9_CALM },
          { instrument: 'PEG', items: [1, 1, 1] },
        ],
      ]) {
        const response = await answer(token, answers);
        expect(response.statusCode).toBe(400);
        expect(response.json().details).toEqual([
          { field: 'answers', problem: 'must answer exactly these questionnaires, once each: PHQ9, GAD7' },
        ]);
      }
      expect(await outcomesOf(patient.id)).toEqual([]);
    });

    it('is audited: opened and answered, naming the patient, with no signed-in actor', async () => {
      const patient = await newPatient();
      const request = await created(patient.id, ['PEG']);
      const token = tokenOf(request.url);
      const ip = testIp();
      await openLink(token, ip);
      await answer(token, [{ instrument: 'PEG', items: [1, 2, 3] }], {}, ip);
      await openLink(token, ip);
      const events = await db.query(
        `SELECT action, outcome, actor_id, actor_role, patient_id, entity_id, detail->>'error' AS error FROM audit_event WHERE ip = $1 ORDER BY seq`,
        [ip],
      );
      const base = { actor_id: null, actor_role: 'patient', patient_id: patient.id, entity_id: request.id };
      expect(events).toEqual([
        { ...base, action: 'questionnaire.opened', outcome: 'success', error: null },
        { ...base, action: 'questionnaire.answered', outcome: 'success', error: null },
        { ...base, action: 'questionnaire.opened', outcome: 'denied', error: 'link_closed' },
      ]);
    });
  });

  describe('closing a link', () => {
    it('expires: 410 after expiresAt, listed as expired', async () => {
      const patient = await newPatient();
      const request = await created(patient.id, ['PHQ9'], { expiresInHours: 1 });
      const token = tokenOf(request.url);
      expect((await openLink(token)).statusCode).toBe(200);
      await later(HOUR);
      expect((await openLink(token)).statusCode).toBe(410);
      expect((await answer(token, [{ instrument: 'PHQ9', items: PHQ9_CALM }])).json().error).toBe(
        'link_closed',
      );
      expect((await listOf(patient.id))[0].status).toBe('expired');
      expect(await outcomesOf(patient.id)).toEqual([]);
    });

    it('cancel: 200 and the link is 410; cancelling again is 409; only the own therapist may cancel', async () => {
      const patient = await newPatient();
      const request = await created(patient.id, ['GAD7']);
      const cancel = (person: Person) =>
        t.app.inject({
          method: 'POST',
          url: `/api/questionnaire-requests/${request.id}/cancel`,
          cookies: as(person),
        });
      expect((await cancel(world.otherTherapist)).statusCode).toBe(404);
      expect((await cancel(world.prescriber)).statusCode).toBe(403);
      const cancelled = await cancel(world.therapist);
      expect(cancelled.statusCode).toBe(200);
      expect(cancelled.json()).toMatchObject({
        id: request.id,
        status: 'cancelled',
        cancelledAt: expect.any(String),
      });
      expect((await openLink(tokenOf(request.url))).statusCode).toBe(410);
      expect((await cancel(world.therapist)).statusCode).toBe(409);
      expect((await listOf(patient.id)).map((r) => r.status)).toEqual(['cancelled']);
    });

    it('lists every state, newest first; the medical team may not list (403)', async () => {
      const patient = await newPatient();
      const open = await created(patient.id, ['PHQ9']);
      t.clock.advance(1000);
      const done = await created(patient.id, ['PEG']);
      await answer(tokenOf(done.url), [{ instrument: 'PEG', items: [1, 1, 1] }]);
      t.clock.advance(1000);
      const gone = await created(patient.id, ['GAD7'], { expiresInHours: 1 });
      t.clock.advance(1000);
      const cancelled = await created(patient.id, ['PCL5']);
      await t.app.inject({
        method: 'POST',
        url: `/api/questionnaire-requests/${cancelled.id}/cancel`,
        cookies: as(world.therapist),
      });
      await later(HOUR);
      expect((await listOf(patient.id)).map((r) => [r.id, r.status])).toEqual([
        [cancelled.id, 'cancelled'],
        [gone.id, 'expired'],
        [done.id, 'completed'],
        [open.id, 'open'],
      ]);
      const team = await t.app.inject({
        method: 'GET',
        url: `/api/patients/${patient.id}/questionnaire-requests`,
        cookies: as(world.prescriber),
      });
      expect(team.statusCode).toBe(403);
    });
  });

  it('rate-limits the public routes per address: at least 30 a minute are served, then 429 with Retry-After', async () => {
    const ip = testIp();
    const unknown = Buffer.alloc(32, 9).toString('base64url');
    const statuses: number[] = [];
    for (let i = 0; i < 70; i++) statuses.push((await openLink(unknown, ip)).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const limited = await openLink(unknown, ip);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not held up by this one's requests.
    expect((await openLink(unknown, testIp())).statusCode).toBe(404);
    // The next minute is a new allowance.
    t.clock.advance(60_000);
    expect((await openLink(unknown, ip)).statusCode).toBe(404);
  });
});
