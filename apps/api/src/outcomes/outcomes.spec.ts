import { DataSource } from 'typeorm';
import type { Patient } from '@kap/shared/contracts';
import { INSTRUMENT_CODES, INSTRUMENTS, type InstrumentCode } from '@kap/shared/domain';
import { auditCount } from '../testing/fixtures';
import {
  cookiesOf,
  createCareWorld,
  createPatient,
  dayFromToday,
  linkTeam,
  type CareWorld,
} from '../testing/care-world';
import { createTestApp, type TestApp } from '../testing/test-app';

const DAY = 24 * 60 * 60 * 1000;

describe('outcome measures and alerts through the API', () => {
  let t: TestApp;
  let db: DataSource;
  let world: CareWorld;
  let patient: Patient;
  const as = (person: CareWorld['therapist']) => cookiesOf(world, person);
  const at = (daysAgo: number) => new Date(t.clock.now().getTime() - daysAgo * DAY).toISOString();
  const post = (
    person: CareWorld['therapist'],
    body: object,
    patientId = patient.id,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/outcomes`,
      cookies: as(person),
      payload: body,
      headers,
    });
  const outcomeRows = async (patientId: string) =>
    (await db.query(`SELECT count(*)::int AS n FROM outcome WHERE patient_id = $1`, [patientId]))[0].n;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    world = await createCareWorld(t.app);
    patient = await createPatient(t.app, as(world.therapist), { givenName: 'Zoë', familyName: 'Outcomes' });
    await linkTeam(t.app, as(world.therapist), patient.id, world.teamId, {
      signedOn: dayFromToday(t.clock, -10),
      expiresOn: dayFromToday(t.clock, 300),
    });
  });
  afterAll(() => t.close());

  it('publishes the instrument definitions with LOINC codes and reliable-change sources', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/instruments',
      cookies: as(world.prescriber),
    });
    expect(response.statusCode).toBe(200);
    const instruments = response.json();
    expect(instruments.map((i: { code: string }) => i.code)).toEqual([
      'PHQ9',
      'GAD7',
      'PCL5',
      'CSSRS_SCREEN',
      'PEG',
      'CGI_S',
      'CGI_I',
    ]);
    expect(instruments[0]).toMatchObject({
      loinc: { panel: '44249-1', total: '44261-6' },
      range: { min: 0, max: 27 },
      reliableChange: { threshold: 6 },
    });
    expect(instruments[0].items).toHaveLength(9);
    expect(instruments[1].loinc).toEqual({ panel: '69737-5', total: '70274-6' });
  });

  describe('every scoring rule holds through the API', () => {
    /** Items of an instrument summing to `total`, filled from the first item (PHQ-9 item 9 kept at 0 where possible). */
    const itemsFor = (code: InstrumentCode, total: number): number[] => {
      const def = INSTRUMENTS[code];
      const items = def.items.map((i) => i.min);
      let rest = total - items.reduce((sum, v) => sum + v, 0);
      for (let i = 0; i < items.length && rest > 0; i++) {
        if (code === 'PHQ9' && i === 8 && total <= 24) continue;
        const add = Math.min(def.items[i].max - items[i], rest);
        items[i] += add;
        rest -= add;
      }
      return items;
    };
    const boundaries = INSTRUMENT_CODES.filter((code) => INSTRUMENTS[code].range !== null).flatMap((code) =>
      INSTRUMENTS[code].bands.flatMap((band) =>
        [...new Set([band.min, band.max])].map((total) => [code, total, band.severity] as const),
      ),
    );

    it.each(boundaries)('%s total %i is %s (every band boundary)', async (instrument, total, severity) => {
      const response = await post(world.therapist, {
        instrument,
        administeredAt: at(500),
        items: itemsFor(instrument, total),
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ total, severity });
    });

    const f = false;
    const tr = true;
    it.each([
      ['PHQ9', [1, 1, 1, 1, 0, 0, 0, 0, 0], 4, 'minimal', [], null],
      ['PHQ9', [1, 1, 1, 1, 1, 0, 0, 0, 0], 5, 'mild', [], null],
      ['PHQ9', [3, 3, 3, 3, 2, 0, 0, 0, 0], 14, 'moderate', [], null],
      ['PHQ9', [3, 3, 3, 3, 3, 0, 0, 0, 0], 15, 'moderately_severe', [], null],
      ['PHQ9', [3, 3, 3, 3, 3, 3, 2, 0, 0], 20, 'severe', [], null],
      ['GAD7', [2, 2, 2, 2, 2, 2, 2], 14, 'moderate', [], null],
      ['GAD7', [3, 3, 3, 3, 3, 0, 0], 15, 'severe', [], null],
      [
        'PCL5',
        [4, 4, 4, 4, 4, 4, 4, 4, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        33,
        'probable_ptsd',
        ['probable_ptsd'],
        { B: 20, C: 8, D: 5, E: 0 },
      ],
      [
        'PCL5',
        [2, 0, 0, 0, 0, 2, 0, 2, 2, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0],
        12,
        'below_threshold',
        ['probable_ptsd'],
        { B: 2, C: 2, D: 4, E: 4 },
      ],
      [
        'PCL5',
        [4, 4, 4, 4, 4, 4, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        32,
        'below_threshold',
        [],
        { B: 20, C: 8, D: 4, E: 0 },
      ],
      ['CGI_S', [4], 4, 'moderately_ill', [], null],
      ['CGI_I', [2], 2, 'much_improved', [], null],
    ])('%s %p → total %p, %s, flags %p', async (instrument, items, total, severity, flags, subscales) => {
      const response = await post(world.therapist, { instrument, administeredAt: at(400), items });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({
        instrument,
        items,
        total,
        severity,
        flags,
        subscales,
        source: 'clinician',
      });
    });

    it.each([
      [[f, f, f, f, f, f, f], 'none', []],
      [[tr, f, f, f, f, f, f], 'low', ['cssrs_low_risk']],
      [[tr, tr, tr, f, f, f, f], 'moderate', ['cssrs_moderate_risk']],
      [[tr, tr, tr, tr, f, f, f], 'high', ['cssrs_high_risk']],
    ])('C-SSRS %p → %s %p, total null', async (items, severity, flags) => {
      const other = await createPatient(t.app, as(world.therapist));
      const response = await post(
        world.therapist,
        { instrument: 'CSSRS_SCREEN', administeredAt: at(1), items },
        other.id,
      );
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ total: null, severity, flags });
    });

    it.each([
      [
        { instrument: 'PHQ9', items: [0, 0, 0, 4, 0, 0, 0, 0, 0] },
        'items[3]',
        'item 4 must be a whole number from 0 to 3',
      ],
      [
        { instrument: 'PHQ9', items: [0, 0, 0, 0, 0, 0, 0, 0] },
        'items',
        'must have exactly 9 answers for PHQ9 (got 8)',
      ],
      [
        { instrument: 'GAD7', items: [0, 0.5, 0, 0, 0, 0, 0] },
        'items[1]',
        'item 2 must be a whole number from 0 to 3',
      ],
      [
        { instrument: 'CSSRS_SCREEN', items: [true, false, true, false, false, false, false] },
        'items[2]',
        'item 3 is inconsistent: it is only asked when item 2 is yes; send false when item 2 is no',
      ],
      [
        { instrument: 'PCL5', items: Array(20).fill(0), difficulty: 1 },
        'difficulty',
        'is only asked with the PHQ-9 and GAD-7, not with PCL5',
      ],
      [{ instrument: 'BDI2', items: [0] }, 'instrument', expect.stringContaining('must be one of')],
      [
        { instrument: 'PHQ9', items: Array(9).fill(0), ownerId: 'x' },
        'ownerId',
        'is not a field this request accepts',
      ],
    ])('refuses %p with 400 naming %s, storing nothing', async (body, field, problem) => {
      const before = await outcomeRows(patient.id);
      const response = await post(world.therapist, { administeredAt: at(1), ...body });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: 'validation_failed', details: [{ field, problem }] });
      expect(await outcomeRows(patient.id)).toBe(before);
    });
  });

  describe('PHQ-9 item 9 alert', () => {
    it('raises exactly one urgent alert, seen by the therapist and the linked prescriber only, acknowledged with an action', async () => {
      const p = await createPatient(t.app, as(world.therapist));
      await linkTeam(t.app, as(world.therapist), p.id, world.teamId, {
        signedOn: dayFromToday(t.clock, -1),
        expiresOn: dayFromToday(t.clock, 100),
      });
      const key = { 'idempotency-key': `phq9-item9-${p.id}` };
      const body = { instrument: 'PHQ9', administeredAt: at(0), items: [1, 1, 1, 1, 1, 1, 1, 1, 1] };
      const first = await post(world.therapist, body, p.id, key);
      const replay = await post(world.therapist, body, p.id, key);
      expect(first.statusCode).toBe(201);
      expect(replay.json().id).toBe(first.json().id);
      expect(first.json().flags).toEqual(['suicidality_item_positive']);
      // R10: the replay handed the score out again, so it leaves its own event naming the patient.
      const replayEvents = await t.app
        .get(DataSource)
        .query(`SELECT action, patient_id, entity_id, outcome FROM audit_event WHERE request_id = $1`, [
          replay.headers['x-request-id'],
        ]);
      expect(replayEvents).toEqual([
        { action: 'idempotent_replay', patient_id: p.id, entity_id: first.json().id, outcome: 'success' },
      ]);

      const list = (person: CareWorld['therapist']) =>
        t.app.inject({ method: 'GET', url: `/api/alerts?status=open`, cookies: as(person) });
      const mine = (await list(world.therapist))
        .json()
        .items.filter((a: { patientId: string }) => a.patientId === p.id);
      expect(mine).toEqual([
        expect.objectContaining({
          kind: 'suicidality_item_positive',
          severity: 'urgent',
          sourceType: 'outcome',
          sourceId: first.json().id,
          acknowledgedAt: null,
        }),
      ]);
      const theirs = (await list(world.prescriber))
        .json()
        .items.filter((a: { patientId: string }) => a.patientId === p.id);
      expect(theirs).toHaveLength(1);
      for (const outsider of [world.otherPrescriber, world.otherTherapist, world.foreignTherapist]) {
        expect(
          (await list(outsider)).json().items.filter((a: { patientId: string }) => a.patientId === p.id),
        ).toEqual([]);
      }

      const alertId = mine[0].id;
      const ack = (person: CareWorld['therapist'], payload: object) =>
        t.app.inject({
          method: 'POST',
          url: `/api/alerts/${alertId}/acknowledge`,
          cookies: as(person),
          payload,
        });
      const noAction = await ack(world.therapist, {});
      expect(noAction.statusCode).toBe(400);
      expect(noAction.json().details).toEqual([
        { field: 'action', problem: 'is required for an urgent alert: say what was done' },
      ]);
      expect((await ack(world.otherPrescriber, { action: 'x' })).statusCode).toBe(404);
      const done = await ack(world.prescriber, {
        action: 'Called the patient; safety plan reviewed; no current intent.',
      });
      expect(done.statusCode).toBe(200);
      expect(done.json()).toMatchObject({
        acknowledgedBy: { id: world.prescriber.id },
        action: expect.stringContaining('safety plan'),
      });
      expect((await ack(world.prescriber, { action: 'again' })).statusCode).toBe(409);
      // Each side acknowledges for itself (alert-lifecycle.spec.ts has the rest of the lifecycle).
      expect(
        (await ack(world.therapist, { action: 'Saw the team acknowledged; called the patient too.' }))
          .statusCode,
      ).toBe(200);
      expect((await ack(world.therapist, { action: 'again' })).statusCode).toBe(409);
      const acknowledged = (
        await t.app.inject({
          method: 'GET',
          url: `/api/alerts?status=acknowledged&patientId=${p.id}`,
          cookies: as(world.therapist),
        })
      ).json();
      expect(acknowledged.items.map((a: { id: string }) => a.id)).toEqual([alertId]);
    });
  });

  describe('trend, baseline and voiding', () => {
    it('leaves voided scores out of both points and baseline, and marks reliable change, response and remission', async () => {
      const p = await createPatient(t.app, as(world.therapist));
      const phq = (total: number) =>
        Array.from({ length: 9 }, (_, i) => (i < 8 ? Math.min(3, Math.max(0, total - i * 3)) : 0));
      const wrong = await post(
        world.therapist,
        { instrument: 'PHQ9', administeredAt: at(100), items: phq(24) },
        p.id,
      );
      const baseline = await post(
        world.therapist,
        { instrument: 'PHQ9', administeredAt: at(90), items: phq(20) },
        p.id,
      );
      await post(world.therapist, { instrument: 'PHQ9', administeredAt: at(60), items: phq(13) }, p.id);
      await post(world.therapist, { instrument: 'PHQ9', administeredAt: at(30), items: phq(4) }, p.id);

      const voidAs = (person: CareWorld['therapist'], payload: object) =>
        t.app.inject({
          method: 'POST',
          url: `/api/outcomes/${wrong.json().id}/void`,
          cookies: as(person),
          payload,
        });
      expect((await voidAs(world.therapist, { reason: ' ' })).statusCode).toBe(400);
      expect((await voidAs(world.foreignTherapist, { reason: 'not mine' })).statusCode).toBe(404);
      expect((await voidAs(world.prescriber, { reason: 'not entered by me' })).statusCode).toBe(404);
      const voided = await voidAs(world.therapist, { reason: 'Entered for the wrong patient' });
      expect(voided.statusCode).toBe(200);
      expect(voided.json()).toMatchObject({
        voidReason: 'Entered for the wrong patient',
        voidedAt: expect.any(String),
        total: 24,
      });

      // A course started before every score: it leaves the baseline where it is and marks the chart.
      const startedOn = at(120).slice(0, 10);
      const course = await t.app.inject({
        method: 'POST',
        url: `/api/patients/${p.id}/courses`,
        cookies: as(world.therapist),
        payload: { indication: 'depression', startedOn },
      });
      expect(course.statusCode).toBe(201);

      const trend = (
        await t.app.inject({
          method: 'GET',
          url: `/api/patients/${p.id}/outcomes/trend?instrument=PHQ9`,
          cookies: as(world.therapist),
        })
      ).json();
      // Moments come as PostgreSQL writes them for the API (isoTimestampSql): exactly what was sent.
      expect(trend.points.map((pt: { administeredAt: string }) => pt.administeredAt)).toEqual([
        at(90),
        at(60),
        at(30),
      ]);
      expect(trend.events).toEqual([
        { at: `${startedOn}T00:00:00.000Z`, kind: 'course_start', label: 'Course started' },
      ]);
      expect(trend.reliableChangeThreshold).toBe(6);
      expect(trend.reliableChangeSource).toMatch(/NHS Talking Therapies/);
      expect(trend.baseline).toMatchObject({ outcomeId: baseline.json().id, total: 20 });
      expect(
        trend.points.map(
          (pt: {
            total: number;
            changeFromBaseline: number;
            reliableChange: string;
            response: boolean;
            remission: boolean;
          }) => [pt.total, pt.changeFromBaseline, pt.reliableChange, pt.response, pt.remission],
        ),
      ).toEqual([
        [20, 0, 'none', false, false],
        [13, -7, 'improved', false, false],
        [4, -16, 'improved', true, true],
      ]);
      // The voided score is kept and listed, marked as voided.
      const listed = (
        await t.app.inject({
          method: 'GET',
          url: `/api/patients/${p.id}/outcomes?instrument=PHQ9`,
          cookies: as(world.therapist),
        })
      ).json();
      expect(listed.items).toHaveLength(4);
      expect(listed.items[3]).toMatchObject({ id: wrong.json().id, voidedAt: expect.any(String) });
    });

    it('refuses an edit of a stored score in the database itself', async () => {
      const created = await post(world.therapist, {
        instrument: 'GAD7',
        administeredAt: at(3),
        items: [1, 1, 1, 1, 1, 1, 1],
      });
      await expect(
        db.query(`UPDATE outcome SET total = 0 WHERE id = $1`, [created.json().id]),
      ).rejects.toThrow(/never edited/);
      await expect(db.query(`DELETE FROM outcome WHERE id = $1`, [created.json().id])).rejects.toThrow(
        /never deleted/,
      );
    });

    it('raises a reliable-deterioration warning when a GAD-7 rises by 4 or more from baseline', async () => {
      const p = await createPatient(t.app, as(world.therapist));
      await post(
        world.therapist,
        { instrument: 'GAD7', administeredAt: at(20), items: [1, 1, 1, 1, 1, 0, 0] },
        p.id,
      );
      const worse = await post(
        world.therapist,
        { instrument: 'GAD7', administeredAt: at(5), items: [2, 2, 2, 1, 1, 1, 0] },
        p.id,
      );
      const alerts = (
        await t.app.inject({
          method: 'GET',
          url: `/api/alerts?patientId=${p.id}`,
          cookies: as(world.therapist),
        })
      ).json();
      expect(alerts.items).toEqual([
        expect.objectContaining({
          kind: 'reliable_deterioration',
          severity: 'warning',
          sourceId: worse.json().id,
        }),
      ]);
    });
  });

  describe('the medical team', () => {
    it('records its own scores with a valid release; an unlinked or expired team gets 404', async () => {
      const body = { instrument: 'CGI_S', administeredAt: at(0), items: [3] };
      const ok = await post(world.prescriber, body);
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ source: 'medical_team', enteredBy: { id: world.prescriber.id } });
      expect((await post(world.prescriber, { ...body, source: 'clinician' })).statusCode).toBe(400);
      expect((await post(world.otherPrescriber, body)).statusCode).toBe(404);
      const expired = await createPatient(t.app, as(world.therapist));
      await linkTeam(t.app, as(world.therapist), expired.id, world.expiredTeamId, {
        signedOn: dayFromToday(t.clock, -400),
        expiresOn: dayFromToday(t.clock, -1),
      });
      expect((await post(world.expiredPrescriber, body, expired.id)).statusCode).toBe(404);
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/patients/${expired.id}/outcomes/trend?instrument=PHQ9`,
            cookies: as(world.expiredPrescriber),
          })
        ).statusCode,
      ).toBe(404);
    });
  });

  it('audits each read and write of scores once, with the patient', async () => {
    const p = await createPatient(t.app, as(world.therapist));
    const created = await post(
      world.therapist,
      { instrument: 'PHQ9', administeredAt: at(1), items: Array(9).fill(0) },
      p.id,
    );
    await t.app.inject({
      method: 'GET',
      url: `/api/patients/${p.id}/outcomes`,
      cookies: as(world.therapist),
    });
    await t.app.inject({
      method: 'GET',
      url: `/api/patients/${p.id}/outcomes/trend?instrument=PHQ9`,
      cookies: as(world.therapist),
    });
    await t.app.inject({
      method: 'GET',
      url: `/api/patients/${p.id}/outcomes`,
      cookies: as(world.foreignTherapist),
    });
    expect(
      await auditCount(
        t.app,
        `patient_id = $1 AND action = 'outcome.create' AND entity_id = $2 AND outcome = 'success'`,
        [p.id, created.json().id],
      ),
    ).toBe(1);
    expect(
      await auditCount(t.app, `patient_id = $1 AND action = 'outcome.list' AND outcome = 'success'`, [p.id]),
    ).toBe(1);
    expect(await auditCount(t.app, `patient_id = $1 AND action = 'outcome.trend'`, [p.id])).toBe(1);
    expect(
      await auditCount(
        t.app,
        `patient_id = $1 AND action = 'outcome.list' AND outcome = 'denied' AND actor_id = $2`,
        [p.id, world.foreignTherapist.id],
      ),
    ).toBe(1);
  });
});
