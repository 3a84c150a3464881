import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger as Pino } from 'pino';

/** The process's pino loggers (see `AppLogs`). */
export const APP_LOG = Symbol('APP_LOG');

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Two pino loggers on one destination: `app` behind Nest's logger, with redaction in case a
 * feature logs an object that holds a secret; `requests` for the one line per request, which is
 * built field by field here and holds none, so it skips redaction (which walked every line).
 */
export interface AppLogs {
  app: Pino;
  requests: Pino;
}

export function createAppLogs(level: string, stream?: { write(line: string): void }): AppLogs {
  // Asynchronous: lines written while a write is in flight go out together in the next one, so
  // a busy API makes one write per batch, not one per request. A kill -9 can lose the last
  // lines (less than a millisecond's worth); a normal exit flushes them.
  const destination = stream ?? pino.destination({ dest: 1, sync: false });
  return {
    app: pino(
      {
        level,
        redact: {
          paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'password', '*.password'],
          censor: '[REDACTED]',
        },
      },
      destination,
    ),
    requests: pino({ level }, destination),
  };
}

/**
 * Nest's `LoggerService` on top of pino. Nest passes the logging class's name last; an object
 * first is a structured entry (`logger.error({ requestId, err }, 'Request failed')`).
 */
export class AppLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: Level, message: unknown, rest: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const params = [...rest];
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    if (message instanceof Error) {
      this.pino[level]({ context, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      const [text, ...more] = params;
      this.pino[level]({ context, ...(message as object) }, typeof text === 'string' ? text : '', ...more);
    } else {
      this.pino[level]({ context }, String(message), ...params);
    }
  }
}

/**
 * One line per answered request: request id, method, path (never the query string, which can
 * carry search text such as a patient's name), status and time. A Fastify hook instead of an
 * Express-style middleware: the middleware path (pino-http through @fastify/middie plus an
 * AsyncLocalStorage context per request) was the largest cost of a request in the benchmark.
 */
export function logRequests(fastify: FastifyInstance, log: Pino): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const level = reply.statusCode >= 500 ? 'error' : 'info';
    if (log.isLevelEnabled(level)) {
      const query = request.url.indexOf('?');
      log[level](
        {
          req: { id: request.id, method: request.method, path: query === -1 ? request.url : request.url.slice(0, query) },
          res: { statusCode: reply.statusCode },
          responseTime: Math.round(reply.elapsedTime),
        },
        'request completed',
      );
    }
    done();
  });
}
