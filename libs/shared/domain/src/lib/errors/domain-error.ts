/**
 * The one error vocabulary of KAP Care. Domain and service code throw these; the API maps each
 * code to an HTTP status in a single filter, and the web app shows `message` to the person.
 * Codes are part of the API contract (docs/api.md): never rename one.
 */
export const ERROR_CODES = [
  'validation_failed',
  'invalid_json',
  'unauthenticated',
  'session_expired',
  'invalid_credentials',
  'forbidden',
  'origin_rejected',
  'not_found',
  'conflict',
  'email_taken',
  'note_signed',
  'release_of_information_required',
  'open_alerts',
  'precondition_required',
  'version_conflict',
  'payload_too_large',
  'unsupported_media_type',
  'idempotency_key_reused',
  'too_many_attempts',
  // A questionnaire link that was answered, has expired or was cancelled (docs/api.md "Patient self-report").
  'link_closed',
  'service_unavailable',
  'internal_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldProblem {
  field: string;
  problem: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class ValidationFailed extends DomainError {
  constructor(details: FieldProblem[], message = describeProblems(details)) {
    super('validation_failed', message, details);
  }
}

export class NotFound extends DomainError {
  /** The same words whether the record is missing or not the caller's: nothing may leak. */
  constructor() {
    super('not_found', 'Nothing was found here. It may have been removed, or it is not shared with you.');
  }
}

export class Forbidden extends DomainError {
  constructor(message = 'Your role may not do this.') {
    super('forbidden', message);
  }
}

export class PreconditionRequired extends DomainError {
  constructor() {
    super(
      'precondition_required',
      "This change needs the If-Match header with the version you last read, so that no one else's change is overwritten.",
    );
  }
}

export class VersionConflict extends DomainError {
  constructor(current: unknown) {
    super(
      'version_conflict',
      'Someone changed this record after you opened it. Reload it, check their change and try again.',
      current,
    );
  }
}

export class IdempotencyKeyReused extends DomainError {
  constructor() {
    super('idempotency_key_reused', 'This Idempotency-Key was already used for a different request.');
  }
}

export class TooManyAttempts extends DomainError {
  /** The wait travels in the Retry-After header; clients word it for their own people. */
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many sign-in attempts.',
  ) {
    super('too_many_attempts', message);
  }
}

/**
 * A questionnaire link that can no longer be answered. The same words whether it was answered,
 * expired or cancelled: the person holding the link learns nothing else about it.
 */
export class LinkClosed extends DomainError {
  constructor() {
    super(
      'link_closed',
      'This questionnaire link has closed. If you still need to answer, ask your therapist for a new link.',
    );
  }
}

function describeProblems(details: FieldProblem[]): string {
  if (details.length === 0) return 'The request is not valid.';
  const first = `${details[0].field}: ${details[0].problem}`;
  return details.length === 1
    ? `Please correct ${first}.`
    : `Please correct ${first} (and ${details.length - 1} more).`;
}
