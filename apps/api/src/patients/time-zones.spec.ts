import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createPatient, linkTeam } from '../testing/care-world';
import { createOrganization, signIn } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

/**
 * Issue 19: every date in a rule is a calendar date in the time zone of the patient's practice
 * (docs/requirements.md "Clinic time"), set by the practice admin. Near midnight, New York (UTC−5 in December) and
 * Auckland (UTC+13) sit on either side of UTC's date.
 */
describe('the practice time zone in every date rule', () => {
  let t: TestApp;
  let app: NestFastifyApplication;

  const MINUTE = 60_000;
  /** Moves the injected clock to an instant (back or forth). */
  const setClock = (iso: string) => t.clock.advance(Date.parse(iso) - t.clock.now().getTime());
  const call = async (
    cookies: Record<string, string>,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    expected?: number,
  ) => {
    const response = await app.inject({ method, url, cookies, payload });
    if (expected !== undefined && response.statusCode !== expected)
      throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    return response;
  };

  /** A practice (therapist, admin) in `timeZone` and a medical team, everyone signed in at the clock's now. */
  async function practiceIn(timeZone: string) {
    const practice = await createOrganization(app, 'practice', ['therapist', 'practice_admin']);
    const team = await createOrganization(app, 'medical_team', ['prescriber']);
    const [therapist, admin] = await Promise.all(practice.people.map((person) => signIn(app, person.email)));
    const prescriber = await signIn(app, team.people[0].email);
    await call(admin, 'PATCH', '/api/organization', { timeZone }, 200);
    return { teamId: team.organizationId, therapist, admin, prescriber };
  }

  beforeAll(async () => {
    t = await createTestApp();
    app = t.app;
  });
  afterAll(() => t.close());

  describe('PATCH /api/organization timeZone', () => {
    it('lets the practice admin set an IANA zone, refuses an unknown one naming timeZone, and a therapist (403)', async () => {
      const practice = await createOrganization(app, 'practice', ['therapist', 'practice_admin']);
      const [therapist, admin] = await Promise.all(practice.people.map((p) => signIn(app, p.email)));

      expect((await call(admin, 'GET', '/api/organization', undefined, 200)).json().timeZone).toBe('UTC');
      const set = await call(admin, 'PATCH', '/api/organization', { timeZone: 'America/New_York' }, 200);
      expect(set.json()).toMatchObject({ id: practice.organizationId, timeZone: 'America/New_York' });
      expect((await call(therapist, 'GET', '/api/organization', undefined, 200)).json().timeZone).toBe(
        'America/New_York',
      );

      for (const timeZone of ['Mars/Olympus', '', 'EST5EDT; DROP TABLE organization', 42]) {
        const refused = await call(admin, 'PATCH', '/api/organization', { timeZone });
        expect(refused.statusCode).toBe(400);
        expect(refused.json()).toMatchObject({
          error: 'validation_failed',
          details: [
            { field: 'timeZone', problem: 'must be an IANA time zone name such as America/New_York' },
          ],
        });
      }
      expect(
        (await call(admin, 'PATCH', '/api/organization', { timeZone: 'Pacific/Auckland' }, 200)).json()
          .timeZone,
      ).toBe('Pacific/Auckland');
      expect((await call(therapist, 'PATCH', '/api/organization', { timeZone: 'UTC' })).statusCode).toBe(403);
      // Neither the refused values nor the therapist's attempt were stored.
      expect((await call(admin, 'GET', '/api/organization', undefined, 200)).json().timeZone).toBe(
        'Pacific/Auckland',
      );
    });
  });

  /**
   * `midnight` is the UTC instant of 00:00 on `day` in the zone; `minutes` shifts it. December:
   * New York is UTC−5, Auckland UTC+13 (summer time).
   */
  describe.each([
    {
      timeZone: 'America/New_York',
      day: '2026-12-02',
      next: '2026-12-03',
      midnightOfDay: '2026-12-02T05:00:00.000Z',
      midnightOfNext: '2026-12-03T05:00:00.000Z',
    },
    {
      timeZone: 'Pacific/Auckland',
      day: '2026-12-02',
      next: '2026-12-03',
      midnightOfDay: '2026-12-01T11:00:00.000Z',
      midnightOfNext: '2026-12-02T11:00:00.000Z',
    },
  ])('near midnight in $timeZone', ({ timeZone, day, next, midnightOfDay, midnightOfNext }) => {
    const local = (midnight: string, minutes: number) =>
      new Date(Date.parse(midnight) + minutes * MINUTE).toISOString();

    it('a dose at 23:30 local is due the next local day; integration_due and a follow-up due today turn warning at 00:01 local', async () => {
      setClock(local(midnightOfDay, 23 * 60 + 45));
      const world = await practiceIn(timeZone);
      const patient = await createPatient(app, world.therapist);
      await linkTeam(app, world.therapist, patient.id, world.teamId, {
        signedOn: '2026-10-01',
        expiresOn: '2027-10-01',
      });
      const course = (
        await call(
          world.therapist,
          'POST',
          `/api/patients/${patient.id}/courses`,
          { indication: 'depression', startedOn: '2026-11-20', phase: 'dosing' },
          201,
        )
      ).json();
      // The medical team's follow-up is due today, local.
      await call(
        world.prescriber,
        'POST',
        `/api/patients/${patient.id}/medical-status`,
        { asOf: local(midnightOfDay, 9 * 60), eligibility: 'eligible', nextFollowUpDue: day },
        201,
      );
      const doseAt = local(midnightOfDay, 23 * 60 + 30);
      const dose = (
        await call(
          world.therapist,
          'POST',
          `/api/patients/${patient.id}/sessions`,
          {
            kind: 'dosing',
            occurredAt: doseAt,
            durationMinutes: 120,
            setting: 'in_person',
            courseId: course.id,
            dosing: {
              route: 'sublingual',
              doseLabel: 'full_dissociative',
              doseMg: 200,
              vitals: [{ at: doseAt, phase: 'pre', systolic: 120, diastolic: 80, heartRate: 70 }],
              adverseEvents: [],
            },
          },
          201,
        )
      ).json();
      expect(dose.integrationDueOn).toBe(next);
      expect(
        (await call(world.therapist, 'GET', `/api/sessions/${dose.id}`, undefined, 200)).json()
          .integrationDueOn,
      ).toBe(next);
      const sessions = (
        await call(world.therapist, 'GET', `/api/patients/${patient.id}/sessions`, undefined, 200)
      ).json();
      expect(sessions.items[0].integrationDueOn).toBe(next);

      const reasons = async (cookies: Record<string, string>) => {
        const item = (await call(cookies, 'GET', '/api/dashboard', undefined, 200))
          .json()
          .items.find((i: { patientId: string }) => i.patientId === patient.id);
        return Object.fromEntries(
          item.reasons.map((r: { code: string; severity: string; since: string }) => [
            r.code,
            { severity: r.severity, since: r.since },
          ]),
        );
      };

      // 23:59 local: the follow-up is due today (info); integration is due tomorrow (info).
      t.clock.advance(14 * MINUTE);
      expect(t.clock.now().toISOString()).toBe(local(midnightOfDay, 23 * 60 + 59));
      const before = await reasons(world.therapist);
      expect(before['follow_up_due']).toEqual({ severity: 'info', since: midnightOfDay });
      expect(before['integration_due']).toEqual({ severity: 'info', since: midnightOfNext });
      expect((await reasons(world.prescriber))['follow_up_due']).toEqual({
        severity: 'info',
        since: midnightOfDay,
      });

      // 00:01 the next local day: the follow-up is overdue, integration due today.
      t.clock.advance(2 * MINUTE);
      const after = await reasons(world.therapist);
      expect(after['follow_up_due']).toEqual({ severity: 'warning', since: midnightOfDay });
      expect(after['integration_due']).toEqual({ severity: 'warning', since: midnightOfNext });
      expect((await reasons(world.prescriber))['follow_up_due']).toEqual({
        severity: 'warning',
        since: midnightOfDay,
      });
    });
  });

  it('counts the course start on the practice calendar for the baseline; alert summaries name the local date', async () => {
    setClock('2026-12-03T15:00:00.000Z');
    const world = await practiceIn('America/New_York');
    const patient = await createPatient(app, world.therapist);
    await call(
      world.therapist,
      'POST',
      `/api/patients/${patient.id}/courses`,
      { indication: 'depression', startedOn: '2026-12-03', phase: 'dosing' },
      201,
    );
    const score = async (administeredAt: string, items: number[]) =>
      (
        await call(
          world.therapist,
          'POST',
          `/api/patients/${patient.id}/outcomes`,
          { instrument: 'PHQ9', administeredAt, items },
          201,
        )
      ).json();

    // An intake score 13 days before the start, then one at 23:30 New York on 2 Dec (04:30 UTC on
    // 3 Dec): in UTC it would fall on the start day; in New York it is the latest intake score.
    await score('2026-11-20T15:00:00.000Z', [1, 1, 1, 1, 1, 1, 1, 1, 0]);
    const intake = await score('2026-12-03T04:30:00.000Z', [2, 2, 2, 2, 2, 2, 2, 2, 1]);
    // 00:30 New York on 3 Dec (05:30 UTC): on the start day, after the baseline.
    const onStart = await score('2026-12-03T05:30:00.000Z', [1, 1, 1, 1, 1, 1, 1, 1, 0]);

    const trend = (
      await call(
        world.therapist,
        'GET',
        `/api/patients/${patient.id}/outcomes/trend?instrument=PHQ9`,
        undefined,
        200,
      )
    ).json();
    expect(trend.baseline.outcomeId).toBe(intake.id);
    const point = trend.points.find((p: { outcomeId: string }) => p.outcomeId === onStart.id);
    expect(point.changeFromBaseline).toBe(8 - 17);

    // The item-9 alert names the score's New York date, 2 Dec, not UTC's 3 Dec.
    const alerts = (
      await call(world.therapist, 'GET', `/api/alerts?patientId=${patient.id}`, undefined, 200)
    ).json().items;
    const summary: string = alerts.find(
      (a: { kind: string }) => a.kind === 'suicidality_item_positive',
    ).summary;
    expect(summary).toContain('2 Dec 2026');
    expect(summary).not.toContain('3 Dec 2026');
  });
});
