import type { ErrorCode } from '@kap/shared/domain';

/** The single place where the domain's error codes become HTTP statuses. */
export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  validation_failed: 400,
  invalid_json: 400,
  unauthenticated: 401,
  session_expired: 401,
  invalid_credentials: 401,
  forbidden: 403,
  origin_rejected: 403,
  not_found: 404,
  conflict: 409,
  email_taken: 409,
  note_signed: 409,
  release_of_information_required: 409,
  open_alerts: 409,
  link_closed: 410,
  version_conflict: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  precondition_required: 428,
  too_many_attempts: 429,
  internal_error: 500,
  service_unavailable: 503,
};
