import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQuery } from '@kap/api/platform';
import type { OutcomeSource, RecordOutcomeRequest, VoidOutcomeRequest } from '@kap/shared/contracts';
import { INSTRUMENT_CODES, type InstrumentCode } from '@kap/shared/domain';
import { ANSWER_ITEMS_SCHEMA } from './outcome-responses';

const SOURCES: OutcomeSource[] = ['clinician', 'patient', 'medical_team'];

export class RecordOutcomeBody implements RecordOutcomeRequest {
  @IsIn(INSTRUMENT_CODES, { message: `must be one of ${INSTRUMENT_CODES.join(', ')}` })
  instrument!: InstrumentCode;

  @IsISO8601(
    { strict: true, strictSeparator: true },
    { message: 'must be a date and time like 2026-11-25T14:00:00Z' },
  )
  administeredAt!: string;

  // Each answer is checked by the instrument's own rules (shared domain), which name the item.
  @IsArray({ message: 'must be a list of answers' })
  @ArrayMaxSize(50)
  @ApiProperty(ANSWER_ITEMS_SCHEMA)
  items!: number[] | boolean[];

  @IsOptional()
  @IsIn(SOURCES, { message: `must be one of ${SOURCES.join(', ')}` })
  source?: OutcomeSource;

  @IsOptional()
  @IsUUID('all', { message: 'must be a session id' })
  sessionId?: string;

  @IsOptional()
  @IsInt({ message: 'must be a whole number from 0 to 3' })
  @Min(0, { message: 'must be a whole number from 0 to 3' })
  @Max(3, { message: 'must be a whole number from 0 to 3' })
  difficulty?: number;
}

export class VoidOutcomeBody implements VoidOutcomeRequest {
  @IsString()
  @Matches(/\S/, { message: 'must say why the score is wrong' })
  @MaxLength(2000)
  reason!: string;
}

export class OutcomesQuery extends PageQuery {
  @IsOptional()
  @IsIn(INSTRUMENT_CODES, { message: `must be one of ${INSTRUMENT_CODES.join(', ')}` })
  instrument?: InstrumentCode;
}

export class TrendQuery {
  @IsIn(INSTRUMENT_CODES, { message: `must be one of ${INSTRUMENT_CODES.join(', ')}` })
  instrument!: InstrumentCode;
}
