import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import type {
  CreateQuestionnaireRequest,
  PutMeasurementPlanRequest,
  QuestionnaireAnswer,
  SubmitQuestionnaireRequest,
} from '@kap/shared/contracts';
import {
  INSTRUMENT_CODES,
  SELF_REPORT_INSTRUMENTS,
  type InstrumentCode,
  type MeasurementPlanRule,
} from '@kap/shared/domain';
import { ANSWER_ITEMS_SCHEMA } from '../outcomes/outcome-responses';
import { MeasurementPlanRuleSchema } from './self-report-responses';

const SELF_REPORT_LIST = SELF_REPORT_INSTRUMENTS.join(', ');

export class CreateQuestionnaireRequestBody implements CreateQuestionnaireRequest {
  @IsArray({ message: 'must be a list of 1 to 4 instruments' })
  @ArrayMinSize(1, { message: 'must be a list of 1 to 4 instruments' })
  @ArrayMaxSize(4, { message: 'must be a list of 1 to 4 instruments' })
  // The CGI is rated by the clinician, so it is not among the instruments a patient is sent.
  @IsIn(SELF_REPORT_INSTRUMENTS, {
    each: true,
    message: `must each be one the patient answers: ${SELF_REPORT_LIST} (the CGI is clinician-rated)`,
  })
  // The document's list is this rule's, narrower than the type's (the generator reads types, not constants).
  @ApiProperty({ enum: SELF_REPORT_INSTRUMENTS, isArray: true })
  instruments!: InstrumentCode[];

  @IsOptional()
  @IsInt({ message: 'must be a whole number of hours from 1 to 336' })
  @Min(1, { message: 'must be a whole number of hours from 1 to 336' })
  @Max(336, { message: 'must be a whole number of hours from 1 to 336' })
  expiresInHours?: number;
}

export class QuestionnaireAnswerBody implements QuestionnaireAnswer {
  @IsIn(INSTRUMENT_CODES, { message: `must be one of ${INSTRUMENT_CODES.join(', ')}` })
  instrument!: InstrumentCode;

  // Each answer is checked by the instrument's own rules (shared domain), which name the item.
  @IsArray({ message: 'must be a list of answers' })
  @ArrayMaxSize(50)
  @ApiProperty(ANSWER_ITEMS_SCHEMA)
  items!: number[] | boolean[];

  // Checked by the instrument's rules too (only the PHQ-9 and GAD-7 ask it, 0–3).
  @IsOptional()
  difficulty?: number;
}

export class SubmitQuestionnaireBody implements SubmitQuestionnaireRequest {
  @IsArray({ message: 'must be a list with one answer per questionnaire' })
  @ArrayMinSize(1, { message: 'must be a list with one answer per questionnaire' })
  @ArrayMaxSize(4, { message: 'must be a list with one answer per questionnaire' })
  @ValidateNested({ each: true })
  @Type(() => QuestionnaireAnswerBody)
  answers!: QuestionnaireAnswerBody[];
}

export class PutMeasurementPlanBody implements PutMeasurementPlanRequest {
  // Each rule is checked by the plan's rules (shared domain), which name the field.
  @IsArray({ message: 'must be a list of rules' })
  @ArrayMaxSize(50)
  @IsObject({
    each: true,
    message: 'must each be a rule like { "instrument": "PHQ9", "every": "days", "days": 7 }',
  })
  @ApiProperty({ type: [MeasurementPlanRuleSchema] })
  rules!: MeasurementPlanRule[];
}
