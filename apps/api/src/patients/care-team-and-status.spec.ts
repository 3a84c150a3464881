import { DataSource } from 'typeorm';
import type { CareTeam, Course, MedicalStatus, MedicalStatusHistory, Patient } from '@kap/shared/contracts';
import {
  cookiesOf,
  createCareWorld,
  createPatient,
  dayFromToday,
  linkTeam,
  type CareWorld,
} from '../testing/care-world';
import { signIn } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

describe('care team, medical status and courses', () => {
  let t: TestApp;
  let db: DataSource;
  let world: CareWorld;
  let therapist: Record<string, string>;
  let prescriber: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    world = await createCareWorld(t.app);
    therapist = cookiesOf(world, world.therapist);
    prescriber = cookiesOf(world, world.prescriber);
  });
  afterAll(() => t.close());

  const linkedPatient = async (
    release = { signedOn: dayFromToday(t.clock, -30), expiresOn: dayFromToday(t.clock, 200) },
  ) => {
    const patient = await createPatient(t.app, therapist);
    await linkTeam(t.app, therapist, patient.id, world.teamId, release);
    return patient;
  };
  const putCareTeam = (patientId: string, payload: object) =>
    t.app.inject({ method: 'PUT', url: `/api/patients/${patientId}/care-team`, cookies: therapist, payload });
  const postStatus = (patientId: string, cookies: Record<string, string>, payload: object) =>
    t.app.inject({ method: 'POST', url: `/api/patients/${patientId}/medical-status`, cookies, payload });

  describe('care team and release of information', () => {
    it('lists the medical teams to link to, paged', async () => {
      const first = await t.app.inject({
        method: 'GET',
        url: '/api/medical-teams?limit=1',
        cookies: therapist,
      });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual({
        items: [{ id: expect.any(String), name: expect.any(String) }],
        nextCursor: expect.any(String),
      });
      const all: { id: string }[] = [];
      let cursor: string | null = null;
      do {
        const url = cursor ? `/api/medical-teams?limit=50&cursor=${cursor}` : '/api/medical-teams?limit=50';
        const page: { items: { id: string }[]; nextCursor: string | null } = (
          await t.app.inject({ method: 'GET', url, cookies: therapist })
        ).json();
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(all.map((team) => team.id)).toEqual(
        expect.arrayContaining([world.teamId, world.otherTeamId, world.expiredTeamId]),
      );
      expect(all.map((team) => team.id)).not.toContain(world.practiceId);
    });

    it('links a team, shows the release status, replaces the link and keeps the earlier one', async () => {
      const patient = await createPatient(t.app, therapist);
      const put = await putCareTeam(patient.id, {
        medicalTeamId: world.teamId,
        releaseOfInformation: {
          signedOn: dayFromToday(t.clock, -300),
          expiresOn: dayFromToday(t.clock, 20),
          scope: 'KAP coordination',
        },
      });
      expect(put.statusCode).toBe(200);
      const careTeam: CareTeam = put.json();
      expect(careTeam).toEqual({
        medicalTeamId: world.teamId,
        medicalTeamName: expect.any(String),
        releaseOfInformation: {
          signedOn: dayFromToday(t.clock, -300),
          expiresOn: dayFromToday(t.clock, 20),
          scope: 'KAP coordination',
        },
        releaseStatus: 'expiring_soon',
        releaseDaysLeft: 20,
        sharing: true,
        linkedAt: expect.any(String),
      });
      const read: Patient = (
        await t.app.inject({ method: 'GET', url: `/api/patients/${patient.id}`, cookies: therapist })
      ).json();
      expect(read.careTeam).toEqual(careTeam);

      const renewed = await putCareTeam(patient.id, {
        medicalTeamId: world.teamId,
        releaseOfInformation: { signedOn: dayFromToday(t.clock, 0), expiresOn: dayFromToday(t.clock, 365) },
      });
      expect(renewed.json()).toMatchObject({
        releaseStatus: 'valid',
        releaseDaysLeft: 365,
        releaseOfInformation: { scope: null },
      });
      const links = await db.query(
        `SELECT replaced_at IS NULL AS current FROM care_team_link WHERE patient_id = $1 ORDER BY linked_at, replaced_at NULLS LAST`,
        [patient.id],
      );
      expect(links).toEqual([{ current: false }, { current: true }]);
    });

    it('accepts an already-expired release, which shares nothing', async () => {
      const patient = await linkedPatient();
      const expired = await putCareTeam(patient.id, {
        medicalTeamId: world.teamId,
        releaseOfInformation: { signedOn: dayFromToday(t.clock, -400), expiresOn: dayFromToday(t.clock, -1) },
      });
      expect(expired.statusCode).toBe(200);
      expect(expired.json()).toMatchObject({ releaseStatus: 'expired', sharing: false, releaseDaysLeft: -1 });
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/patients/${patient.id}`, cookies: prescriber }))
          .statusCode,
      ).toBe(404);
      const list = await t.app.inject({ method: 'GET', url: '/api/patients?limit=200', cookies: prescriber });
      expect(list.json().items.map((p: Patient) => p.id)).not.toContain(patient.id);
    });

    it('shares through the last day of the release and stops the day after', async () => {
      const patient = await linkedPatient({
        signedOn: dayFromToday(t.clock, -10),
        expiresOn: dayFromToday(t.clock, 0),
      });
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/patients/${patient.id}`, cookies: prescriber }))
          .statusCode,
      ).toBe(200);
      t.clock.advance(24 * 60 * 60 * 1000);
      try {
        // A day later the shared sessions have timed out: sign in afresh.
        const tomorrowPrescriber = await signIn(t.app, world.prescriber.email);
        const tomorrowTherapist = await signIn(t.app, world.therapist.email);
        expect(
          (
            await t.app.inject({
              method: 'GET',
              url: `/api/patients/${patient.id}`,
              cookies: tomorrowPrescriber,
            })
          ).statusCode,
        ).toBe(404);
        const read: Patient = (
          await t.app.inject({
            method: 'GET',
            url: `/api/patients/${patient.id}`,
            cookies: tomorrowTherapist,
          })
        ).json();
        expect(read.careTeam).toMatchObject({ releaseStatus: 'expired', sharing: false });
      } finally {
        t.clock.advance(-24 * 60 * 60 * 1000);
      }
    });

    it.each([
      [
        'expiresOn before signedOn',
        (teamId: string) => ({
          medicalTeamId: teamId,
          releaseOfInformation: { signedOn: '2026-05-02', expiresOn: '2026-05-01' },
        }),
        'releaseOfInformation.expiresOn',
      ],
      [
        'a practice as the team',
        (_: string, practiceId: string) => ({
          medicalTeamId: practiceId,
          releaseOfInformation: { signedOn: '2026-05-01', expiresOn: '2027-05-01' },
        }),
        'medicalTeamId',
      ],
      [
        'a date that does not exist',
        (teamId: string) => ({
          medicalTeamId: teamId,
          releaseOfInformation: { signedOn: '2026-02-30', expiresOn: '2027-05-01' },
        }),
        'releaseOfInformation.signedOn',
      ],
      [
        'an unknown nested field',
        (teamId: string) => ({
          medicalTeamId: teamId,
          releaseOfInformation: { signedOn: '2026-05-01', expiresOn: '2027-05-01', sharedAll: true },
        }),
        'releaseOfInformation.sharedAll',
      ],
      ['no release', (teamId: string) => ({ medicalTeamId: teamId }), 'releaseOfInformation'],
    ])('refuses %s with 400 and changes nothing', async (_name, body, field) => {
      const patient = await linkedPatient();
      const before = await db.query(
        `SELECT id FROM care_team_link WHERE patient_id = $1 AND replaced_at IS NULL`,
        [patient.id],
      );
      const response = await putCareTeam(patient.id, body(world.teamId, world.practiceId));
      expect(response.statusCode).toBe(400);
      expect(response.json().details[0].field).toBe(field);
      expect(
        await db.query(`SELECT id FROM care_team_link WHERE patient_id = $1 AND replaced_at IS NULL`, [
          patient.id,
        ]),
      ).toEqual(before);
    });
  });

  describe('medical status', () => {
    it("records a team member's entry as medical_team, with who and when, and shows it on the patient", async () => {
      const patient = await linkedPatient();
      const asOf = new Date(t.clock.now().getTime() - 60_000).toISOString();
      const response = await postStatus(patient.id, prescriber, {
        asOf,
        eligibility: 'eligible',
        prescription: { status: 'active', dosesAuthorized: 6, route: 'sublingual' },
        nextFollowUpDue: dayFromToday(t.clock, 30),
        monitoring: 'on_track',
        note: 'Cleared at intake.',
      });
      expect(response.statusCode).toBe(201);
      const entry: MedicalStatus = response.json();
      expect(entry).toEqual({
        id: expect.any(String),
        patientId: patient.id,
        asOf,
        eligibility: 'eligible',
        prescription: { status: 'active', dosesAuthorized: 6, route: 'sublingual' },
        nextFollowUpDue: dayFromToday(t.clock, 30),
        monitoring: 'on_track',
        note: 'Cleared at intake.',
        source: 'medical_team',
        enteredBy: { id: world.prescriber.id, displayName: 'Test prescriber' },
        createdAt: t.clock.now().toISOString(),
      });
      const read: Patient = (
        await t.app.inject({ method: 'GET', url: `/api/patients/${patient.id}`, cookies: therapist })
      ).json();
      // The patient shows the merged status: this one entry, each field dated by its asOf.
      expect(read.medicalStatus).toEqual({
        ...entry,
        fieldsAsOf: { eligibility: asOf, prescription: asOf, nextFollowUpDue: asOf, monitoring: asOf },
      });
    });

    it("records a therapist's entry as therapist_mirror", async () => {
      const patient = await linkedPatient();
      const response = await postStatus(patient.id, therapist, {
        asOf: t.clock.now().toISOString(),
        eligibility: 'pending_intake',
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({
        source: 'therapist_mirror',
        enteredBy: { id: world.therapist.id },
      });
    });

    it('answers 404 to a team whose release has expired, and stores nothing', async () => {
      const patient = await linkedPatient({
        signedOn: dayFromToday(t.clock, -400),
        expiresOn: dayFromToday(t.clock, -1),
      });
      const response = await postStatus(patient.id, prescriber, {
        asOf: t.clock.now().toISOString(),
        eligibility: 'eligible',
      });
      expect(response.statusCode).toBe(404);
      expect(
        (
          await db.query(`SELECT count(*)::int AS n FROM medical_status_entry WHERE patient_id = $1`, [
            patient.id,
          ])
        )[0].n,
      ).toBe(0);
    });

    it('makes the newest asOf current, even when it was recorded first', async () => {
      const patient = await linkedPatient();
      const now = t.clock.now().getTime();
      const newer = await postStatus(patient.id, prescriber, {
        asOf: new Date(now - 3_600_000).toISOString(),
        eligibility: 'eligible',
      });
      t.clock.advance(1000);
      const older = await postStatus(patient.id, therapist, {
        asOf: new Date(now - 86_400_000).toISOString(),
        eligibility: 'pending_intake',
      });
      expect([newer.statusCode, older.statusCode]).toEqual([201, 201]);
      const history: MedicalStatusHistory = (
        await t.app.inject({
          method: 'GET',
          url: `/api/patients/${patient.id}/medical-status`,
          cookies: prescriber,
        })
      ).json();
      expect(history.current?.id).toBe(newer.json().id);
      expect(history.history.map((entry) => entry.id)).toEqual([newer.json().id, older.json().id]);
      const read: Patient = (
        await t.app.inject({ method: 'GET', url: `/api/patients/${patient.id}`, cookies: therapist })
      ).json();
      expect(read.medicalStatus?.id).toBe(newer.json().id);
    });

    it('keeps entries append-only, also in the database', async () => {
      const patient = await linkedPatient();
      const entry = (
        await postStatus(patient.id, prescriber, {
          asOf: t.clock.now().toISOString(),
          monitoring: 'on_track',
        })
      ).json();
      await expect(
        db.query(`UPDATE medical_status_entry SET monitoring = 'paused' WHERE id = $1`, [entry.id]),
      ).rejects.toThrow(/append-only/);
      await expect(db.query(`DELETE FROM medical_status_entry WHERE id = $1`, [entry.id])).rejects.toThrow(
        /append-only/,
      );
    });

    it.each([
      ['nothing to say', { asOf: '2026-01-01T10:00:00Z' }, 'eligibility'],
      ['an asOf without offset', { asOf: '2026-01-01T10:00:00', eligibility: 'eligible' }, 'asOf'],
      ['an asOf in the future', { asOf: '2999-01-01T10:00:00Z', eligibility: 'eligible' }, 'asOf'],
      ['an unknown eligibility', { asOf: '2026-01-01T10:00:00Z', eligibility: 'maybe' }, 'eligibility'],
      [
        'a prescription without status',
        { asOf: '2026-01-01T10:00:00Z', prescription: { dosesAuthorized: 2 } },
        'prescription.status',
      ],
      [
        'a negative dose count',
        { asOf: '2026-01-01T10:00:00Z', prescription: { status: 'active', dosesAuthorized: -1 } },
        'prescription.dosesAuthorized',
      ],
      [
        'a source field',
        { asOf: '2026-01-01T10:00:00Z', eligibility: 'eligible', source: 'medical_team' },
        'source',
      ],
    ])('refuses %s with 400', async (_name, payload, field) => {
      const patient = await linkedPatient();
      const response = await postStatus(patient.id, prescriber, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().details[0].field).toBe(field);
    });
  });

  describe('courses', () => {
    const dosePlan = { route: 'sublingual', doseMgMin: 100, doseMgMax: 250.5, maxDosingSessionsPerWeek: 1 };
    const vitalsLimits = { systolicMax: 160, diastolicMax: 100, heartRateMax: 120 };

    it('stores the dose plan and vitals limits exactly as ordered and makes the open course current', async () => {
      const patient = await linkedPatient();
      const created = await t.app.inject({
        method: 'POST',
        url: `/api/patients/${patient.id}/courses`,
        cookies: therapist,
        payload: {
          indication: 'ptsd',
          startedOn: dayFromToday(t.clock, -3),
          plannedDosingSessions: 6,
          dosePlan,
          vitalsLimits,
        },
      });
      expect(created.statusCode).toBe(201);
      const course: Course = created.json();
      expect(course).toMatchObject({
        patientId: patient.id,
        indication: 'ptsd',
        phase: 'referred',
        plannedDosingSessions: 6,
        dosePlan,
        vitalsLimits,
        version: 1,
      });
      const [row] = await db.query(`SELECT dose_plan, vitals_limits FROM course WHERE id = $1`, [course.id]);
      expect(row).toEqual({ dose_plan: dosePlan, vitals_limits: vitalsLimits });

      const forTeam = await t.app.inject({
        method: 'GET',
        url: `/api/patients/${patient.id}/courses`,
        cookies: prescriber,
      });
      expect(forTeam.json()).toEqual({ items: [course], nextCursor: null });
      const read: Patient = (
        await t.app.inject({ method: 'GET', url: `/api/patients/${patient.id}`, cookies: therapist })
      ).json();
      expect(read.currentCourse).toEqual(course);

      const done = await t.app.inject({
        method: 'PATCH',
        url: `/api/courses/${course.id}`,
        cookies: therapist,
        headers: { 'if-match': '"1"' },
        payload: { phase: 'completed' },
      });
      expect(done.statusCode).toBe(200);
      expect(done.json()).toMatchObject({ phase: 'completed', version: 2, dosePlan });
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/patients/${patient.id}`, cookies: therapist })).json()
          .currentCourse,
      ).toBeNull();
    });

    it('needs If-Match on PATCH (428), refuses a stale one (412) and clears a plan with null', async () => {
      const patient = await linkedPatient();
      const course: Course = (
        await t.app.inject({
          method: 'POST',
          url: `/api/patients/${patient.id}/courses`,
          cookies: therapist,
          payload: { indication: 'depression', startedOn: dayFromToday(t.clock, 0), dosePlan },
        })
      ).json();
      const url = `/api/courses/${course.id}`;
      expect(
        (await t.app.inject({ method: 'PATCH', url, cookies: therapist, payload: { phase: 'intake' } }))
          .statusCode,
      ).toBe(428);
      const ok = await t.app.inject({
        method: 'PATCH',
        url,
        cookies: therapist,
        headers: { 'if-match': '"1"' },
        payload: { phase: 'intake', dosePlan: null },
      });
      expect(ok.json()).toMatchObject({ phase: 'intake', dosePlan: null, version: 2 });
      const stale = await t.app.inject({
        method: 'PATCH',
        url,
        cookies: therapist,
        headers: { 'if-match': '"1"' },
        payload: { phase: 'dosing' },
      });
      expect(stale.statusCode).toBe(412);
      expect(stale.json().details).toMatchObject({ id: course.id, phase: 'intake', version: 2 });
    });

    it('refuses null for a required course field on PATCH, names the range of a limit, and changes nothing', async () => {
      const patient = await linkedPatient();
      const course: Course = (
        await t.app.inject({
          method: 'POST',
          url: `/api/patients/${patient.id}/courses`,
          cookies: therapist,
          payload: { indication: 'depression', startedOn: dayFromToday(t.clock, 0) },
        })
      ).json();
      const patch = (payload: object) =>
        t.app.inject({
          method: 'PATCH',
          url: `/api/courses/${course.id}`,
          cookies: therapist,
          headers: { 'if-match': '"1"' },
          payload,
        });
      for (const field of ['startedOn', 'indication', 'phase']) {
        const nulled = await patch({ [field]: null });
        expect(nulled.statusCode).toBe(400);
        expect(nulled.json().details.map((d: { field: string }) => d.field)).toContain(field);
      }
      const limit = await patch({ vitalsLimits: { systolicMax: 900 } });
      expect(limit.json().details).toEqual([
        { field: 'vitalsLimits.systolicMax', problem: 'must be a whole number from 60 to 300' },
      ]);
      const [row] = await db.query(
        `SELECT version, started_on IS NOT NULL AS has_start FROM course WHERE id = $1`,
        [course.id],
      );
      expect(row).toEqual({ version: 1, has_start: true });
    });

    it('pages courses newest first', async () => {
      const patient = await linkedPatient();
      for (const days of [-300, -100, -10]) {
        await t.app.inject({
          method: 'POST',
          url: `/api/patients/${patient.id}/courses`,
          cookies: therapist,
          payload: { indication: 'depression', startedOn: dayFromToday(t.clock, days), phase: 'completed' },
        });
      }
      const first = (
        await t.app.inject({
          method: 'GET',
          url: `/api/patients/${patient.id}/courses?limit=2`,
          cookies: therapist,
        })
      ).json();
      const second = (
        await t.app.inject({
          method: 'GET',
          url: `/api/patients/${patient.id}/courses?limit=2&cursor=${first.nextCursor}`,
          cookies: therapist,
        })
      ).json();
      expect([...first.items, ...second.items].map((c: Course) => c.startedOn)).toEqual(
        [-10, -100, -300].map((d) => dayFromToday(t.clock, d)),
      );
      expect(second.nextCursor).toBeNull();
    });

    it.each([
      [
        'a range the wrong way round',
        { dosePlan: { route: 'sublingual', doseMgMin: 300, doseMgMax: 100 } },
        'dosePlan.doseMgMax',
      ],
      ['an unknown route', { dosePlan: { route: 'oral' } }, 'dosePlan.route'],
      [
        'a computed-dose field',
        { dosePlan: { route: 'sublingual', doseMgPerKg: 1.5 } },
        'dosePlan.doseMgPerKg',
      ],
      ['a negative dose', { dosePlan: { route: 'sublingual', doseMgMin: -5 } }, 'dosePlan.doseMgMin'],
      ['an impossible limit', { vitalsLimits: { systolicMax: 900 } }, 'vitalsLimits.systolicMax'],
      ['an unknown phase', { phase: 'paused' }, 'phase'],
    ])('refuses %s with 400 and stores nothing', async (_name, extra, field) => {
      const patient = await linkedPatient();
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/patients/${patient.id}/courses`,
        cookies: therapist,
        payload: { indication: 'depression', startedOn: '2026-01-05', ...extra },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().details[0].field).toBe(field);
      expect(
        (await db.query(`SELECT count(*)::int AS n FROM course WHERE patient_id = $1`, [patient.id]))[0].n,
      ).toBe(0);
    });
  });

  // Moments are selected as text made by PostgreSQL (isoTimestampSql): the same text Date#toISOString
  // gives, in the list (where course and status arrive inside JSON documents) and in the full record.
  it('answers every moment of a patient as Date#toISOString text, in the list and in full', async () => {
    const patient = await linkedPatient();
    await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patient.id}/courses`,
      cookies: therapist,
      payload: { indication: 'ptsd', startedOn: dayFromToday(t.clock, -3) },
    });
    const asOf = new Date(t.clock.now().getTime() - 90_500).toISOString();
    expect((await postStatus(patient.id, prescriber, { asOf, eligibility: 'eligible' })).statusCode).toBe(
      201,
    );
    const full: Patient = (
      await t.app.inject({ method: 'GET', url: `/api/patients/${patient.id}`, cookies: therapist })
    ).json();
    const listed: Patient = (
      await t.app.inject({ method: 'GET', url: '/api/patients?limit=200', cookies: therapist })
    )
      .json()
      .items.find((p: Patient) => p.id === patient.id);
    const [stored] = await db.query(`SELECT created_at, updated_at FROM patient WHERE id = $1`, [patient.id]);
    expect([full.createdAt, full.updatedAt]).toEqual([
      stored.created_at.toISOString(),
      stored.updated_at.toISOString(),
    ]);
    for (const record of [full, listed]) {
      expect(record.medicalStatus?.asOf).toBe(asOf);
      const moments = [
        record.careTeam?.linkedAt,
        record.currentCourse?.createdAt,
        record.currentCourse?.updatedAt,
        record.medicalStatus?.asOf,
        record.medicalStatus?.createdAt,
      ];
      for (const moment of moments) expect(moment).toBe(new Date(moment as string).toISOString());
    }
  });
});
