import { DataSource } from 'typeorm';
import { CSSRS_VERSION_1, spokenDate } from '@kap/shared/domain';
import {
  cookiesOf,
  createCareWorld,
  createPatient,
  dayFromToday,
  type CareWorld,
} from '../testing/care-world';
import { createTestApp, type TestApp } from '../testing/test-app';

const DAY = 24 * 60 * 60 * 1000;
const f = false;
const y = true;

/** PHQ-9 answers summing to `total`, item 9 kept at 0 (no suicidality flag). */
const phq = (total: number) =>
  Array.from({ length: 9 }, (_, i) => (i < 8 ? Math.min(3, Math.max(0, total - i * 3)) : 0));
/** GAD-7 answers summing to `total`. */
const gad = (total: number) => Array.from({ length: 7 }, (_, i) => Math.min(3, Math.max(0, total - i * 3)));

/**
 * The measures of issue 19 on PostgreSQL: the intake baseline, remission from a case-level
 * baseline only, the C-SSRS screener's version 2 beside stored version-1 screens, the PEG, and
 * "measure overdue" for every measure a course uses.
 */
describe('outcome measures: intake baseline, C-SSRS version 2, PEG, overdue measures', () => {
  let t: TestApp;
  let db: DataSource;
  let world: CareWorld;
  const as = (person: CareWorld['therapist']) => cookiesOf(world, person);
  const at = (daysAgo: number) => new Date(t.clock.now().getTime() - daysAgo * DAY).toISOString();
  const post = (patientId: string, body: object) =>
    t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/outcomes`,
      cookies: as(world.therapist),
      payload: body,
    });
  const trend = async (patientId: string, instrument: string) => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/patients/${patientId}/outcomes/trend?instrument=${instrument}`,
      cookies: as(world.therapist),
    });
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const alerts = async (patientId: string) =>
    (
      await t.app.inject({
        method: 'GET',
        url: `/api/alerts?patientId=${patientId}`,
        cookies: as(world.therapist),
      })
    ).json().items as {
      kind: string;
      severity: string;
      sourceId: string;
      summary: string;
    }[];
  const newPatient = () => createPatient(t.app, as(world.therapist));
  const startCourse = async (patientId: string, startedOn: string, phase = 'dosing') => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/courses`,
      cookies: as(world.therapist),
      payload: { indication: 'depression', startedOn, phase },
    });
    expect(response.statusCode).toBe(201);
  };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    world = await createCareWorld(t.app);
  });
  afterAll(() => t.close());

  describe('intake baseline', () => {
    it('takes a score 10 days before the course start as the baseline, not one 40 days before, and shows it on the trend', async () => {
      const p = await newPatient();
      await startCourse(p.id, dayFromToday(t.clock, -20));
      const early = await post(p.id, { instrument: 'PHQ9', administeredAt: at(60), items: phq(22) }); // 40 days before the start
      const intake = await post(p.id, { instrument: 'PHQ9', administeredAt: at(30), items: phq(16) }); // 10 days before
      const later = await post(p.id, { instrument: 'PHQ9', administeredAt: at(5), items: phq(9) });
      for (const r of [early, intake, later]) expect(r.statusCode).toBe(201);

      const phqTrend = await trend(p.id, 'PHQ9');
      expect(phqTrend.baseline).toMatchObject({ outcomeId: intake.json().id, total: 16 });
      expect(phqTrend.points.map((pt: { outcomeId: string }) => pt.outcomeId)).toEqual([
        intake.json().id,
        later.json().id,
      ]);
      expect(phqTrend.points[1]).toMatchObject({
        total: 9,
        changeFromBaseline: -7,
        reliableChange: 'improved',
        response: false,
      });
    });

    it('measures a worse first score of the course against the intake score: a reliable deterioration alert', async () => {
      const p = await newPatient();
      await startCourse(p.id, dayFromToday(t.clock, -20));
      await post(p.id, { instrument: 'GAD7', administeredAt: at(25), items: gad(8) }); // 5 days before the start
      const worse = await post(p.id, { instrument: 'GAD7', administeredAt: at(10), items: gad(13) });
      expect(worse.statusCode).toBe(201);
      expect(await alerts(p.id)).toEqual([
        expect.objectContaining({
          kind: 'reliable_deterioration',
          severity: 'warning',
          sourceId: worse.json().id,
          summary: `GAD-7 rose from 8 to 13 (moderate) on ${spokenDate(at(10))}, a reliable deterioration`,
        }),
      ]);
    });
  });

  it.each([
    [9, 3, false],
    [10, 3, true],
  ])(
    'a PHQ-9 baseline of %i falling to %i is remission: %p (case level ≥ 10 only)',
    async (baseline, current, remission) => {
      const p = await newPatient();
      await post(p.id, { instrument: 'PHQ9', administeredAt: at(60), items: phq(baseline) });
      await post(p.id, { instrument: 'PHQ9', administeredAt: at(10), items: phq(current) });
      const points = (await trend(p.id, 'PHQ9')).points;
      expect(points[1]).toMatchObject({ total: current, remission, response: true });
    },
  );

  describe('C-SSRS screener, version 2', () => {
    it.each([
      [[f, f, f, f, f, f, f], 'none', [], []],
      [[y, f, f, f, f, f, f], 'low', ['cssrs_low_risk'], [['cssrs_low_risk', 'warning']]],
      [[y, y, f, f, f, f, f], 'low', ['cssrs_low_risk'], [['cssrs_low_risk', 'warning']]],
      [[y, y, y, f, f, f, f], 'moderate', ['cssrs_moderate_risk'], [['cssrs_moderate_risk', 'warning']]],
      [[f, f, f, f, f, y, f], 'moderate', ['cssrs_moderate_risk'], [['cssrs_moderate_risk', 'warning']]],
      [[y, y, f, y, f, f, f], 'high', ['cssrs_high_risk'], [['cssrs_high_risk', 'urgent']]],
      [[y, y, y, y, y, f, f], 'high', ['cssrs_high_risk'], [['cssrs_high_risk', 'urgent']]],
      [[f, f, f, f, f, y, y], 'high', ['cssrs_high_risk'], [['cssrs_high_risk', 'urgent']]],
    ])('%p → %s, flags %p, alerts %p', async (items, severity, flags, raised) => {
      const p = await newPatient();
      const response = await post(p.id, { instrument: 'CSSRS_SCREEN', administeredAt: at(1), items });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ items, total: null, severity, flags });
      expect((await alerts(p.id)).map((a) => [a.kind, a.severity])).toEqual(raised);
      expect((await alerts(p.id)).every((a) => a.sourceId === response.json().id)).toBe(true);
      // The alert says what was answered, with the date, in a sentence a person can act on.
      for (const alert of await alerts(p.id))
        expect(alert.summary).toMatch(
          new RegExp(`^C-SSRS screen on ${spokenDate(at(1))}: ${severity} risk \\(`),
        );
    });

    it.each([
      [
        [y, f, y, f, f, f, f],
        'items[2]',
        'item 3 is inconsistent: it is only asked when item 2 is yes; send false when item 2 is no',
      ],
      [
        [y, f, f, y, f, f, f],
        'items[3]',
        'item 4 is inconsistent: it is only asked when item 2 is yes; send false when item 2 is no',
      ],
      [
        [y, f, f, f, y, f, f],
        'items[4]',
        'item 5 is inconsistent: it is only asked when item 2 is yes; send false when item 2 is no',
      ],
      [
        [y, y, f, f, f, f, y],
        'items[6]',
        'item 7 is inconsistent: it is only asked when item 6 is yes; send false when item 6 is no',
      ],
      [[f, f, f, f, f, f], 'items', 'must have exactly 7 answers for CSSRS_SCREEN (got 6)'],
    ])('refuses %p with 400 naming %s, storing nothing', async (items, field, problem) => {
      const p = await newPatient();
      const response = await post(p.id, { instrument: 'CSSRS_SCREEN', administeredAt: at(1), items });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: 'validation_failed', details: [{ field, problem }] });
      expect(
        (await db.query(`SELECT count(*)::int AS n FROM outcome WHERE patient_id = $1`, [p.id]))[0].n,
      ).toBe(0);
    });

    it('keeps a stored version-1 screen (6 answers) readable as it was, and trends it beside version 2 as a risk list', async () => {
      const p = await newPatient();
      // A screen stored before version 2, exactly as the earlier code wrote it.
      const [{ id: v1 }] = await db.query(
        `INSERT INTO outcome (patient_id, instrument, instrument_version, administered_at, items, total, severity, flags, source, entered_by, created_at)
         VALUES ($1, 'CSSRS_SCREEN', $2, $3, $4, NULL, 'high', '["cssrs_high_risk"]', 'clinician', $5, $3) RETURNING id`,
        [p.id, CSSRS_VERSION_1, at(40), JSON.stringify([f, f, f, f, f, y]), world.therapist.id],
      );
      const v2 = await post(p.id, {
        instrument: 'CSSRS_SCREEN',
        administeredAt: at(3),
        items: [y, f, f, f, f, f, f],
      });
      expect(v2.statusCode).toBe(201);

      const listed = (
        await t.app.inject({
          method: 'GET',
          url: `/api/patients/${p.id}/outcomes?instrument=CSSRS_SCREEN`,
          cookies: as(world.therapist),
        })
      ).json();
      expect(listed.items[1]).toMatchObject({
        id: v1,
        instrumentVersion: CSSRS_VERSION_1,
        items: [f, f, f, f, f, y],
        total: null,
        severity: 'high',
        flags: ['cssrs_high_risk'],
      });

      const screens = await trend(p.id, 'CSSRS_SCREEN');
      expect(screens).toMatchObject({
        instrument: 'CSSRS_SCREEN',
        baseline: null,
        reliableChangeThreshold: null,
      });
      expect(screens.points).toEqual([
        {
          outcomeId: v1,
          administeredAt: at(40),
          total: null,
          severity: 'high',
          changeFromBaseline: null,
          reliableChange: 'none',
          response: false,
          remission: false,
          source: 'clinician',
        },
        {
          outcomeId: v2.json().id,
          administeredAt: at(3),
          total: null,
          severity: 'low',
          changeFromBaseline: null,
          reliableChange: 'none',
          response: false,
          remission: false,
          source: 'clinician',
        },
      ]);
    });
  });

  describe('PEG', () => {
    it('is listed with its source, stores the mean with one decimal and trends it without bands', async () => {
      const instruments = (
        await t.app.inject({ method: 'GET', url: '/api/instruments', cookies: as(world.therapist) })
      ).json();
      const peg = instruments.find((i: { code: string }) => i.code === 'PEG');
      expect(peg).toMatchObject({
        range: { min: 0, max: 10 },
        bands: [],
        reliableChange: null,
        totalDecimals: 1,
        source: expect.stringContaining('Krebs'),
      });
      expect(peg.items).toEqual([
        expect.objectContaining({ min: 0, max: 10 }),
        expect.objectContaining({ min: 0, max: 10 }),
        expect.objectContaining({ min: 0, max: 10 }),
      ]);

      const p = await newPatient();
      const first = await post(p.id, { instrument: 'PEG', administeredAt: at(60), items: [7, 6, 7] });
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ instrument: 'PEG', total: 6.7, severity: null, flags: [] });
      expect((await db.query(`SELECT total FROM outcome WHERE id = $1`, [first.json().id]))[0].total).toBe(
        6.7,
      );
      await post(p.id, { instrument: 'PEG', administeredAt: at(30), items: [5, 4, 5] });
      await post(p.id, { instrument: 'PEG', administeredAt: at(5), items: [4, 4, 5] });
      expect(
        (await post(p.id, { instrument: 'PEG', administeredAt: at(1), items: [4, 11, 4] })).json().details,
      ).toEqual([{ field: 'items[1]', problem: 'item 2 must be a whole number from 0 to 10' }]);

      const pegTrend = await trend(p.id, 'PEG');
      expect(pegTrend.reliableChangeThreshold).toBeNull();
      expect(pegTrend.baseline).toMatchObject({ outcomeId: first.json().id, total: 6.7 });
      expect(
        pegTrend.points.map(
          (pt: {
            total: number;
            severity: string | null;
            changeFromBaseline: number;
            response: boolean;
            remission: boolean;
          }) => [pt.total, pt.severity, pt.changeFromBaseline, pt.response, pt.remission],
        ),
      ).toEqual([
        [6.7, null, 0, false, false],
        [4.7, null, -2, false, false],
        [4.3, null, -2.4, true, false],
      ]);
    });
  });

  it('trends the CGI-I without a change from baseline (its rating is a change already), keeping its response', async () => {
    const p = await createPatient(t.app, as(world.therapist));
    expect((await post(p.id, { instrument: 'CGI_I', administeredAt: at(20), items: [4] })).statusCode).toBe(
      201,
    );
    expect((await post(p.id, { instrument: 'CGI_I', administeredAt: at(5), items: [2] })).statusCode).toBe(
      201,
    );
    const cgi = await trend(p.id, 'CGI_I');
    expect(
      cgi.points.map((point: { total: number; changeFromBaseline: number | null; response: boolean }) => [
        point.total,
        point.changeFromBaseline,
        point.response,
      ]),
    ).toEqual([
      [4, null, false],
      [2, null, true],
    ]);
  });

  it('names each overdue measure of the course on the dashboard: the GAD-7 after 30 days without a score', async () => {
    const p = await newPatient();
    await startCourse(p.id, dayFromToday(t.clock, -20));
    await post(p.id, { instrument: 'PHQ9', administeredAt: at(5), items: phq(12) }); // recent: not overdue
    const gadScore = await post(p.id, { instrument: 'GAD7', administeredAt: at(40), items: gad(9) }); // intake window, now 40 days old
    await post(p.id, { instrument: 'PCL5', administeredAt: at(80), items: Array(20).fill(0) }); // before the intake window: not used
    await post(p.id, { instrument: 'CGI_I', administeredAt: at(45), items: [3] }); // given at reviews: never overdue
    expect(gadScore.statusCode).toBe(201);

    const dashboard = (
      await t.app.inject({ method: 'GET', url: '/api/dashboard', cookies: as(world.therapist) })
    ).json();
    const mine = dashboard.items.find((i: { patientId: string }) => i.patientId === p.id);
    const overdue = mine.reasons.filter((r: { code: string }) => r.code === 'measure_overdue');
    expect(overdue).toEqual([
      {
        code: 'measure_overdue',
        severity: 'info',
        since: new Date(Date.parse(gadScore.json().administeredAt) + 30 * DAY).toISOString(),
        instrument: 'GAD7',
      },
    ]);
    // Other reasons keep exactly their fields.
    for (const reason of mine.reasons.filter((r: { code: string }) => r.code !== 'measure_overdue')) {
      expect(Object.keys(reason).sort()).toEqual(['code', 'severity', 'since']);
    }
  });
});
