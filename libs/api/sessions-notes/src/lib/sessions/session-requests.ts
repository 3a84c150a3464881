import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IfPresent, IsTimestamp, PageQuery } from '@kap/api/platform';
import {
  ADMINISTRATION_ROUTES,
  ADVERSE_EVENT_SEVERITIES,
  DOSE_LABELS,
  SESSION_KINDS,
  SESSION_SETTINGS,
  VITALS_PHASES,
  type AdministrationRoute,
  type AdverseEvent,
  type AdverseEventSeverity,
  type BoosterRecord,
  type Chaperone,
  type ChaperoneCheck,
  type CreateSessionRequest,
  type DoseLabel,
  type DosingRecord,
  type SessionKind,
  type SessionSetting,
  type UpdateSessionRequest,
  type VitalsPhase,
  type VitalsReadingRecord,
} from '@kap/shared/contracts';

// Shapes and types only. The physical bounds (systolic 50–300 ...) are the shared domain's
// `implausibleSessionValues`, so the web form and the API refuse the same values with the same words.
const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });
const wholeNumber = { message: 'must be a whole number' };
const number = { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 };

export class VitalsReadingBody implements VitalsReadingRecord {
  @IsTimestamp()
  at!: string;

  @IsIn(VITALS_PHASES, oneOf(VITALS_PHASES))
  phase!: VitalsPhase;

  @IsInt(wholeNumber)
  systolic!: number;

  @IsInt(wholeNumber)
  diastolic!: number;

  @IsInt(wholeNumber)
  heartRate!: number;

  @IsOptional()
  @IsNumber(number, { message: 'must be a percentage' })
  spo2?: number | null;
}

export class BoosterBody implements BoosterRecord {
  @IsNumber(number, { message: 'must be a number of milligrams' })
  doseMg!: number;

  @IsTimestamp()
  at!: string;
}

export class ChaperoneCheckBody implements ChaperoneCheck {
  @IsTimestamp()
  at!: string;

  @IsBoolean({ message: 'must be true or false' })
  ok!: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

export class ChaperoneBody implements Chaperone {
  @IsString()
  @Matches(/\S/, { message: 'must name the chaperone' })
  @MaxLength(200)
  name!: string;

  @IsOptional()
  @IsArray({ message: 'must be a list of checks' })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ChaperoneCheckBody)
  checks?: ChaperoneCheckBody[];
}

export class AdverseEventBody implements AdverseEvent {
  @IsString()
  @Matches(/\S/, { message: 'must say what happened' })
  @MaxLength(200)
  type!: string;

  @IsIn(ADVERSE_EVENT_SEVERITIES, oneOf(ADVERSE_EVENT_SEVERITIES))
  severity!: AdverseEventSeverity;

  @IsOptional()
  @IsTimestamp()
  reportedToOnCallAt?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  action?: string | null;
}

export class DosingBody implements DosingRecord {
  @IsIn(ADMINISTRATION_ROUTES, oneOf(ADMINISTRATION_ROUTES))
  route!: AdministrationRoute;

  @IsIn(DOSE_LABELS, oneOf(DOSE_LABELS))
  doseLabel!: DoseLabel;

  @IsNumber(number, { message: 'must be a number of milligrams' })
  doseMg!: number;

  @IsOptional()
  @IsObject({ message: 'must be an object with doseMg and at' })
  @ValidateNested()
  @Type(() => BoosterBody)
  booster?: BoosterBody | null;

  @IsArray({ message: 'must be a list of readings (it may be empty)' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => VitalsReadingBody)
  vitals!: VitalsReadingBody[];

  @IsOptional()
  @IsObject({ message: 'must be an object with a name' })
  @ValidateNested()
  @Type(() => ChaperoneBody)
  chaperone?: ChaperoneBody | null;

  /** An empty list means "none"; leaving it out means "not answered yet". */
  @IsOptional()
  @IsArray({ message: 'must be a list (empty when there were none)' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AdverseEventBody)
  adverseEvents?: AdverseEventBody[] | null;
}

export class CreateSessionBody implements CreateSessionRequest {
  @IsIn(SESSION_KINDS, oneOf(SESSION_KINDS))
  kind!: SessionKind;

  @IsTimestamp()
  occurredAt!: string;

  @IsInt(wholeNumber)
  durationMinutes!: number;

  @IsIn(SESSION_SETTINGS, oneOf(SESSION_SETTINGS))
  setting!: SessionSetting;

  @IsOptional()
  @IsUUID('all', { message: 'must be a course id' })
  courseId?: string | null;

  @IsOptional()
  @IsObject({ message: 'must be the dose record' })
  @ValidateNested()
  @Type(() => DosingBody)
  dosing?: DosingBody | null;
}

/** Any subset; `null` clears `courseId` (and `dosing` when the kind changes away from dosing). */
export class UpdateSessionBody implements UpdateSessionRequest {
  @IfPresent()
  @IsIn(SESSION_KINDS, oneOf(SESSION_KINDS))
  kind?: SessionKind;

  @IfPresent()
  @IsTimestamp()
  occurredAt?: string;

  @IfPresent()
  @IsInt(wholeNumber)
  durationMinutes?: number;

  @IfPresent()
  @IsIn(SESSION_SETTINGS, oneOf(SESSION_SETTINGS))
  setting?: SessionSetting;

  @IsOptional()
  @IsUUID('all', { message: 'must be a course id' })
  courseId?: string | null;

  @IsOptional()
  @IsObject({ message: 'must be the dose record' })
  @ValidateNested()
  @Type(() => DosingBody)
  dosing?: DosingBody | null;
}

export class SessionsQuery extends PageQuery {
  @IsOptional()
  @IsIn(SESSION_KINDS, oneOf(SESSION_KINDS))
  kind?: SessionKind;
}
