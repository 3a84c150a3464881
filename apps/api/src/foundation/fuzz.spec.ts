import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { routeTable } from '@kap/api/platform';
import { cookiesOf, createCareWorld, createPatient, dayFromToday, linkTeam } from '../testing/care-world';
import { testIp } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

/** Tables that a refused request may still touch by design (audit of the refusal, throttling). */
const BOOKKEEPING = new Set([
  'audit_event',
  'login_failure',
  'idempotency_key',
  'auth_session',
  'migrations',
]);

const hostileText = fc.oneof(
  fc.string(),
  fc.constantFrom(
    'a\u0000b',
    'lone \ud800',
    '\udc00',
    "Robert'); DROP TABLE patient;--",
    '${7*7}',
    '<script>x</script>',
  ),
  fc.string({ minLength: 5000, maxLength: 20000 }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileText,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string(), fc.constantFrom('ownerId', 'role', 'version', 'signedAt', 'id', 'patientId')),
      tie('value'),
      { maxKeys: 4 },
    ),
  ),
})).value;
/** Plausible field names so that validation gets past "unknown field" sometimes and deeper code runs. */
const fieldNames = fc.constantFrom(
  'email',
  'password',
  'displayName',
  'role',
  'givenName',
  'familyName',
  'dateOfBirth',
  'conditions',
  'reason',
  'medicalTeamId',
  'releaseOfInformation',
  'indication',
  'startedOn',
  'phase',
  'asOf',
  'eligibility',
  'instrument',
  'administeredAt',
  'items',
  'action',
  'kind',
  'occurredAt',
  'durationMinutes',
  'setting',
  'dosing',
  'body',
  'shareWithMedicalTeam',
  'ownerId',
  'version',
  'signedAt',
);
const hostileBody = fc.oneof(
  fc.dictionary(fieldNames, hostileValue, { maxKeys: 8 }).map((b) => JSON.stringify(b)),
  hostileValue.map((v) => JSON.stringify(v) ?? 'null'),
  fc.constantFrom(
    '{"__proto__":{"polluted":1}}',
    '{"constructor":{"prototype":{"polluted":1}}}',
    '{"a":',
    '[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]',
    '',
  ),
);

describe('fuzzing every write route in-process (R6, R7, R22)', () => {
  let t: TestApp;
  let db: DataSource;
  let ids: Record<string, string>;
  let cookies: Record<string, string>;
  let practiceId: string;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    const world = await createCareWorld(t.app);
    cookies = cookiesOf(world, world.therapist);
    practiceId = world.practiceId;
    const patient = await createPatient(t.app, cookies);
    await linkTeam(t.app, cookies, patient.id, world.teamId, {
      signedOn: dayFromToday(t.clock, -1),
      expiresOn: dayFromToday(t.clock, 100),
    });
    ids = { id: patient.id };
  });
  afterAll(() => t.close());

  /**
   * Rows that belong to this suite's own practice and patient. Other suites write to the same
   * database at the same time (two workers on PostgreSQL), so a global count would race; every
   * hostile request here acts as this practice's therapist, so any stray write would land here.
   */
  const rowCounts = async (): Promise<number> => {
    const tables: { table_name: string }[] = await db.query(
      `SELECT c.table_name FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
        WHERE c.table_schema = 'public' AND c.column_name = 'patient_id' AND t.table_type = 'BASE TABLE'`,
    );
    let total = 0;
    for (const { table_name } of tables.filter((x) => !BOOKKEEPING.has(x.table_name))) {
      total += (
        await db.query(`SELECT count(*)::int AS n FROM "${table_name}" WHERE patient_id = $1`, [ids['id']])
      )[0].n;
    }
    const [own] = await db.query(
      `SELECT (SELECT count(*)::int FROM patient WHERE practice_id = $1) + (SELECT count(*)::int FROM app_user WHERE organization_id = $1) AS n`,
      [practiceId],
    );
    return total + own.n;
  };

  /**
   * The property for one route: below 500, the error shape on a 4xx with nothing stored, and the
   * process not polluted. Fixed seed, so a failure replays.
   */
  const holdsUnderHostileBodies = (
    route: { method: string; url: string },
    request: { url: string; headers: Record<string, string>; remoteAddress?: () => string },
  ) =>
    fc.assert(
      fc.asyncProperty(hostileBody, async (payload) => {
        const before = await rowCounts();
        const response = await t.app.inject({
          method: route.method as 'POST',
          url: request.url,
          cookies,
          headers: request.headers,
          remoteAddress: request.remoteAddress?.(),
          payload,
        });
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode >= 400) {
          expect(response.json()).toEqual(
            expect.objectContaining({
              error: expect.any(String),
              message: expect.any(String),
              requestId: expect.any(String),
            }),
          );
          expect(await rowCounts()).toBe(before);
        }
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }),
      { numRuns: 25, seed: 20261125 },
    );

  it('never answers 5xx, always answers the error shape, and stores nothing on a 4xx', async () => {
    const writes = routeTable(t.app).filter(
      (r) =>
        ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) &&
        r.url.startsWith('/api') &&
        !r.url.startsWith('/api/auth'),
    );
    expect(writes.length).toBeGreaterThan(15);
    for (const route of writes) {
      await holdsUnderHostileBodies(route, {
        url: route.url.replace(/:[A-Za-z]+/g, (param) => ids[param.slice(1)] ?? ids['id']),
        headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      });
    }
    // 25 hostile bodies for each of 40-odd write routes: more than the minute a test usually gets.
  }, 180_000);

  it('holds the same on the sign-in routes (password, code step, sign-in security), each request from its own address', async () => {
    // Sign-out is left out: it would end the session the other routes are fuzzed with.
    const signInRoutes = routeTable(t.app).filter(
      (r) =>
        ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) &&
        r.url.startsWith('/api/auth') &&
        r.url !== '/api/auth/logout',
    );
    expect(signInRoutes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['POST /api/auth/login', 'POST /api/auth/mfa/verify']),
    );
    for (const route of signInRoutes) {
      await holdsUnderHostileBodies(route, {
        url: route.url,
        headers: { 'content-type': 'application/json' },
        remoteAddress: testIp,
      });
    }
  });
});
