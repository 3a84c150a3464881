import { HttpException } from '@nestjs/common';
import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { NotFound, TooManyAttempts, ValidationFailed } from '@kap/shared/domain';
import { loadConfig } from '../config/app-config';
import { HttpErrorFilter } from './http-error-filter';

function run(exception: unknown) {
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  const request = { id: 'req-1', method: 'POST', url: '/api/things?q=secret' };
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }) };
  const filter = new HttpErrorFilter(loadConfig({ WEB_DIST_DIR: '/nonexistent', LOG_LEVEL: 'silent' }));
  jest
    .spyOn((filter as unknown as { logger: { error: () => void } }).logger, 'error')
    .mockImplementation(() => undefined);
  filter.catch(exception, host as never);
  return sent;
}

describe('HttpErrorFilter', () => {
  it('answers an unknown failure with a generic 500: no stack, SQL or class name', () => {
    const sent = run(
      new TypeError("SELECT * FROM patient WHERE name = 'Jane Doe' failed in PatientRepository"),
    );
    expect(sent.status).toBe(500);
    expect(sent.body).toEqual({
      error: 'internal_error',
      message: expect.stringContaining('Nothing was saved'),
      requestId: 'req-1',
    });
    expect(JSON.stringify(sent.body)).not.toMatch(/SELECT|Jane|TypeError|Repository|at /);
  });

  it.each([
    [
      new ValidationFailed([{ field: 'items[3]', problem: 'must be a whole number from 0 to 3' }]),
      400,
      'validation_failed',
    ],
    [new NotFound(), 404, 'not_found'],
    [new HttpException('Request body is too large', 413), 413, 'payload_too_large'],
    [
      new HttpException("Body is not valid JSON but content-type is set to 'application/json'", 400),
      400,
      'invalid_json',
    ],
    [
      Object.assign(new Error('invalid byte sequence'), { driverError: { code: '22021' } }),
      400,
      'validation_failed',
    ],
    [Object.assign(new Error('terminating connection'), { code: '57P01' }), 503, 'service_unavailable'],
    // The connection died between two queries of a transaction (database restarted mid-request).
    [new QueryRunnerProviderAlreadyReleasedError(), 503, 'service_unavailable'],
    [new QueryRunnerAlreadyReleasedError(), 503, 'service_unavailable'],
    // The socket to the database was reset under a statement sent straight through the pool
    // (found by tools/faults after AutocommitQueries: answered 500 during a restart).
    [
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' }),
      503,
      'service_unavailable',
    ],
    [
      Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32, syscall: 'write' }),
      503,
      'service_unavailable',
    ],
  ])('maps %p to %i %s', (exception, status, code) => {
    const sent = run(exception);
    expect(sent.status).toBe(status);
    expect(sent.body).toMatchObject({ error: code, requestId: 'req-1' });
  });

  it('tells a throttled client when to come back', () => {
    const sent = run(new TooManyAttempts(120));
    expect(sent.status).toBe(429);
    expect(sent.headers['retry-after']).toBe('120');
  });
});
