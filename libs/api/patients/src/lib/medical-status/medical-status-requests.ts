import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, IsTimestamp } from '@kap/api/platform';
import {
  ADMINISTRATION_ROUTES,
  ELIGIBILITIES,
  MONITORING_STATUSES,
  PRESCRIPTION_STATUSES,
  type AdministrationRoute,
  type CreateMedicalStatusRequest,
  type Eligibility,
  type MonitoringStatus,
  type Prescription,
  type PrescriptionStatus,
} from '@kap/shared/contracts';

const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });

export class PrescriptionBody implements Prescription {
  @IsIn(PRESCRIPTION_STATUSES, oneOf(PRESCRIPTION_STATUSES))
  status!: PrescriptionStatus;

  @IsOptional()
  @IsInt({ message: 'must be a whole number from 0 to 100' })
  @Min(0, { message: 'must be a whole number from 0 to 100' })
  @Max(100, { message: 'must be a whole number from 0 to 100' })
  dosesAuthorized?: number;

  @IsOptional()
  @IsIn(ADMINISTRATION_ROUTES, oneOf(ADMINISTRATION_ROUTES))
  route?: AdministrationRoute;
}

export class CreateMedicalStatusBody implements CreateMedicalStatusRequest {
  @IsTimestamp()
  asOf!: string;

  @IsOptional()
  @IsIn(ELIGIBILITIES, oneOf(ELIGIBILITIES))
  eligibility?: Eligibility;

  @IsOptional()
  @IsObject({ message: 'must be an object with a status' })
  @ValidateNested()
  @Type(() => PrescriptionBody)
  prescription?: PrescriptionBody;

  @IsOptional()
  @IsCalendarDate()
  nextFollowUpDue?: string;

  @IsOptional()
  @IsIn(MONITORING_STATUSES, oneOf(MONITORING_STATUSES))
  monitoring?: MonitoringStatus;

  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'must not be empty; leave it out instead' })
  @MaxLength(2000)
  note?: string;
}
