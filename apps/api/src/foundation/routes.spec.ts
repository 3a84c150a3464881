import { routeTable } from '@kap/api/platform';
import { createTestApp, type TestApp } from '../testing/test-app';

/**
 * The only routes reachable without a session. Adding one here is a security decision. The second
 * sign-in step is one: it needs the challenge the correct password answered (docs/decisions/0006-mfa.md).
 * The patient's questionnaire link is another: its token is the credential (decision 0015), and
 * so is a password reset link's (issue 22, finding 10).
 */
const PUBLIC_ROUTES = [
  'GET /api/health',
  'POST /api/auth/login',
  'POST /api/auth/mfa/verify',
  'POST /api/auth/password-reset',
  'GET /api/q/:token',
  'POST /api/q/:token',
];
const DOCS = /^\/api\/docs/;

describe('deny by default (R1)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('answers 401 on every API route without a session, except the allow-list', async () => {
    const routes = routeTable(t.app).filter(
      (r) => r.url.startsWith('/api') && !DOCS.test(r.url) && r.method !== 'HEAD',
    );
    expect(routes.length).toBeGreaterThan(5);
    const open: string[] = [];
    for (const route of routes) {
      const url = route.url.replace(/:[A-Za-z]+/g, '3f0e6a50-8f5b-4a57-9a3c-0d7f6b1c2e11');
      const response = await t.app.inject({
        method: route.method as 'GET',
        url,
        payload: route.method === 'GET' ? undefined : {},
      });
      if (response.statusCode !== 401) open.push(`${route.method} ${route.url}`);
      else
        expect(response.json()).toEqual({
          error: 'unauthenticated',
          message: 'Please sign in.',
          requestId: expect.any(String),
        });
    }
    expect(open.sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('serves the OpenAPI document publicly', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/docs-json' });
    expect(response.statusCode).toBe(200);
    expect(Object.keys(response.json().paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/users/{id}']),
    );
  });

  it('answers an unknown API path with the JSON 404 shape', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'not_found', requestId: expect.any(String) });
  });
});
