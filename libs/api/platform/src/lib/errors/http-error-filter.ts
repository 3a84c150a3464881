import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/static'; // reply.sendFile
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { DomainError, TooManyAttempts, type ErrorCode } from '@kap/shared/domain';
import type { ErrorBody } from '@kap/shared/contracts';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { HTTP_STATUS_BY_CODE } from './error-status';

interface Translated {
  status: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
}

const GENERIC_MESSAGES = {
  internal_error:
    'Something went wrong on our side. Nothing was saved. Please try again; if it keeps happening, give this request id to support.',
  service_unavailable:
    'The database is not reachable right now. Nothing was saved. Please try again in a moment.',
  not_found: 'That address does not exist.',
  payload_too_large: 'The request is larger than 1 MiB.',
  unsupported_media_type: 'Send the request body as application/json.',
  invalid_json: 'The request body is not valid JSON.',
} as const satisfies Partial<Record<ErrorCode, string>>;

// PostgreSQL refuses some text the app let through (NUL bytes, broken escapes, a malformed uuid);
// those are the client's input, not our failure.
const INPUT_SQLSTATES = new Set(['22021', '22P05', '22P02', '22001', '22003', '22007', '22008', '54000']);
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08006',
]);

/**
 * Every error leaves the API through here as `{ error, message, requestId, details? }`. Unknown
 * errors are logged in full with the request id and answered generically: no stack, SQL or class
 * name ever reaches a client. Browser deep links that are not API routes get the web app.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');
  private readonly indexHtml: boolean;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.indexHtml = existsSync(join(config.webDistDir, 'index.html'));
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const translated = this.translate(exception, request);

    if (translated.code === 'not_found' && this.shouldServeWebApp(request, exception)) {
      void reply.header('cache-control', 'no-cache').type('text/html').sendFile('index.html');
      return;
    }
    if (translated.status >= 500) {
      this.logger.error(
        { requestId: request.id, err: exception instanceof Error ? exception : String(exception) },
        'Request failed',
      );
    }
    if (exception instanceof TooManyAttempts) {
      void reply.header('retry-after', String(exception.retryAfterSeconds));
    }
    const body: ErrorBody = {
      error: translated.code,
      message: translated.message,
      requestId: String(request.id),
    };
    if (translated.details !== undefined) body.details = translated.details;
    void reply.status(translated.status).header('cache-control', 'no-store').send(body);
  }

  private translate(exception: unknown, request: FastifyRequest): Translated {
    if (exception instanceof DomainError) {
      return {
        status: HTTP_STATUS_BY_CODE[exception.code],
        code: exception.code,
        message: exception.message,
        details: exception.details,
      };
    }
    if (exception instanceof HttpException) return this.fromHttpException(exception, request);
    const sqlState =
      (exception as { driverError?: { code?: string }; code?: string })?.driverError?.code ??
      (exception as { code?: string })?.code;
    if (typeof sqlState === 'string' && INPUT_SQLSTATES.has(sqlState)) {
      return {
        status: 400,
        code: 'validation_failed',
        message:
          'Some text in the request cannot be stored (for example a NUL character or a value out of range).',
      };
    }
    if (isDatabaseUnavailable(exception, sqlState)) {
      return { status: 503, code: 'service_unavailable', message: GENERIC_MESSAGES.service_unavailable };
    }
    return { status: 500, code: 'internal_error', message: GENERIC_MESSAGES.internal_error };
  }

  /** Nest turns fastify's own errors (body too large, bad JSON, poisoned keys) into HttpExceptions. */
  private fromHttpException(exception: HttpException, request: FastifyRequest): Translated {
    const status = exception.getStatus();
    switch (status) {
      case 400: {
        const text = String((exception.getResponse() as { message?: unknown })?.message ?? exception.message);
        if (/json|proto|constructor/i.test(text)) {
          return { status, code: 'invalid_json', message: GENERIC_MESSAGES.invalid_json };
        }
        return { status, code: 'validation_failed', message: 'The request is not valid.' };
      }
      case 404:
        return {
          status,
          code: 'not_found',
          message: `No route ${request.method} ${request.url.split('?')[0]}.`,
        };
      case 413:
        return { status, code: 'payload_too_large', message: GENERIC_MESSAGES.payload_too_large };
      case 415:
        return { status, code: 'unsupported_media_type', message: GENERIC_MESSAGES.unsupported_media_type };
      default:
        if (status >= 500)
          return { status: 500, code: 'internal_error', message: GENERIC_MESSAGES.internal_error };
        return {
          status,
          code: status === 403 ? 'forbidden' : 'validation_failed',
          message: 'The request is not valid.',
        };
    }
  }

  private shouldServeWebApp(request: FastifyRequest, exception: unknown): boolean {
    if (!this.indexHtml || request.method !== 'GET' || exception instanceof DomainError) return false;
    const path = request.url.split('?')[0];
    return !path.startsWith('/api') && !/\.[a-z0-9]+$/i.test(path);
  }
}

function isDatabaseUnavailable(exception: unknown, sqlState: string | undefined): boolean {
  if (sqlState && UNAVAILABLE_SQLSTATES.has(sqlState)) return true;
  // When PostgreSQL ends a connection between two queries of a transaction (restart, failover),
  // TypeORM releases the transaction's query runner on the connection's error event and the next
  // query fails with one of these instead of the SQL error: the database went away mid-request.
  // Found by tools/faults (R20): they were answered 500 during a restart.
  if (
    exception instanceof QueryRunnerProviderAlreadyReleasedError ||
    exception instanceof QueryRunnerAlreadyReleasedError
  )
    return true;
  // The socket to the database failed under a statement (a statement sent straight through the
  // pool, see AutocommitQueries, surfaces the socket's own error): found by tools/faults too.
  if (sqlState === 'ECONNRESET' || sqlState === 'EPIPE') return true;
  const message = exception instanceof Error ? exception.message : '';
  return /ECONNREFUSED|ECONNRESET|Connection terminated|timeout exceeded when trying to connect|connect ETIMEDOUT/i.test(
    message,
  );
}
