import { ApiHeader } from '@nestjs/swagger';

/**
 * The route changes a versioned record only with `If-Match: "<version>"` (docs/api.md
 * "Conventions", Concurrency), so the document lists the header on that operation.
 */
export const IfMatchHeader = () =>
  ApiHeader({
    name: 'If-Match',
    required: true,
    description:
      'The ETag of the version you read, like `"3"`. Missing → 428 `precondition_required`; ' +
      'stale → 412 `version_conflict` with the current record; nothing is written.',
    schema: { type: 'string', example: '"3"' },
  });

/** The creating route honours `Idempotency-Key` (docs/api.md "Conventions", Idempotency). */
export const IdempotencyKeyHeader = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'The same key and body within 24 h answer the first response again and create nothing; ' +
      'the same key with another body → 422 `idempotency_key_reused`.',
    schema: { type: 'string', minLength: 1, maxLength: 200 },
  });
