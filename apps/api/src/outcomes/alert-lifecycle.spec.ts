import { DataSource } from 'typeorm';
import { AlertEscalationJob, alertEscalatesAtSql } from '@kap/api/outcomes';
import type { Alert, DashboardItem, Page } from '@kap/shared/contracts';
import {
  createCareWorld,
  createPatient,
  dayFromToday,
  linkTeam,
  type CareWorld,
} from '../testing/care-world';
import { signIn, type Person } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LIMITS = { systolicMax: 160, diastolicMax: 100, heartRateMax: 120 };

/**
 * The alert lifecycle (issue 19, docs/api.md "Alerts"): each side of the care team
 * acknowledges for itself, a source edited after acknowledgement raises a new alert, urgent alerts
 * escalate by the injected clock, and a patient with open alerts is not archived.
 */
describe('alert lifecycle', () => {
  let t: TestApp;
  let db: DataSource;
  let world: CareWorld;
  let job: AlertEscalationJob;
  const cookies = new Map<string, Record<string, string>>();
  const as = (person: Person) => cookies.get(person.id)!;
  const everyone = () => [
    world.therapist,
    world.admin,
    world.prescriber,
    world.coordinator,
    world.expiredPrescriber,
  ];
  /** Moves the clock and signs everyone in again (a session idle for hours has ended). */
  const moveClock = async (ms: number) => {
    t.clock.advance(ms);
    for (const person of everyone()) cookies.set(person.id, await signIn(t.app, person.email));
  };
  const release = () => ({ signedOn: dayFromToday(t.clock, -10), expiresOn: dayFromToday(t.clock, 300) });

  const linkedPatient = async (teamId = world.teamId, valid = true) => {
    const patient = await createPatient(t.app, as(world.therapist));
    await linkTeam(
      t.app,
      as(world.therapist),
      patient.id,
      teamId,
      valid ? release() : { signedOn: dayFromToday(t.clock, -400), expiresOn: dayFromToday(t.clock, -1) },
    );
    return patient.id;
  };
  /** A PHQ-9 with item 9 above 0: one urgent alert. */
  const urgentAlert = async (patientId: string): Promise<Alert> => {
    const score = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/outcomes`,
      cookies: as(world.therapist),
      payload: {
        instrument: 'PHQ9',
        administeredAt: t.clock.now().toISOString(),
        items: [1, 1, 1, 1, 1, 1, 1, 1, 1],
      },
    });
    expect(score.statusCode).toBe(201);
    const [alert] = await alerts(world.therapist, `patientId=${patientId}`);
    return alert;
  };
  const alerts = async (person: Person, query = ''): Promise<Alert[]> => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/alerts?limit=200&${query}`,
      cookies: as(person),
    });
    expect(response.statusCode).toBe(200);
    return response.json().items;
  };
  const ack = (person: Person, alertId: string, action?: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/alerts/${alertId}/acknowledge`,
      cookies: as(person),
      payload: action === undefined ? {} : { action },
    });
  const dashboard = async (person: Person): Promise<DashboardItem[]> => {
    const response = await t.app.inject({ method: 'GET', url: '/api/dashboard', cookies: as(person) });
    expect(response.statusCode).toBe(200);
    return response.json().items;
  };
  const reasonsOf = async (person: Person, patientId: string) =>
    ((await dashboard(person)).find((item) => item.patientId === patientId)?.reasons ?? []).map(
      (r) => r.code,
    );
  const escalatedEvents = async (patientId: string) =>
    (
      await db.query(
        `SELECT count(*)::int AS n FROM webhook_event WHERE type = 'alert.escalated' AND patient_id = $1`,
        [patientId],
      )
    )[0].n;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    job = t.app.get(AlertEscalationJob);
    world = await createCareWorld(t.app);
    for (const person of everyone()) cookies.set(person.id, world.cookies.get(person.id)!);
    // The team's system listens for webhooks (nobody answers on port 9; the worker is off in tests).
    const hook = await t.app.inject({
      method: 'POST',
      url: '/api/webhooks',
      cookies: as(world.coordinator),
      payload: { url: 'http://127.0.0.1:9/kap-lifecycle' },
    });
    expect(hook.statusCode).toBe(201);
  });
  afterAll(() => t.close());

  it("pages the team's open alerts by cursor in the order of one long page, each with its acknowledgements", async () => {
    for (let i = 0; i < 3; i++) {
      const alert = await urgentAlert(await linkedPatient());
      if (i === 1) expect((await ack(world.therapist, alert.id, 'Called the patient.')).statusCode).toBe(200);
    }
    const whole = await alerts(world.prescriber, 'status=open');
    expect(whole.length).toBeGreaterThanOrEqual(3);
    expect(whole.some((a) => a.acknowledgements.some((k) => k.side === 'practice'))).toBe(true);
    const paged: Alert[] = [];
    let cursor: string | null = null;
    do {
      const url = `/api/alerts?status=open&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await t.app.inject({ method: 'GET', url, cookies: as(world.prescriber) });
      expect(response.statusCode).toBe(200);
      const page: Page<Alert> = response.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(whole);
  });

  it('stays open for the prescriber after the therapist acknowledges; closes for each side on its own acknowledgement', async () => {
    const patientId = await linkedPatient();
    const alert = await urgentAlert(patientId);
    expect(alert).toMatchObject({
      status: 'open',
      acknowledgements: [],
      awaiting: ['practice', 'medical_team'],
      escalated: false,
      summary: expect.stringContaining('PHQ-9'),
    });

    const byTherapist = await ack(world.therapist, alert.id, 'Called the patient; safety plan reviewed.');
    expect(byTherapist.statusCode).toBe(200);
    expect(byTherapist.json()).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: { id: world.therapist.id },
      action: 'Called the patient; safety plan reviewed.',
      acknowledgements: [
        {
          side: 'practice',
          by: { id: world.therapist.id, displayName: expect.any(String) },
          at: expect.any(String),
          action: 'Called the patient; safety plan reviewed.',
        },
      ],
    });

    // The prescriber's side has not acknowledged: open on their list and their dashboard, with the practice's acknowledgement shown.
    const theirs = (await alerts(world.prescriber, 'status=open')).find((a) => a.id === alert.id);
    expect(theirs).toMatchObject({
      status: 'open',
      acknowledgedAt: null,
      acknowledgedBy: null,
      action: null,
    });
    expect(theirs!.acknowledgements).toHaveLength(1);
    expect(theirs!.awaiting).toEqual(['medical_team']);
    expect(await reasonsOf(world.prescriber, patientId)).toContain('open_alert');
    expect(await reasonsOf(world.therapist, patientId)).not.toContain('open_alert');
    expect((await alerts(world.therapist, `status=open&patientId=${patientId}`)).map((a) => a.id)).toEqual(
      [],
    );
    expect(
      (await alerts(world.therapist, `status=acknowledged&patientId=${patientId}`)).map((a) => a.id),
    ).toEqual([alert.id]);

    // Twice on one side → 409; a practice admin is on neither side → 403.
    const again = await ack(world.therapist, alert.id, 'again');
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe('conflict');
    const admin = await ack(world.admin, alert.id, 'Admin');
    expect(admin.statusCode).toBe(403);
    expect(admin.json().error).toBe('forbidden');

    t.clock.advance(MINUTE);
    const byPrescriber = await ack(
      world.prescriber,
      alert.id,
      'Reviewed at the team huddle; follow-up moved up.',
    );
    expect(byPrescriber.statusCode).toBe(200);
    expect(byPrescriber.json()).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: { id: world.prescriber.id },
    });
    expect(byPrescriber.json().acknowledgements.map((k: { side: string }) => k.side)).toEqual([
      'practice',
      'medical_team',
    ]);
    expect(byPrescriber.json().awaiting).toEqual([]);
    expect((await ack(world.coordinator, alert.id, 'also')).statusCode).toBe(409);
    for (const person of [world.therapist, world.prescriber]) {
      expect(
        (await alerts(person, `status=acknowledged&patientId=${patientId}`)).map((a) => a.status),
      ).toEqual(['acknowledged']);
      expect(await reasonsOf(person, patientId)).not.toContain('open_alert');
    }
    // Acknowledgements are kept as written.
    await expect(
      db.query(`UPDATE alert_acknowledgement SET action = 'x' WHERE alert_id = $1`, [alert.id]),
    ).rejects.toThrow(/never changed/);
  });

  it('without a valid release the team cannot acknowledge, and the practice acknowledgement closes the alert', async () => {
    const patientId = await linkedPatient(world.expiredTeamId, false);
    const alert = await urgentAlert(patientId);
    expect(alert.awaiting).toEqual(['practice']);
    expect((await ack(world.expiredPrescriber, alert.id, 'Seen')).statusCode).toBe(404);
    const byTherapist = await ack(world.therapist, alert.id, 'Called the patient.');
    expect(byTherapist.statusCode).toBe(200);
    expect(byTherapist.json().awaiting).toEqual([]);
    expect(await alerts(world.therapist, `status=open&patientId=${patientId}`)).toEqual([]);
    expect(await reasonsOf(world.therapist, patientId)).not.toContain('open_alert');
    // Nor does the team's side count for escalation without a valid release.
    await moveClock(5 * HOUR);
    expect((await alerts(world.therapist, `patientId=${patientId}`))[0]).toMatchObject({
      id: alert.id,
      escalated: false,
    });
    expect(await reasonsOf(world.therapist, patientId)).toEqual([]);
    await moveClock(-5 * HOUR);
  });

  describe('the escalation rule, case by case (one SQL definition behind the list, the dashboards and the job)', () => {
    type Case = {
      severity: 'urgent' | 'warning';
      ageMinutes: number;
      release: 'valid' | 'expired' | 'none';
      acknowledgedBy: ('practice' | 'medical_team')[];
      teamHours?: number;
      escalated: boolean;
    };
    const cases: [string, Case][] = [
      [
        'urgent, 3 h 59 min, nobody acknowledged',
        { severity: 'urgent', ageMinutes: 239, release: 'valid', acknowledgedBy: [], escalated: false },
      ],
      [
        'urgent, exactly 4 h: not yet',
        { severity: 'urgent', ageMinutes: 240, release: 'valid', acknowledgedBy: [], escalated: false },
      ],
      [
        'urgent, 4 h 1 min, nobody acknowledged',
        { severity: 'urgent', ageMinutes: 241, release: 'valid', acknowledgedBy: [], escalated: true },
      ],
      [
        'warning, 10 h: warnings never escalate',
        { severity: 'warning', ageMinutes: 600, release: 'valid', acknowledgedBy: [], escalated: false },
      ],
      [
        'urgent, 5 h, the practice acknowledged, the team did not',
        {
          severity: 'urgent',
          ageMinutes: 300,
          release: 'valid',
          acknowledgedBy: ['practice'],
          escalated: true,
        },
      ],
      [
        'urgent, 5 h, the team acknowledged, the practice did not',
        {
          severity: 'urgent',
          ageMinutes: 300,
          release: 'valid',
          acknowledgedBy: ['medical_team'],
          escalated: true,
        },
      ],
      [
        'urgent, 5 h, both acknowledged',
        {
          severity: 'urgent',
          ageMinutes: 300,
          release: 'valid',
          acknowledgedBy: ['practice', 'medical_team'],
          escalated: false,
        },
      ],
      [
        'urgent, 5 h, practice acknowledged, release expired: the team does not count',
        {
          severity: 'urgent',
          ageMinutes: 300,
          release: 'expired',
          acknowledgedBy: ['practice'],
          escalated: false,
        },
      ],
      [
        'urgent, 5 h, practice acknowledged, no team linked',
        {
          severity: 'urgent',
          ageMinutes: 300,
          release: 'none',
          acknowledgedBy: ['practice'],
          escalated: false,
        },
      ],
      [
        'urgent, 1 h 1 min, a team that escalates after 1 h',
        {
          severity: 'urgent',
          ageMinutes: 61,
          release: 'valid',
          acknowledgedBy: ['practice'],
          teamHours: 1,
          escalated: true,
        },
      ],
      [
        'urgent, 59 min, a team that escalates after 1 h',
        {
          severity: 'urgent',
          ageMinutes: 59,
          release: 'valid',
          acknowledgedBy: ['practice'],
          teamHours: 1,
          escalated: false,
        },
      ],
    ];

    it.each(cases)('%s', async (_name, c) => {
      const patientId =
        c.release === 'none'
          ? (await createPatient(t.app, as(world.therapist))).id
          : await linkedPatient(
              c.release === 'valid' ? world.teamId : world.expiredTeamId,
              c.release === 'valid',
            );
      const now = t.clock.now();
      const [{ id }] = await db.query(
        `INSERT INTO alert (patient_id, kind, severity, source_type, source_id, created_at, summary)
         VALUES ($1, 'suicidality_item_positive', $2, 'rule', gen_random_uuid(), $3, 'Escalation case') RETURNING id`,
        [patientId, c.severity, new Date(now.getTime() - c.ageMinutes * MINUTE)],
      );
      for (const side of c.acknowledgedBy) {
        const by = side === 'practice' ? world.therapist.id : world.prescriber.id;
        await db.query(
          `INSERT INTO alert_acknowledgement (alert_id, side, acknowledged_by, acknowledged_at, action) VALUES ($1, $2, $3, $4, 'Seen')`,
          [id, side, by, now],
        );
      }
      const teamHours = c.teamHours ?? 4;
      // Only the team's own setting changes; it is put back before the next case.
      await db.query(`UPDATE organization SET escalate_after_hours = $2 WHERE id = $1`, [
        world.teamId,
        teamHours,
      ]);
      try {
        const [row] = await db.query(
          `SELECT coalesce(${alertEscalatesAtSql('$2')} < $3::timestamptz, false) AS escalated
             FROM alert a JOIN patient p ON p.id = a.patient_id
             LEFT JOIN care_team_link link ON link.patient_id = p.id AND link.replaced_at IS NULL
            WHERE a.id = $1`,
          [id, dayFromToday(t.clock, 0), now],
        );
        expect(row.escalated).toBe(c.escalated);
      } finally {
        await db.query(`UPDATE organization SET escalate_after_hours = 4 WHERE id = $1`, [world.teamId]);
        // Closed on both sides, so that the case never leads a dashboard in the tests after it.
        for (const [side, by] of [
          ['practice', world.therapist.id],
          ['medical_team', world.prescriber.id],
        ]) {
          await db.query(
            `INSERT INTO alert_acknowledgement (alert_id, side, acknowledged_by, acknowledged_at, action)
             VALUES ($1, $2, $3, $4, 'Closed by the test') ON CONFLICT DO NOTHING`,
            [id, side, by, now],
          );
        }
      }
    });
  });

  it('escalates an urgent alert after 4 hours by the clock: first on both dashboards, one webhook event', async () => {
    // Back in time first, so that the job (which looks at the whole database) finds only this
    // alert old enough, not those other suites are raising right now.
    await moveClock(-5 * HOUR);
    const patientId = await linkedPatient();
    // An urgent update on another patient, older: without escalation it would lead the therapist's list.
    const other = await linkedPatient();
    const update = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${other}/status-updates`,
      cookies: as(world.prescriber),
      payload: { kind: 'general', urgency: 'urgent', body: 'Please call us.' },
    });
    expect(update.statusCode).toBe(201);
    await moveClock(5 * MINUTE);
    const alert = await urgentAlert(patientId);

    await moveClock(4 * HOUR);
    expect((await alerts(world.therapist, `patientId=${patientId}`))[0].escalated).toBe(false);
    expect(await job.escalateDue()).toBeGreaterThanOrEqual(0);
    expect(await escalatedEvents(patientId)).toBe(0);

    await moveClock(MINUTE);
    for (const person of [world.therapist, world.prescriber]) {
      expect((await alerts(person, `patientId=${patientId}`))[0]).toMatchObject({
        id: alert.id,
        escalated: true,
        status: 'open',
      });
      const [first] = await dashboard(person);
      expect(first.patientId).toBe(patientId);
      expect(first.reasons[0]).toMatchObject({ code: 'alert_escalated', severity: 'urgent' });
    }

    await job.escalateDue();
    await job.escalateDue();
    expect(await escalatedEvents(patientId)).toBe(1);
    const [event] = await db.query(
      `SELECT body FROM webhook_event WHERE type = 'alert.escalated' AND patient_id = $1`,
      [patientId],
    );
    expect(JSON.parse(event.body)).toMatchObject({
      type: 'alert.escalated',
      patientId,
      data: { alertId: alert.id, kind: 'suicidality_item_positive' },
    });

    // The practice acknowledges: the team has still left it too long, so it stays escalated for both.
    expect((await ack(world.therapist, alert.id, 'Called the patient.')).statusCode).toBe(200);
    expect((await alerts(world.therapist, `patientId=${patientId}`))[0].escalated).toBe(true);
    expect(await reasonsOf(world.therapist, patientId)).toEqual(['alert_escalated']);
    expect((await ack(world.prescriber, alert.id, 'Reviewed.')).statusCode).toBe(200);
    expect((await alerts(world.prescriber, `patientId=${patientId}`))[0].escalated).toBe(false);
    expect(await reasonsOf(world.prescriber, patientId)).not.toContain('alert_escalated');
    await job.escalateDue();
    expect(await escalatedEvents(patientId)).toBe(1);
  });

  it('reads and sets escalateAfterHours per organization; a shorter setting escalates sooner', async () => {
    const get = await t.app.inject({ method: 'GET', url: '/api/organization', cookies: as(world.therapist) });
    expect(get.statusCode).toBe(200);
    expect(get.json()).toMatchObject({
      id: world.practiceId,
      name: expect.any(String),
      kind: 'practice',
      escalateAfterHours: 4,
    });
    const patch = (person: Person, payload: object) =>
      t.app.inject({ method: 'PATCH', url: '/api/organization', cookies: as(person), payload });
    expect((await patch(world.therapist, { escalateAfterHours: 2 })).statusCode).toBe(403);
    for (const bad of [0, 169, 2.5, '2']) {
      const refused = await patch(world.admin, { escalateAfterHours: bad });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().details).toEqual([
        { field: 'escalateAfterHours', problem: 'must be a whole number of hours from 1 to 168' },
      ]);
    }
    const team = await patch(world.coordinator, { escalateAfterHours: 24 });
    expect(team.statusCode).toBe(200);
    expect(team.json()).toMatchObject({ id: world.teamId, kind: 'medical_team', escalateAfterHours: 24 });
    const set = await patch(world.admin, { escalateAfterHours: 1 });
    expect(set.json()).toMatchObject({ id: world.practiceId, escalateAfterHours: 1 });

    const patientId = await linkedPatient();
    const alert = await urgentAlert(patientId);
    await moveClock(HOUR);
    expect((await alerts(world.prescriber, `patientId=${patientId}`))[0].escalated).toBe(false);
    await moveClock(MINUTE);
    // The practice's hour has passed (the team has 24): escalated for both sides to see.
    expect((await alerts(world.prescriber, `patientId=${patientId}`))[0]).toMatchObject({
      id: alert.id,
      escalated: true,
    });
    // Once the practice acknowledges, only the team's 24 hours count.
    expect((await ack(world.therapist, alert.id, 'Called the patient.')).statusCode).toBe(200);
    expect((await alerts(world.prescriber, `patientId=${patientId}`))[0].escalated).toBe(false);
    await patch(world.admin, { escalateAfterHours: 4 });
    await patch(world.coordinator, { escalateAfterHours: 4 });
  });

  it('raises a new alert when a session is changed after its alert was acknowledged, and only then', async () => {
    const patientId = await linkedPatient();
    const status = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/medical-status`,
      cookies: as(world.prescriber),
      payload: {
        asOf: new Date(t.clock.now().getTime() - 30 * 24 * HOUR).toISOString(),
        eligibility: 'eligible',
        prescription: { status: 'active', route: 'sublingual' },
      },
    });
    expect(status.statusCode).toBe(201);
    const course = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/courses`,
      cookies: as(world.therapist),
      payload: {
        indication: 'depression',
        startedOn: dayFromToday(t.clock, -20),
        dosePlan: { route: 'sublingual' },
        vitalsLimits: LIMITS,
      },
    });
    expect(course.statusCode).toBe(201);
    const at = (hoursAgo: number) => new Date(t.clock.now().getTime() - hoursAgo * HOUR).toISOString();
    const reading = (phase: string, systolic: number) => ({
      at: at(2),
      phase,
      systolic,
      diastolic: 80,
      heartRate: 74,
      spo2: 98,
    });
    const session = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/sessions`,
      cookies: as(world.therapist),
      payload: {
        kind: 'dosing',
        occurredAt: at(2),
        durationMinutes: 150,
        setting: 'in_person',
        courseId: course.json().id,
        dosing: {
          route: 'sublingual',
          doseLabel: 'full_dissociative',
          doseMg: 200,
          vitals: [reading('pre', 172), reading('post', 124)],
          adverseEvents: [],
        },
      },
    });
    expect(session.statusCode).toBe(201);
    expect(session.json().warnings).toContain('vitals_out_of_range');
    const vitals = async () =>
      (await alerts(world.therapist, `patientId=${patientId}`)).filter(
        (a) => a.kind === 'vitals_out_of_range',
      );
    const [first] = await vitals();
    expect(first).toMatchObject({
      severity: 'warning',
      sourceType: 'session',
      sourceId: session.json().id,
      status: 'open',
    });
    expect((await ack(world.therapist, first.id)).statusCode).toBe(200);

    const change = (version: number, durationMinutes: number) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/sessions/${session.json().id}`,
        cookies: as(world.therapist),
        payload: { durationMinutes },
        headers: { 'if-match': `"${version}"` },
      });
    expect((await change(1, 160)).statusCode).toBe(200);
    const afterEdit = await vitals();
    expect(afterEdit).toHaveLength(2);
    expect(afterEdit.filter((a) => a.status === 'open')).toEqual([
      expect.objectContaining({ sourceId: session.json().id, acknowledgements: [] }),
    ]);
    // Changed again before anyone acknowledged the new one: still the same open alert.
    expect((await change(2, 170)).statusCode).toBe(200);
    expect(await vitals()).toHaveLength(2);
  });

  it('refuses to archive a patient with an open alert (409 open_alerts), and archives after the acknowledgement', async () => {
    const patientId = await linkedPatient();
    const alert = await urgentAlert(patientId);
    const archive = () =>
      t.app.inject({
        method: 'DELETE',
        url: `/api/patients/${patientId}`,
        cookies: as(world.therapist),
        payload: { reason: 'Moved away' },
      });
    const refused = await archive();
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      error: 'open_alerts',
      message: expect.stringMatching(/acknowledge it first/i),
    });
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/patients/${patientId}`, cookies: as(world.therapist) }))
        .statusCode,
    ).toBe(200);
    // The team's side may still have it open: the practice's own acknowledgement is what archiving needs.
    expect((await ack(world.therapist, alert.id, 'Called the patient; referred on.')).statusCode).toBe(200);
    expect((await archive()).statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/patients/${patientId}`, cookies: as(world.therapist) }))
        .statusCode,
    ).toBe(404);
  });
});
