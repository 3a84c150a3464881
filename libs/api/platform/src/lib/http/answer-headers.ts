import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * A request's id: the client's own `x-request-id` when it looks like one (so logs cannot be forged
 * through it), a random UUID otherwise.
 */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * The security headers and `x-request-id` on every answer. Computed once (the headers never vary).
 * Pages (the web app, the API docs) get helmet's full set; JSON answers get the set OWASP's REST
 * cheat sheet lists for APIs, which is all a browser acts on for a JSON body. Fewer, shorter headers
 * are a measurable share of a short request (P8 in docs/performance.md); @fastify/helmet even rebuilt its
 * middleware per request. Exported for the benchmark's P2 reference (tools/bench), which must pay
 * exactly what the API pays.
 */
export function addAnswerHeaders(fastify: FastifyInstance): void {
  const pageHeaders = helmetHeaders();
  fastify.addHook('onRequest', (request, reply, done) => {
    const api = request.url.startsWith('/api/') && !request.url.startsWith('/api/docs');
    void reply.headers(api ? API_HEADERS : pageHeaders);
    void reply.header('x-request-id', request.id);
    done();
  });
}

/** Security headers of a JSON answer: nothing may frame, sniff, cache or embed it elsewhere. */
const API_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** The headers helmet sets, read off a stand-in response (helmet only calls setHeader/removeHeader). */
function helmetHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'frame-ancestors': ["'none'"],
        'img-src': ["'self'", 'data:'],
        // The app is often reached over plain HTTP on a LAN name; upgrading would break it there.
        'upgrade-insecure-requests': null,
      },
    },
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
    frameguard: { action: 'deny' },
  })({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}
