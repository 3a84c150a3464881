import { DataSource } from 'typeorm';
import { createOrganization, signIn, type Person } from '../testing/fixtures';
import { createTestApp, type TestApp } from '../testing/test-app';

describe('shared HTTP mechanisms on a real route (/api/users)', () => {
  let t: TestApp;
  let admin: Person;
  let therapist: Person;
  let cookies: Record<string, string>;
  const memberCount = async (organizationId: string) =>
    (
      await t.app
        .get(DataSource)
        .query(`SELECT count(*)::int AS n FROM app_user WHERE organization_id = $1`, [organizationId])
    )[0].n;
  const newMember = (suffix: string) => ({
    email: `new-${suffix}-${Date.now()}@test.kap`,
    displayName: 'New Therapist',
    role: 'therapist',
    password: 'a long enough password',
  });

  beforeAll(async () => {
    t = await createTestApp();
    ({
      people: [admin, therapist],
    } = await createOrganization(t.app, 'practice', ['practice_admin', 'therapist']));
    cookies = await signIn(t.app, admin.email);
  });
  afterAll(() => t.close());

  describe('If-Match / ETag (R13)', () => {
    it('answers GET with an ETag, requires If-Match (428), refuses a stale one (412) and accepts the current one', async () => {
      const read = await t.app.inject({ method: 'GET', url: `/api/users/${therapist.id}`, cookies });
      expect(read.statusCode).toBe(200);
      const version = read.json().version;
      expect(read.headers.etag).toBe(`"${version}"`);

      const missing = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${therapist.id}`,
        cookies,
        payload: { displayName: 'X' },
      });
      expect(missing.statusCode).toBe(428);
      expect(missing.json().error).toBe('precondition_required');

      const ok = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${therapist.id}`,
        cookies,
        headers: { 'if-match': `"${version}"` },
        payload: { displayName: 'Renamed Therapist' },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ displayName: 'Renamed Therapist', version: version + 1 });
      expect(ok.headers.etag).toBe(`"${version + 1}"`);

      const stale = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${therapist.id}`,
        cookies,
        headers: { 'if-match': `"${version}"` },
        payload: { displayName: 'Lost Update' },
      });
      expect(stale.statusCode).toBe(412);
      expect(stale.json()).toMatchObject({
        error: 'version_conflict',
        details: { displayName: 'Renamed Therapist', version: version + 1 },
      });
      const [row] = await t.app
        .get(DataSource)
        .query(`SELECT display_name FROM app_user WHERE id = $1`, [therapist.id]);
      expect(row.display_name).toBe('Renamed Therapist');
    });

    it('lets exactly one of two concurrent updates with the same version win', async () => {
      const version = (
        await t.app.inject({ method: 'GET', url: `/api/users/${therapist.id}`, cookies })
      ).json().version;
      const update = (name: string) =>
        t.app.inject({
          method: 'PATCH',
          url: `/api/users/${therapist.id}`,
          cookies,
          headers: { 'if-match': `"${version}"` },
          payload: { displayName: name },
        });
      const results = await Promise.all([update('Winner A'), update('Winner B')]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412]);
      const winner = results.find((r) => r.statusCode === 200)!.json().displayName;
      const [row] = await t.app
        .get(DataSource)
        .query(`SELECT display_name, version FROM app_user WHERE id = $1`, [therapist.id]);
      expect(row).toEqual({ display_name: winner, version: version + 1 });
    });
  });

  describe('Idempotency-Key (R15)', () => {
    it('replays the first answer for the same key and body, and refuses the key with another body', async () => {
      const body = newMember('idem');
      const before = await memberCount(admin.organizationId);
      const post = (payload: object) =>
        t.app.inject({
          method: 'POST',
          url: '/api/users',
          cookies,
          headers: { 'idempotency-key': 'key-1-' + body.email },
          payload,
        });
      const first = await post(body);
      const again = await post(body);
      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(201);
      expect(again.json()).toEqual(first.json());
      expect(await memberCount(admin.organizationId)).toBe(before + 1);
      const other = await post({ ...body, displayName: 'Someone Else' });
      expect(other.statusCode).toBe(422);
      expect(other.json().error).toBe('idempotency_key_reused');
      expect(await memberCount(admin.organizationId)).toBe(before + 1);
    });

    it('creates one row for 10 identical concurrent requests', async () => {
      const body = newMember('burst');
      const before = await memberCount(admin.organizationId);
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          t.app.inject({
            method: 'POST',
            url: '/api/users',
            cookies,
            headers: { 'idempotency-key': 'burst-' + body.email },
            payload: body,
          }),
        ),
      );
      expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(201));
      expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
      expect(await memberCount(admin.organizationId)).toBe(before + 1);
    });
  });

  describe('paging', () => {
    it('pages with a stable keyset cursor while rows are added', async () => {
      const {
        people: [pageAdmin],
      } = await createOrganization(t.app, 'practice', ['practice_admin']);
      const pageCookies = await signIn(t.app, pageAdmin.email);
      for (let i = 0; i < 4; i++) {
        await t.app.inject({
          method: 'POST',
          url: '/api/users',
          cookies: pageCookies,
          payload: newMember(`page${i}`),
        });
      }
      const first = await t.app.inject({ method: 'GET', url: '/api/users?limit=2', cookies: pageCookies });
      expect(first.json().items).toHaveLength(2);
      expect(first.json().nextCursor).toEqual(expect.any(String));
      t.clock.advance(1000);
      await t.app.inject({
        method: 'POST',
        url: '/api/users',
        cookies: pageCookies,
        payload: newMember('late'),
      });
      const seen: string[] = first.json().items.map((m: { id: string }) => m.id);
      let cursor = first.json().nextCursor;
      while (cursor) {
        const page = await t.app.inject({
          method: 'GET',
          url: `/api/users?limit=2&cursor=${cursor}`,
          cookies: pageCookies,
        });
        expect(page.statusCode).toBe(200);
        seen.push(...page.json().items.map((m: { id: string }) => m.id));
        cursor = page.json().nextCursor;
      }
      expect(seen).toHaveLength(6);
      expect(new Set(seen).size).toBe(6);
    });

    it.each([
      ['limit=201', 'limit'],
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
    ])('refuses ?%s with 400 naming %s', async (query, field) => {
      const response = await t.app.inject({ method: 'GET', url: `/api/users?${query}`, cookies });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        error: 'validation_failed',
        details: [expect.objectContaining({ field })],
      });
    });
  });

  describe('hostile input (R6, R7, R22): a 4xx and nothing stored', () => {
    const cases: [
      string,
      () => { payload: string | object; headers?: Record<string, string> },
      number,
      string,
    ][] = [
      [
        'malformed JSON',
        () => ({ payload: '{"email": ', headers: { 'content-type': 'application/json' } }),
        400,
        'invalid_json',
      ],
      [
        'an unknown field',
        () => ({ payload: { ...newMember('x1'), ownerId: 'me' } }),
        400,
        'validation_failed',
      ],
      [
        'a role field for mass assignment',
        () => ({ payload: { ...newMember('x2'), version: 9 } }),
        400,
        'validation_failed',
      ],
      [
        'a NUL byte',
        () => ({ payload: { ...newMember('x3'), displayName: 'Dana\u0000' } }),
        400,
        'validation_failed',
      ],
      [
        'a lone surrogate',
        () => ({ payload: { ...newMember('x4'), displayName: 'Dana \ud800' } }),
        400,
        'validation_failed',
      ],
      [
        '__proto__',
        () => ({
          payload: `{"email":"a@b.co","__proto__":{"polluted":true}}`,
          headers: { 'content-type': 'application/json' },
        }),
        400,
        'invalid_json',
      ],
      [
        'constructor.prototype',
        () => ({
          payload: `{"email":"a@b.co","constructor":{"prototype":{"polluted":true}}}`,
          headers: { 'content-type': 'application/json' },
        }),
        400,
        'invalid_json',
      ],
      [
        'a body over 1 MiB',
        () => ({ payload: { ...newMember('x5'), displayName: 'x'.repeat(1_100_000) } }),
        413,
        'payload_too_large',
      ],
      [
        'a wrong type',
        () => ({ payload: { ...newMember('x6'), displayName: 42 } }),
        400,
        'validation_failed',
      ],
      [
        'XML',
        () => ({ payload: '<user/>', headers: { 'content-type': 'application/xml' } }),
        415,
        'unsupported_media_type',
      ],
    ];

    it.each(cases)('%s', async (_name, make, status, code) => {
      const before = await memberCount(admin.organizationId);
      const { payload, headers } = make();
      const response = await t.app.inject({ method: 'POST', url: '/api/users', cookies, headers, payload });
      expect(response.statusCode).toBe(status);
      expect(response.json()).toEqual(
        expect.objectContaining({ error: code, message: expect.any(String), requestId: expect.any(String) }),
      );
      expect(await memberCount(admin.organizationId)).toBe(before);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });

    it('names the field and a sentence for a person in validation details', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        cookies,
        payload: { ...newMember('x7'), password: 'short' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().details).toEqual([
        { field: 'password', problem: 'must be at least 12 characters' },
      ]);
    });

    it('stores SQL-looking text literally', async () => {
      const sneaky = `Robert'); DROP TABLE app_user;--`;
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        cookies,
        payload: { ...newMember('sql'), displayName: sneaky },
      });
      expect(response.statusCode).toBe(201);
      const [row] = await t.app
        .get(DataSource)
        .query(`SELECT display_name FROM app_user WHERE id = $1`, [response.json().id]);
      expect(row.display_name).toBe(sneaky);
    });
  });

  describe('roles and records', () => {
    it("forbids a therapist from the admin routes (403) and hides other organizations' people (404)", async () => {
      const therapistCookies = await signIn(t.app, therapist.email);
      const forbidden = await t.app.inject({ method: 'GET', url: '/api/users', cookies: therapistCookies });
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json().error).toBe('forbidden');
      const {
        people: [stranger],
      } = await createOrganization(t.app, 'practice', ['therapist']);
      const foreign = await t.app.inject({ method: 'GET', url: `/api/users/${stranger.id}`, cookies });
      const missing = await t.app.inject({
        method: 'GET',
        url: `/api/users/0b4a1c35-5b9e-4a57-8d4e-3f1c2b6a7d90`,
        cookies,
      });
      const garbage = await t.app.inject({ method: 'GET', url: `/api/users/not-a-uuid`, cookies });
      for (const r of [foreign, missing, garbage]) expect(r.statusCode).toBe(404);
      const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
      expect(strip(foreign.json())).toEqual(strip(missing.json()));
      expect(strip(garbage.json())).toEqual(strip(missing.json()));
    });

    it('refuses a role that does not fit the organization and a taken email', async () => {
      const wrongRole = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        cookies,
        payload: { ...newMember('role'), role: 'prescriber' },
      });
      expect(wrongRole.statusCode).toBe(400);
      expect(wrongRole.json().details[0].field).toBe('role');
      const taken = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        cookies,
        payload: { ...newMember('taken'), email: therapist.email },
      });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().error).toBe('email_taken');
    });

    it('deactivating a member revokes their sessions at once', async () => {
      const {
        people: [a, member],
      } = await createOrganization(t.app, 'practice', ['practice_admin', 'therapist']);
      const adminCookies = await signIn(t.app, a.email);
      const memberCookies = await signIn(t.app, member.email);
      const version = (
        await t.app.inject({ method: 'GET', url: `/api/users/${member.id}`, cookies: adminCookies })
      ).json().version;
      const off = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${member.id}`,
        cookies: adminCookies,
        headers: { 'if-match': `"${version}"` },
        payload: { active: false },
      });
      expect(off.statusCode).toBe(200);
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/auth/me', cookies: memberCookies })).statusCode,
      ).toBe(401);
    });
  });

  it('answers 30 concurrent reads without a failure (the embedded server included)', async () => {
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.app.inject({
          method: 'GET',
          url: i % 2 ? `/api/users/${therapist.id}` : '/api/users?limit=5',
          cookies,
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(30).fill(200));
  });

  describe('headers (R24)', () => {
    it('sends security headers, no-store and a request id on API answers, and no wildcard CORS', async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        cookies,
        headers: { origin: 'https://evil.example' },
      });
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['strict-transport-security']).toContain('max-age=');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['x-request-id']).toEqual(expect.any(String));
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      // A JSON answer may load nothing and be framed by nothing.
      expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    });

    it("sends helmet's full set on pages (the API docs), and an ETag only on a versioned record", async () => {
      const docs = await t.app.inject({ method: 'GET', url: '/api/docs' });
      expect(docs.statusCode).toBe(200);
      expect(docs.headers['content-type']).toContain('text/html');
      expect(docs.headers['content-security-policy']).toContain("script-src 'self'");
      expect(docs.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(docs.headers['x-content-type-options']).toBe('nosniff');
      expect(docs.headers['strict-transport-security']).toContain('max-age=');

      const member = await t.app.inject({ method: 'GET', url: `/api/users/${therapist.id}`, cookies });
      expect(member.headers['etag']).toBe(`"${member.json().version}"`);
      const list = await t.app.inject({ method: 'GET', url: '/api/users?limit=5', cookies });
      expect(list.statusCode).toBe(200);
      expect(list.headers['etag']).toBeUndefined();
    });

    it('keeps a well-formed client request id and replaces a malformed one', async () => {
      const kept = await t.app.inject({
        method: 'GET',
        url: '/api/health',
        headers: { 'x-request-id': 'client-req-12345' },
      });
      expect(kept.headers['x-request-id']).toBe('client-req-12345');
      const replaced = await t.app.inject({
        method: 'GET',
        url: '/api/health',
        headers: { 'x-request-id': 'bad id\nwith newline' },
      });
      // A fresh UUID replaces it (a hex UUID may itself contain "bad", so check the shape).
      expect(replaced.headers['x-request-id']).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
    });
  });
});
