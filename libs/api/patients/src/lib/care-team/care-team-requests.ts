import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '@kap/api/platform';
import type { ReplaceCareTeamRequest } from '@kap/shared/contracts';

export class ReleaseOfInformationBody {
  @IsCalendarDate()
  signedOn!: string;

  @IsCalendarDate()
  expiresOn!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  scope?: string | null;
}

export class ReplaceCareTeamBody implements ReplaceCareTeamRequest {
  @IsUUID('all', { message: 'must be the id of a medical team (see GET /api/medical-teams)' })
  medicalTeamId!: string;

  @IsObject({ message: 'must be an object with signedOn, expiresOn and, if you like, scope' })
  @ValidateNested()
  @Type(() => ReleaseOfInformationBody)
  releaseOfInformation!: ReleaseOfInformationBody;
}
