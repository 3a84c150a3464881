/**
 * P2's ceiling on this host: the least a Nest-on-Fastify app can do for an authenticated
 * no-database answer while paying the API's own duties on every request. The duties are the API's
 * own code, not copies: the security headers and `x-request-id` (`addAnswerHeaders`, the same
 * request ids as `requestIdOf`), and the one JSON line per request (`logRequests` into the batched
 * writer on standard output, which the benchmark sends to a file, as it does the API's). The session
 * check is the cheapest one possible: the session cookie read off the header, looked up in a Map,
 * and its role checked, in a synchronous guard, with the actor sent back as `/api/auth/me` sends it.
 *
 * What it shows: when this reference itself sits near or below 0.60 × bare Fastify, P2 is out of
 * reach for any code on this host that keeps those duties (docs/performance.md, session 8).
 * Started as a child process by the benchmark: node -r @swc-node/register nest-duties-hello.ts <port>
 */
import 'reflect-metadata';
import { Controller, Get, Module, Req, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { addAnswerHeaders, requestIdOf } from '../../libs/api/platform/src/lib/http/answer-headers';
import { createAppLogs, logRequests } from '../../libs/api/platform/src/lib/http/app-log';

/** The session cookie the benchmark's requests to this reference carry. */
export const REFERENCE_SESSION_COOKIE = 'kap_session=reference-session';
const SESSIONS = new Map([
  [
    'reference-session',
    {
      id: '00000000-0000-4000-8000-0000000000aa',
      email: 'therapist@demo.test',
      displayName: 'Dana Whitfield, LMFT',
      role: 'therapist',
      organizationId: '00000000-0000-4000-8000-000000000001',
      organizationKind: 'practice',
      organizationTimeZone: 'America/New_York',
    },
  ],
]);

type Actor = NonNullable<ReturnType<typeof SESSIONS.get>>;

class CookieSessionGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    const cookie = request.headers.cookie ?? '';
    const at = cookie.indexOf('kap_session=');
    const actor =
      at === -1 ? undefined : SESSIONS.get(cookie.slice(at + 'kap_session='.length).split(';')[0]);
    if (actor?.role !== 'therapist') return false;
    request.actor = actor;
    return true;
  }
}

// Decorators applied as calls: this file runs without a decorator-aware build.
class MeController {
  me(request: FastifyRequest & { actor?: Actor }): Actor | undefined {
    return request.actor;
  }
}
Req()(MeController.prototype, 'me', 0);
Get('api/auth/me')(
  MeController.prototype,
  'me',
  Object.getOwnPropertyDescriptor(MeController.prototype, 'me') as PropertyDescriptor,
);
Controller()(MeController);
class ReferenceModule {}
Module({ controllers: [MeController] })(ReferenceModule);

async function main(): Promise<void> {
  const adapter = new FastifyAdapter({ skipMiddie: true, requestIdHeader: false, genReqId: requestIdOf });
  const app = await NestFactory.create(ReferenceModule, adapter, { logger: false });
  const fastify = app.getHttpAdapter().getInstance();
  addAnswerHeaders(fastify);
  logRequests(fastify, createAppLogs('info').requests);
  app.useGlobalGuards(new CookieSessionGuard());
  await app.listen(Number(process.argv[2]), '127.0.0.1');
  process.send?.('ready');
}
// Imported by the benchmark for the cookie above; it serves only when started as a script.
if (require.main === module) void main();
