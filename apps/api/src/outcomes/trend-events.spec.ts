import { DataSource } from 'typeorm';
import type { OutcomeTrend, Patient } from '@kap/shared/contracts';
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

/** What the trend marks beside the scores: dosing sessions among the course starts and medical updates. */
describe('trend events through the API', () => {
  let t: TestApp;
  let db: DataSource;
  let world: CareWorld;
  let patient: Patient;
  let courseId: string;
  const as = (person: Person) => cookiesOf(world, person);
  const ago = (days: number) => new Date(t.clock.now().getTime() - days * DAY).toISOString();
  const reading = (phase: 'pre' | 'post', at: string) => ({
    at,
    phase,
    systolic: 124,
    diastolic: 80,
    heartRate: 74,
    spo2: 98,
  });
  const dose = (occurredAt: string, doseMg: number) =>
    t.app.inject({
      method: 'POST',
      url: `/api/patients/${patient.id}/sessions`,
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
          doseMg,
          vitals: [reading('pre', occurredAt), reading('post', occurredAt)],
          adverseEvents: [],
        },
      },
    });
  const trendAs = async (person: Person): Promise<OutcomeTrend> => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/patients/${patient.id}/outcomes/trend?instrument=PHQ9`,
      cookies: as(person),
    });
    expect(response.statusCode).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    world = await createCareWorld(t.app);
    patient = await createPatient(t.app, as(world.therapist), { givenName: 'Ilse', familyName: 'Trend' });
    await linkTeam(t.app, as(world.therapist), patient.id, world.teamId, {
      signedOn: dayFromToday(t.clock, -30),
      expiresOn: dayFromToday(t.clock, 300),
    });
    const course = await t.app.inject({
      method: 'POST',
      url: `/api/patients/${patient.id}/courses`,
      cookies: as(world.therapist),
      payload: { indication: 'depression', startedOn: dayFromToday(t.clock, -20), phase: 'dosing' },
    });
    expect(course.statusCode).toBe(201);
    courseId = course.json().id;
  });
  afterAll(() => t.close());

  it('marks each dosing session at its time with its dose, leaves archived ones out, and tells nothing more to the medical team', async () => {
    const first = await dose(ago(14), 150);
    expect(first.statusCode).toBe(201);
    const second = await dose(ago(7), 162.5);
    expect(second.statusCode).toBe(201);
    const archived = await dose(ago(3), 200);
    expect(archived.statusCode).toBe(201);
    await db.query(
      `UPDATE therapy_session SET archived_at = now(), archived_by = $2, archive_reason = 'Logged twice' WHERE id = $1`,
      [archived.json().id, world.therapist.id],
    );

    const trend = await trendAs(world.therapist);
    const startedOn = dayFromToday(t.clock, -20);
    expect(trend.events).toEqual([
      { at: `${startedOn}T00:00:00.000Z`, kind: 'course_start', label: 'Course started' },
      { at: ago(14), kind: 'dosing', label: 'Dose 150 mg' },
      { at: ago(7), kind: 'dosing', label: 'Dose 162.5 mg' },
    ]);
    // The prescriber's view of the chart: the same marks, each only a time, a kind and a label.
    const seen = await trendAs(world.prescriber);
    expect(seen.events).toEqual(trend.events);
    expect(seen.events.every((event) => Object.keys(event).sort().join() === 'at,kind,label')).toBe(true);
  });

  it('says who gave each score, so patient-reported points can be marked', async () => {
    const items = [1, 1, 1, 1, 1, 1, 1, 0, 0];
    const post = (body: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/patients/${patient.id}/outcomes`,
        cookies: as(world.therapist),
        payload: { instrument: 'PHQ9', items, ...body },
      });
    expect((await post({ administeredAt: ago(19) })).statusCode).toBe(201);
    expect((await post({ administeredAt: ago(5), source: 'patient' })).statusCode).toBe(201);
    const trend = await trendAs(world.therapist);
    expect(trend.points.map((point) => point.source)).toEqual(['clinician', 'patient']);
    expect(trend.baseline?.source).toBe('clinician');
  });
});
