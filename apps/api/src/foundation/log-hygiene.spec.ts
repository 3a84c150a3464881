import { dayFromToday, cookiesOf, createCareWorld, linkTeam, type CareWorld } from '../testing/care-world';
import { createTestApp, type TestApp } from '../testing/test-app';

/** R23: structured logs carry request ids and never a patient's name, whatever the flow. */
describe('logs hold no patient names (R23)', () => {
  const lines: string[] = [];
  let t: TestApp;
  let world: CareWorld;
  const NAME = { givenName: 'Quillonia', familyName: 'Vexmarrow' };

  beforeAll(async () => {
    t = await createTestApp({
      logLevel: 'trace',
      logStream: { write: (line: string) => void lines.push(line) },
    });
    world = await createCareWorld(t.app);
  });
  afterAll(() => t.close());

  it('drives a patient through the main flows and finds the name nowhere in the log', async () => {
    const cookies = cookiesOf(world, world.therapist);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/patients',
      cookies,
      payload: { ...NAME, dateOfBirth: '1984-02-29', conditions: ['ptsd'], email: 'quillonia@example.test' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    await linkTeam(t.app, cookies, id, world.teamId, {
      signedOn: dayFromToday(t.clock, -1),
      expiresOn: dayFromToday(t.clock, 200),
    });
    const calls = [
      t.app.inject({ method: 'GET', url: `/api/patients?q=${NAME.givenName}`, cookies }),
      t.app.inject({
        method: 'GET',
        url: `/api/patients/${id}`,
        cookies: cookiesOf(world, world.prescriber),
      }),
      t.app.inject({
        method: 'PATCH',
        url: `/api/patients/${id}`,
        cookies,
        headers: { 'if-match': '"1"' },
        payload: { preferredName: `${NAME.givenName}ie` },
      }),
      t.app.inject({
        method: 'POST',
        url: '/api/patients',
        cookies,
        payload: { ...NAME, dateOfBirth: 'not a date', conditions: [] },
      }),
      t.app.inject({
        method: 'POST',
        url: `/api/patients/${id}/outcomes`,
        cookies,
        payload: {
          instrument: 'PHQ9',
          administeredAt: t.clock.now().toISOString(),
          items: [1, 1, 1, 1, 1, 1, 1, 1, 2],
        },
      }),
      t.app.inject({ method: 'GET', url: `/api/alerts`, cookies }),
      t.app.inject({ method: 'GET', url: `/api/patients/${id}/outcomes/trend?instrument=PHQ9`, cookies }),
      t.app.inject({
        method: 'POST',
        url: '/api/patients',
        cookies,
        headers: { 'content-type': 'application/json' },
        payload: `{"givenName":"${NAME.givenName}",`,
      }),
    ];
    const responses = await Promise.all(calls);
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses).toEqual([200, 200, 200, 400, 201, 200, 200, 400]);

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    // Every answer's request id is in the log, so support can find a request from what a person saw.
    for (const response of responses) expect(log).toContain(`"id":"${response.headers['x-request-id']}"`);
    expect(log).not.toMatch(new RegExp(`${NAME.givenName}|${NAME.familyName}|quillonia@`, 'i'));
    expect(log).not.toContain('kap_session=');
  });
});
