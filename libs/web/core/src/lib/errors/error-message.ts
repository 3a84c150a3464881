import { HttpErrorResponse } from '@angular/common/http';
import type { ErrorBody, ErrorDetail } from '@kap/shared/contracts';

export const FALLBACK_ERROR_MESSAGE = 'Something went wrong. Please try again.';
export const UNREACHABLE_MESSAGE = 'Cannot reach the server.';

/**
 * Reads the API's error body (`{ error, message, requestId, details? }`) from an HTTP failure.
 * Returns null when the answer did not come from our API (a proxy's HTML page, a network failure).
 */
export function readErrorBody(error: unknown): ErrorBody | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  const body: unknown = error.error;
  if (typeof body !== 'object' || body === null) return null;
  const candidate = body as Partial<ErrorBody>;
  return typeof candidate.error === 'string' ? (candidate as ErrorBody) : null;
}

/** The API's stable error code (`session_expired`, `version_conflict` ...), or null. */
export function errorCode(error: unknown): string | null {
  return readErrorBody(error)?.error ?? null;
}

/**
 * Turns any failure into one sentence for the person at the screen.
 * The API's own `message` is written for people, so it wins; otherwise a generic sentence with
 * the request id, so that support can find the request in the server log.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof HttpErrorResponse && error.status === 0) return UNREACHABLE_MESSAGE;
  const body = readErrorBody(error);
  const requestId =
    body?.requestId ??
    (error instanceof HttpErrorResponse ? error.headers?.get('x-request-id') : null) ??
    null;
  const reference = requestId ? ` (Reference: ${requestId})` : '';
  if (body && typeof body.message === 'string' && body.message.trim() !== '') {
    // A 5xx message is generic by design; the reference is what makes it actionable for support.
    return error instanceof HttpErrorResponse && error.status >= 500
      ? `${body.message}${reference}`
      : body.message;
  }
  return `${FALLBACK_ERROR_MESSAGE}${reference}`;
}

/** The per-field problems of a `validation_failed` answer (empty when there are none). */
export function fieldProblems(error: unknown): ErrorDetail[] {
  const details = readErrorBody(error)?.details;
  if (!Array.isArray(details)) return [];
  return details.filter(
    (d): d is ErrorDetail =>
      typeof d === 'object' && d !== null && typeof d.field === 'string' && typeof d.problem === 'string',
  );
}
