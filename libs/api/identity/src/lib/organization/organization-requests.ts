import { IsInt, IsOptional, Max, Min, ValidateBy, type ValidationOptions } from 'class-validator';
import type { UpdateOrganizationRequest } from '@kap/shared/contracts';
import { isTimeZone } from '@kap/shared/domain';

const HOURS = { message: 'must be a whole number of hours from 1 to 168' };

/** An IANA time zone name the runtime knows: the calendar every date rule of the organization uses. */
function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTimeZone',
      validator: {
        validate: (value: unknown) => isTimeZone(value),
        defaultMessage: () => 'must be an IANA time zone name such as America/New_York',
      },
    },
    options,
  );
}

export class UpdateOrganizationBody implements UpdateOrganizationRequest {
  @IsOptional()
  @IsInt(HOURS)
  @Min(1, HOURS)
  @Max(168, HOURS)
  escalateAfterHours?: number;

  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}
