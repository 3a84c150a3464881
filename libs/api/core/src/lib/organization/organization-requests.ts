import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { UpdateOrganizationRequest } from '@kap/shared/contracts';

const HOURS = { message: 'must be a whole number of hours from 1 to 168' };

export class UpdateOrganizationBody implements UpdateOrganizationRequest {
  @IsOptional()
  @IsInt(HOURS)
  @Min(1, HOURS)
  @Max(168, HOURS)
  escalateAfterHours?: number;
}
