import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger as Pino } from 'pino';
import { stdoutLogWriter } from './batched-log-writer';

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
  // Batched (see BatchedLogWriter): a busy API makes one write per 32 kB of lines, and lines go out
  // at least once a second and at exit, so the request line stays a small share of a short request
  // (P8 in docs/performance.md).
  const destination = stream ?? stdoutLogWriter();
  return {
    app: pino(
      {
        level,
        redact: {
          paths: [
            'req.headers.authorization',
            'req.headers.cookie',
            'res.headers["set-cookie"]',
            'password',
            '*.password',
          ],
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
    const context =
      params.length > 0 && typeof params[params.length - 1] === 'string'
        ? (params.pop() as string)
        : undefined;
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
 *
 * The line is the JSON pino writes for `log.info({ req, res, responseTime }, 'request completed')`,
 * put together here: only the path can hold characters JSON must escape (the id is the server's
 * own or a client's checked one, the method a token Node's parser accepted), so one
 * `JSON.stringify` of the path replaces pino's walk over three objects.
 */
export function logRequests(fastify: FastifyInstance, log: Pino): void {
  const internals = log as unknown as Record<symbol, unknown>;
  const stream = internals[pino.symbols.streamSym] as { write(line: string): void };
  // `,"pid":…,"hostname":"…"`, as pino puts it after the time.
  const bindings = internals[pino.symbols.chindingsSym] as string;
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const level = status >= 500 ? 50 : 30;
    if (log.levelVal <= level) {
      const url = request.url;
      const query = url.indexOf('?');
      stream.write(
        `{"level":${level},"time":${Date.now()}${bindings},"req":{"id":${JSON.stringify(String(request.id))},"method":"${request.method}",` +
          `"path":${JSON.stringify(query === -1 ? url : url.slice(0, query))}},"res":{"statusCode":${status}},` +
          `"responseTime":${Math.round(reply.elapsedTime)},"msg":"request completed"}\n`,
      );
    }
    done();
  });
}
