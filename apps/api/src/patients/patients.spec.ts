import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Patient } from '@kap/shared/contracts';
import {
  cookiesOf,
  createCareWorld,
  createPatient,
  dayFromToday,
  linkTeam,
  newPatientBody,
  type CareWorld,
} from '../testing/care-world';
import { createOrganization, signIn } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

const pageUrl = (base: string, cursor: string | null) => (cursor ? `${base}&cursor=${cursor}` : base);

/** The JSON keys of the two patient views (R4). A key added to the reduced view must be added here on purpose. */
const MEDICAL_TEAM_PATIENT_KEYS = [
  'age',
  'careTeam',
  'conditions',
  'currentCourse',
  'dateOfBirth',
  'externalRef',
  'familyName',
  'givenName',
  'id',
  'medicalStatus',
  'preferredName',
  'primaryTherapistId',
  'primaryTherapistName',
  'pronouns',
];
const PRACTICE_PATIENT_KEYS = [
  ...MEDICAL_TEAM_PATIENT_KEYS,
  'createdAt',
  'email',
  'phone',
  'updatedAt',
  'version',
].sort();
const FORBIDDEN_FOR_MEDICAL_TEAM = ['email', 'phone', 'version', 'createdAt', 'updatedAt'];

describe('patients', () => {
  let t: TestApp;
  let db: DataSource;
  let world: CareWorld;
  let cookies: Record<string, string>;
  const count = async (sql: string, params: unknown[]) =>
    (await db.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    world = await createCareWorld(t.app);
    cookies = cookiesOf(world, world.therapist);
  });
  afterAll(() => t.close());

  describe('create and read', () => {
    it('creates a patient with the caller as primary therapist, derives the age, and reads it back', async () => {
      const born = dayFromToday(t.clock, -1).replace(/^\d{4}/, (year) => String(Number(year) - 40));
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/patients',
        cookies,
        payload: newPatientBody({
          givenName: ' Renée ',
          familyName: 'Dubois',
          preferredName: 'Nené',
          dateOfBirth: born,
          pronouns: 'she/her',
          email: 'renee@example.org',
          phone: '+1 (555) 010-2000',
          conditions: ['ptsd', 'depression', 'ptsd'],
          externalRef: 'NS-1042',
        }),
      });
      expect(created.statusCode).toBe(201);
      const patient: Patient = created.json();
      expect(patient).toMatchObject({
        givenName: 'Renée',
        familyName: 'Dubois',
        age: 40,
        conditions: ['ptsd', 'depression'],
        primaryTherapistId: world.therapist.id,
        primaryTherapistName: 'Test therapist',
        careTeam: null,
        currentCourse: null,
        medicalStatus: null,
        version: 1,
      });
      expect(created.headers.etag).toBe('"1"');
      const read = await t.app.inject({ method: 'GET', url: `/api/patients/${patient.id}`, cookies });
      expect(read.json()).toEqual(patient);
    });

    it.each([
      ['a date that does not exist', { dateOfBirth: '1990-02-30' }, 'dateOfBirth'],
      ['a date of birth in the future', { dateOfBirth: '2999-01-01' }, 'dateOfBirth'],
      ['a date with a time', { dateOfBirth: '1990-02-03T00:00:00Z' }, 'dateOfBirth'],
      ['an unknown condition', { conditions: ['depression', 'ennui'] }, 'conditions'],
      ['an empty given name', { givenName: '   ' }, 'givenName'],
      ['a NUL byte', { familyName: 'Dub\u0000ois' }, 'familyName'],
      ['an unknown field', { ownerId: 'me' }, 'ownerId'],
      ['a version for mass assignment', { version: 7 }, 'version'],
      [
        'a therapist naming someone else',
        { primaryTherapistId: '3f0e6a50-8f5b-4a57-9a3c-0d7f6b1c2e11' },
        'primaryTherapistId',
      ],
    ])('refuses %s with 400 naming the field, and stores nothing', async (_name, overrides, field) => {
      const before = await count('patient WHERE practice_id = $1', [world.practiceId]);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/patients',
        cookies,
        payload: newPatientBody(overrides),
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toBe('validation_failed');
      expect(response.json().details[0].field).toBe(field);
      expect(response.json().details[0].problem).toMatch(/^(must|cannot|is|contains) /);
      expect(await count('patient WHERE practice_id = $1', [world.practiceId])).toBe(before);
    });

    it("lets a practice admin create a patient for one of the practice's therapists only", async () => {
      const admin = cookiesOf(world, world.admin);
      const missing = await t.app.inject({
        method: 'POST',
        url: '/api/patients',
        cookies: admin,
        payload: newPatientBody(),
      });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().details[0].field).toBe('primaryTherapistId');
      const foreign = await t.app.inject({
        method: 'POST',
        url: '/api/patients',
        cookies: admin,
        payload: newPatientBody({ primaryTherapistId: world.foreignTherapist.id }),
      });
      expect(foreign.statusCode).toBe(400);
      const ok = await t.app.inject({
        method: 'POST',
        url: '/api/patients',
        cookies: admin,
        payload: newPatientBody({ primaryTherapistId: world.otherTherapist.id }),
      });
      expect(ok.statusCode).toBe(201);
      expect(ok.json().primaryTherapistId).toBe(world.otherTherapist.id);
    });

    it('replays a create with the same Idempotency-Key (R15) and refuses the key with another body', async () => {
      const body = newPatientBody({ givenName: 'Idem' });
      const key = `patient-${randomUUID()}`;
      const post = (payload: object) =>
        t.app.inject({
          method: 'POST',
          url: '/api/patients',
          cookies,
          headers: { 'idempotency-key': key },
          payload,
        });
      const first = await post(body);
      const again = await post(body);
      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(201);
      expect(again.json()).toEqual(first.json());
      expect(await count('patient WHERE family_name = $1', [body['familyName']])).toBe(1);
      const other = await post({ ...body, givenName: 'Other' });
      expect(other.statusCode).toBe(422);
      expect(await count('patient WHERE family_name = $1', [body['familyName']])).toBe(1);
    });
  });

  describe('update (R13)', () => {
    it('needs If-Match (428), refuses a stale one (412 with the current record) and writes nothing then', async () => {
      const patient = await createPatient(t.app, cookies, { givenName: 'Marcus' });
      const url = `/api/patients/${patient.id}`;
      const missing = await t.app.inject({ method: 'PATCH', url, cookies, payload: { givenName: 'Mark' } });
      expect(missing.statusCode).toBe(428);
      expect(missing.json().error).toBe('precondition_required');

      const ok = await t.app.inject({
        method: 'PATCH',
        url,
        cookies,
        headers: { 'if-match': '"1"' },
        payload: { givenName: 'Mark', email: 'mark@example.org' },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ givenName: 'Mark', email: 'mark@example.org', version: 2 });
      expect(ok.headers.etag).toBe('"2"');

      const stale = await t.app.inject({
        method: 'PATCH',
        url,
        cookies,
        headers: { 'if-match': '"1"' },
        payload: { givenName: 'Lost' },
      });
      expect(stale.statusCode).toBe(412);
      expect(stale.json()).toMatchObject({
        error: 'version_conflict',
        details: { id: patient.id, givenName: 'Mark', version: 2 },
      });

      const cleared = await t.app.inject({
        method: 'PATCH',
        url,
        cookies,
        headers: { 'if-match': '"2"' },
        payload: { email: null },
      });
      expect(cleared.json()).toMatchObject({ givenName: 'Mark', email: null, version: 3 });
      const [row] = await db.query(`SELECT given_name, email, version FROM patient WHERE id = $1`, [
        patient.id,
      ]);
      expect(row).toEqual({ given_name: 'Mark', email: null, version: 3 });
    });

    it('lets exactly one of two concurrent updates with the same version win', async () => {
      const patient = await createPatient(t.app, cookies);
      const update = (pronouns: string) =>
        t.app.inject({
          method: 'PATCH',
          url: `/api/patients/${patient.id}`,
          cookies,
          headers: { 'if-match': '"1"' },
          payload: { pronouns },
        });
      const results = await Promise.all([update('he/him'), update('they/them')]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412]);
      const [row] = await db.query(`SELECT pronouns, version FROM patient WHERE id = $1`, [patient.id]);
      expect(row).toEqual({
        pronouns: results.find((r) => r.statusCode === 200)!.json().pronouns,
        version: 2,
      });
    });

    it('refuses null for a required field and lets only an admin reassign the therapist', async () => {
      const patient = await createPatient(t.app, cookies);
      const url = `/api/patients/${patient.id}`;
      const nulled = await t.app.inject({
        method: 'PATCH',
        url,
        cookies,
        headers: { 'if-match': '"1"' },
        payload: { familyName: null },
      });
      expect(nulled.statusCode).toBe(400);
      expect(nulled.json().details[0].field).toBe('familyName');
      const byTherapist = await t.app.inject({
        method: 'PATCH',
        url,
        cookies,
        headers: { 'if-match': '"1"' },
        payload: { primaryTherapistId: world.otherTherapist.id },
      });
      expect(byTherapist.statusCode).toBe(400);
      const byAdmin = await t.app.inject({
        method: 'PATCH',
        url,
        cookies: cookiesOf(world, world.admin),
        headers: { 'if-match': '"1"' },
        payload: { primaryTherapistId: world.otherTherapist.id },
      });
      expect(byAdmin.statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url, cookies })).statusCode).toBe(404);
      expect(
        (await t.app.inject({ method: 'GET', url, cookies: cookiesOf(world, world.otherTherapist) }))
          .statusCode,
      ).toBe(200);
    });
  });

  describe('archive (R17)', () => {
    it('archives with a reason: reads and lists answer as if it never existed, the row stays', async () => {
      const patient = await createPatient(t.app, cookies);
      const url = `/api/patients/${patient.id}`;
      const noReason = await t.app.inject({ method: 'DELETE', url, cookies, payload: {} });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().details[0].field).toBe('reason');
      const archived = await t.app.inject({
        method: 'DELETE',
        url,
        cookies,
        payload: { reason: 'Duplicate record' },
      });
      expect(archived.statusCode).toBe(204);
      expect(archived.body).toBe('');
      for (const request of [
        { method: 'GET' as const, url },
        { method: 'GET' as const, url: `${url}/medical-status` },
        { method: 'DELETE' as const, url, payload: { reason: 'again' } },
      ]) {
        expect((await t.app.inject({ ...request, cookies })).statusCode).toBe(404);
      }
      const list = await t.app.inject({ method: 'GET', url: '/api/patients?limit=200', cookies });
      expect(list.json().items.map((p: Patient) => p.id)).not.toContain(patient.id);
      const [row] = await db.query(
        `SELECT archived_at, archive_reason, archived_by FROM patient WHERE id = $1`,
        [patient.id],
      );
      expect(row).toEqual({
        archived_at: expect.any(Date),
        archive_reason: 'Duplicate record',
        archived_by: world.therapist.id,
      });
    });
  });

  describe('the reduced view for the medical team (R4)', () => {
    it('gives practice readers every field and medical-team readers only the shareable ones', async () => {
      const patient = await createPatient(t.app, cookies, { email: 'secret@example.org', phone: '555-0100' });
      await linkTeam(t.app, cookies, patient.id, world.teamId, {
        signedOn: dayFromToday(t.clock, 0),
        expiresOn: dayFromToday(t.clock, 365),
      });
      const keysFor = async (who: Record<string, string>, url: string) => {
        const response = await t.app.inject({ method: 'GET', url, cookies: who });
        expect(response.statusCode).toBe(200);
        return response;
      };
      const own = await keysFor(cookies, `/api/patients/${patient.id}`);
      const admin = await keysFor(cookiesOf(world, world.admin), `/api/patients/${patient.id}`);
      expect(Object.keys(own.json()).sort()).toEqual(PRACTICE_PATIENT_KEYS);
      expect(Object.keys(admin.json()).sort()).toEqual(PRACTICE_PATIENT_KEYS);

      for (const member of [world.prescriber, world.coordinator]) {
        const detail = await keysFor(cookiesOf(world, member), `/api/patients/${patient.id}`);
        expect(Object.keys(detail.json()).sort()).toEqual(MEDICAL_TEAM_PATIENT_KEYS);
        expect(detail.body).not.toContain('secret@example.org');
        expect(detail.body).not.toContain('555-0100');
        expect(detail.headers.etag).toBeUndefined();
        const list = await keysFor(cookiesOf(world, member), '/api/patients?limit=200');
        const row = list.json().items.find((p: Patient) => p.id === patient.id);
        expect(Object.keys(row).sort()).toEqual(MEDICAL_TEAM_PATIENT_KEYS);
        for (const item of list.json().items)
          for (const key of FORBIDDEN_FOR_MEDICAL_TEAM) expect(item).not.toHaveProperty(key);
      }
      // The caseload row is the same reduced shape for everyone: lists never carry contact details.
      const ownList = await keysFor(cookies, '/api/patients?limit=200');
      expect(Object.keys(ownList.json().items[0]).sort()).toEqual(MEDICAL_TEAM_PATIENT_KEYS);
    });
  });

  describe('search and paging', () => {
    let searcher: Record<string, string>;

    beforeAll(async () => {
      const {
        people: [therapist],
      } = await createOrganization(t.app, 'practice', ['therapist']);
      searcher = await signIn(t.app, therapist.email);
      for (const [givenName, familyName, preferredName] of [
        ['José', 'García', null],
        ['Jose', 'Fernández', null],
        ['JOSÉ', 'Álvarez', null],
        ['Zoë', 'Lindqvist', null],
        ['Renée', "O'Brien", 'Nené'],
        ['Amélie', 'Smith-Jones', null],
        ['Joseph', 'Ng', null],
      ]) {
        await createPatient(t.app, searcher, { givenName, familyName, preferredName });
      }
    });

    const search = async (q: string) => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/patients?q=${encodeURIComponent(q)}`,
        cookies: searcher,
      });
      expect(response.statusCode).toBe(200);
      return response.json().items.map((p: Patient) => `${p.givenName} ${p.familyName}`);
    };

    it.each([
      ['jose', ['JOSÉ Álvarez', 'Jose Fernández', 'José García', 'Joseph Ng']],
      ['JOSÉ', ['JOSÉ Álvarez', 'Jose Fernández', 'José García', 'Joseph Ng']],
      ['josé g', ['José García']],
      ['garcia', ['José García']],
      ['GARCÍA JO', ['José García']],
      ['alvarez', ['JOSÉ Álvarez']],
      ['zoe', ['Zoë Lindqvist']],
      ['Zoë', ['Zoë Lindqvist']],
      ['nene', ["Renée O'Brien"]],
      ['obrien', ["Renée O'Brien"]],
      ["o'brien r", ["Renée O'Brien"]],
      ['smith jones', ['Amélie Smith-Jones']],
      ['amelie', ['Amélie Smith-Jones']],
      ['rc', []],
      ['%', []],
    ])('"%s" finds %p (by family name)', async (q, expected) => {
      expect(await search(q)).toEqual(expected);
    });

    it('lists in family-name order, accents ignored', async () => {
      const all = await search('');
      expect(all).toEqual([
        'JOSÉ Álvarez',
        'Jose Fernández',
        'José García',
        'Zoë Lindqvist',
        'Joseph Ng',
        "Renée O'Brien",
        'Amélie Smith-Jones',
      ]);
    });

    it('pages stably while patients are added before and after the cursor', async () => {
      const {
        people: [therapist],
      } = await createOrganization(t.app, 'practice', ['therapist']);
      const pager = await signIn(t.app, therapist.email);
      const original: string[] = [];
      for (const familyName of ['Baker', 'Dietrich', 'Fontaine', 'Hughes', 'Kowalski', 'Moreau']) {
        original.push((await createPatient(t.app, pager, { familyName })).id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let added = 0;
      do {
        const response = await t.app.inject({
          method: 'GET',
          url: pageUrl('/api/patients?limit=2', cursor),
          cookies: pager,
        });
        expect(response.statusCode).toBe(200);
        const page: { items: Patient[]; nextCursor: string | null } = response.json();
        seen.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor;
        expect(cursor ?? '').not.toMatch(/baker|dietrich/i);
        // One new patient sorts before the page just read, one after it.
        t.clock.advance(1000);
        await createPatient(t.app, pager, { familyName: `Aaron${added}` });
        await createPatient(t.app, pager, { familyName: `Zimmer${added++}` });
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => original.includes(id))).toEqual(original);
    });

    it("refuses a cursor made up from another practice's patient, and a huge limit", async () => {
      const foreign = await createPatient(t.app, cookies);
      const cursor = Buffer.from(JSON.stringify([foreign.id])).toString('base64url');
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/patients?cursor=${cursor}`,
        cookies: searcher,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().details[0].field).toBe('cursor');
      const huge = await t.app.inject({ method: 'GET', url: '/api/patients?limit=5000', cookies: searcher });
      expect(huge.statusCode).toBe(400);
    });
  });

  describe('audit (R10)', () => {
    it("writes exactly one event per read and write, naming the patient, inside the write's transaction", async () => {
      const eventsOf = (requestId: unknown) =>
        db.query(`SELECT action, outcome, patient_id, entity_type FROM audit_event WHERE request_id = $1`, [
          requestId,
        ]);
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/patients',
        cookies,
        payload: newPatientBody(),
      });
      const id = created.json().id;
      expect(await eventsOf(created.headers['x-request-id'])).toEqual([
        { action: 'patient.create', outcome: 'success', patient_id: id, entity_type: 'patient' },
      ]);
      const read = await t.app.inject({ method: 'GET', url: `/api/patients/${id}`, cookies });
      expect(await eventsOf(read.headers['x-request-id'])).toEqual([
        { action: 'patient.read', outcome: 'success', patient_id: id, entity_type: 'patient' },
      ]);
      const stale = await t.app.inject({
        method: 'PATCH',
        url: `/api/patients/${id}`,
        cookies,
        headers: { 'if-match': '"9"' },
        payload: { pronouns: 'x' },
      });
      expect(stale.statusCode).toBe(412);
      expect(await eventsOf(stale.headers['x-request-id'])).toEqual([
        { action: 'patient.update', outcome: 'failure', patient_id: id, entity_type: 'patient' },
      ]);
      const denied = await t.app.inject({
        method: 'GET',
        url: `/api/patients/${id}`,
        cookies: cookiesOf(world, world.foreignTherapist),
      });
      expect(await eventsOf(denied.headers['x-request-id'])).toEqual([
        { action: 'patient.read', outcome: 'denied', patient_id: id, entity_type: 'patient' },
      ]);
      const list = await t.app.inject({ method: 'GET', url: `/api/patients?q=test`, cookies });
      const [listEvent] = await db.query(
        `SELECT action, patient_id, detail FROM audit_event WHERE request_id = $1`,
        [list.headers['x-request-id']],
      );
      expect(listEvent).toMatchObject({
        action: 'patient.list',
        patient_id: null,
        detail: { searched: true, patientIds: expect.arrayContaining([id]) },
      });
      expect(JSON.stringify(listEvent.detail)).not.toContain('test');
    });
  });
});
