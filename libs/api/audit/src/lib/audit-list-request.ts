import { IsOptional, IsUUID, ValidateBy, type ValidationOptions } from 'class-validator';
import { isCalendarDate } from '@kap/shared/domain';
import { PageQuery } from '@kap/api/platform';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** A calendar day (`2026-11-25`) or an instant with its offset (`2026-11-25T14:00:00Z`). */
export function isDayOrInstant(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (TIMESTAMP.test(value)) return !Number.isNaN(Date.parse(value)) && isCalendarDate(value.slice(0, 10));
  return isCalendarDate(value);
}

function IsDayOrInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDayOrInstant',
      validator: {
        validate: (value: unknown) => isDayOrInstant(value),
        defaultMessage: () =>
          'must be a date like 2026-11-25, or a date and time with its offset, like 2026-11-25T14:00:00Z',
      },
    },
    options,
  );
}

/** `GET /api/audit` filters. Both ends of the period are inclusive; a bare date means the whole UTC day. */
export class AuditListQuery extends PageQuery {
  @IsOptional()
  @IsUUID('all', { message: 'must be a patient id' })
  patientId?: string;

  @IsOptional()
  @IsUUID('all', { message: 'must be the id of a person (see GET /api/users)' })
  actorId?: string;

  @IsOptional()
  @IsDayOrInstant()
  from?: string;

  @IsOptional()
  @IsDayOrInstant()
  to?: string;
}
