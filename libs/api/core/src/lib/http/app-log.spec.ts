import { AppLogger, createAppLogs } from './app-log';

function capture(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const logs = createAppLogs(level, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { lines, logs, logger: new AppLogger(logs.app) };
}

describe('AppLogger (Nest logger on pino)', () => {
  it.each([
    ['a message and the class name', (l: AppLogger) => l.log('Started', 'DemoSeed'), { level: 30, msg: 'Started', context: 'DemoSeed' }],
    ['a warning', (l: AppLogger) => l.warn('Web files are served uncompressed', 'HttpApp'), { level: 40, msg: 'Web files are served uncompressed', context: 'HttpApp' }],
    [
      'a structured entry first, then the message',
      (l: AppLogger) => l.error({ requestId: 'r-1', code: 'x' }, 'Request failed', 'HttpErrorFilter'),
      { level: 50, msg: 'Request failed', context: 'HttpErrorFilter', requestId: 'r-1', code: 'x' },
    ],
    ['an Error as the message', (l: AppLogger) => l.error(new Error('boom'), 'Worker'), { level: 50, msg: 'boom', context: 'Worker' }],
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
    expect(lines[0]['err']).toMatchObject({ type: 'Error', message: 'boom', stack: expect.stringContaining('boom') });
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
