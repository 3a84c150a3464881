import { ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import type { ErrorBody, ErrorDetail, PersonRef } from '@kap/shared/contracts';

// OpenAPI shapes that every area's answers share; `implements` keeps them in step with
// libs/shared/contracts.

/** Who wrote, entered or acknowledged something. */
export class PersonRefResponse implements PersonRef {
  id!: string;
  displayName!: string;
}

/** One problem with one field, named as a JSON path with 0-based indexes (`items[3]`). */
export class ErrorDetailResponse implements ErrorDetail {
  field!: string;
  problem!: string;
}

/** The body of every 4xx and 5xx answer (docs/api.md "Conventions"). */
export class ErrorResponse implements ErrorBody {
  /** A stable code, e.g. `validation_failed`, `not_found`, `version_conflict`. */
  error!: string;
  /** A sentence a person can act on. */
  message!: string;
  requestId!: string;
  @ApiPropertyOptional({
    description:
      '`validation_failed`: the fields and their problems; `version_conflict`: the current record.',
    anyOf: [
      { type: 'array', items: { $ref: getSchemaPath(ErrorDetailResponse) } },
      { type: 'object', additionalProperties: true },
    ],
  })
  details?: unknown;
}
