import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { testIp } from './fixtures';

/**
 * A suite's call to its app: `inject(method, url, cookies, payload, ip)`, each from a fresh address
 * unless one is given, so per-IP throttling never couples two tests. The app is looked up at each
 * call: suites create it in `beforeAll`.
 */
export function injectorFor(app: () => NestFastifyApplication) {
  return (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    cookies?: Record<string, string>,
    payload?: object,
    ip = testIp(),
  ) => app().inject({ method, url, cookies, payload, remoteAddress: ip });
}
