import Fastify from 'fastify';
import { AppLogger, createAppLogs, logRequests } from './app-log';

function capture(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const logs = createAppLogs(level, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { lines, logs, logger: new AppLogger(logs.app) };
}

describe('AppLogger (Nest logger on pino)', () => {
  it.each([
    [
      'a message and the class name',
      (l: AppLogger) => l.log('Started', 'DemoSeed'),
      { level: 30, msg: 'Started', context: 'DemoSeed' },
    ],
    [
      'a warning',
      (l: AppLogger) => l.warn('Web files are served uncompressed', 'HttpApp'),
      { level: 40, msg: 'Web files are served uncompressed', context: 'HttpApp' },
    ],
    [
      'a structured entry first, then the message',
      (l: AppLogger) => l.error({ requestId: 'r-1', code: 'x' }, 'Request failed', 'HttpErrorFilter'),
      { level: 50, msg: 'Request failed', context: 'HttpErrorFilter', requestId: 'r-1', code: 'x' },
    ],
    [
      'an Error as the message',
      (l: AppLogger) => l.error(new Error('boom'), 'Worker'),
      { level: 50, msg: 'boom', context: 'Worker' },
    ],
    ['no class name', (l: AppLogger) => l.log('plain'), { level: 30, msg: 'plain' }],
  ])('writes %s', (_case, write, expected) => {
    const { lines, logger } = capture();
    write(logger);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject(expected);
  });

  it('keeps an Error whole under err (type, message, stack)', () => {
    const { lines, logger } = capture();
    logger.error(new Error('boom'), 'Worker');
    expect(lines[0]['err']).toMatchObject({
      type: 'Error',
      message: 'boom',
      stack: expect.stringContaining('boom'),
    });
  });

  it('drops what is below the level, and redacts a password in an application entry', () => {
    const { lines, logger } = capture('warn');
    logger.log('not written');
    logger.debug('not written');
    logger.warn({ password: 'hunter2', user: { password: 'x' } }, 'odd entry');
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0])).not.toContain('hunter2');
    expect(lines[0]).toMatchObject({ password: '[REDACTED]', user: { password: '[REDACTED]' } });
  });
});

describe('logRequests (one line per answered request)', () => {
  async function answered(level: string, url: string, status: number) {
    const { lines, logs } = capture(level);
    const app = Fastify({ genReqId: () => 'req-"1"' });
    logRequests(app, logs.requests);
    app.get('/*', async (_request, reply) => reply.code(status).send({ ok: true }));
    await app.inject({ method: 'GET', url });
    await app.close();
    return lines;
  }

  it('writes what pino writes for the same entry, with the path and never the query string', async () => {
    const lines = await answered('info', '/api/patients/ab%22c?q=Quillonia', 200);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toEqual({
      level: 30,
      time: expect.any(Number),
      pid: process.pid,
      hostname: expect.any(String),
      req: { id: 'req-"1"', method: 'GET', path: '/api/patients/ab%22c' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
      msg: 'request completed',
    });
    // The same fields in the same order as pino's own line for that entry.
    const { lines: pinoLines, logs } = capture('info');
    logs.requests.info(
      { req: line['req'], res: line['res'], responseTime: line['responseTime'] },
      'request completed',
    );
    expect(Object.keys(line)).toEqual(Object.keys(pinoLines[0]));
    expect(JSON.stringify(line)).not.toContain('Quillonia');
  });

  it('writes a server error at level error, and nothing below the level', async () => {
    expect((await answered('info', '/x', 503))[0]).toMatchObject({ level: 50, res: { statusCode: 503 } });
    expect(await answered('warn', '/x', 200)).toHaveLength(0);
    expect(await answered('warn', '/x', 500)).toHaveLength(1);
  });
});
