import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  STATUS_UPDATE_KINDS,
  STATUS_UPDATE_URGENCIES,
  type CreateStatusUpdateRequest,
  type SendFollowUpPacketRequest,
  type StatusUpdateInclude,
  type StatusUpdateKind,
  type StatusUpdateUrgency,
} from '@kap/shared/contracts';

const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });
const MAX_ITEMS = 100;
export const STATUS_UPDATE_MAX_LENGTH = 20_000;

export class StatusUpdateIncludeBody implements StatusUpdateInclude {
  @IsOptional()
  @IsArray({ message: 'must be a list of session ids' })
  @ArrayMaxSize(MAX_ITEMS)
  @ApiProperty({ maxItems: MAX_ITEMS })
  @IsUUID('all', { each: true, message: 'must be a session id' })
  sessionIds?: string[];

  @IsOptional()
  @IsArray({ message: 'must be a list of score ids' })
  @ArrayMaxSize(MAX_ITEMS)
  @ApiProperty({ maxItems: MAX_ITEMS })
  @IsUUID('all', { each: true, message: 'must be a score id' })
  outcomeIds?: string[];

  @IsOptional()
  @IsArray({ message: 'must be a list of note ids' })
  @ArrayMaxSize(MAX_ITEMS)
  @ApiProperty({ maxItems: MAX_ITEMS })
  @IsUUID('all', { each: true, message: 'must be a note id' })
  noteIds?: string[];
}

export class CreateStatusUpdateBody implements CreateStatusUpdateRequest {
  @IsIn(STATUS_UPDATE_KINDS, oneOf(STATUS_UPDATE_KINDS))
  kind!: StatusUpdateKind;

  @IsIn(STATUS_UPDATE_URGENCIES, oneOf(STATUS_UPDATE_URGENCIES))
  urgency!: StatusUpdateUrgency;

  @IsString({ message: 'must be text' })
  @Matches(/\S/, { message: 'must say something' })
  @MaxLength(STATUS_UPDATE_MAX_LENGTH)
  @ApiProperty({ maxLength: STATUS_UPDATE_MAX_LENGTH })
  body!: string;

  @IsOptional()
  @IsObject({ message: 'must be an object with sessionIds, outcomeIds or noteIds' })
  @ValidateNested()
  @Type(() => StatusUpdateIncludeBody)
  include?: StatusUpdateIncludeBody;
}

export class SendFollowUpPacketBody implements SendFollowUpPacketRequest {
  @IsOptional()
  @IsString({ message: 'must be text' })
  @MaxLength(STATUS_UPDATE_MAX_LENGTH)
  @ApiProperty({ maxLength: STATUS_UPDATE_MAX_LENGTH })
  note?: string;
}
