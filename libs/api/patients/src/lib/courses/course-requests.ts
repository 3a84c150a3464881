import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsObject, IsOptional, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '@kap/api/core';
import {
  ADMINISTRATION_ROUTES,
  CONDITIONS,
  COURSE_PHASES,
  type AdministrationRoute,
  type Condition,
  type CoursePhase,
  type CreateCourseRequest,
  type DosePlan,
  type UpdateCourseRequest,
  type VitalsLimits,
} from '@kap/shared/contracts';

const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });
const present = (_: object, value: unknown) => value !== undefined;
const wholeNumber = (min: number, max: number) => ({ message: `must be a whole number from ${min} to ${max}` });
const milligrams = { message: 'must be a number of milligrams from 0 to 1000' };

/** As the prescriber ordered it. Ranges only refuse what cannot be meant; no dose is judged here. */
export class DosePlanBody implements DosePlan {
  @IsIn(ADMINISTRATION_ROUTES, oneOf(ADMINISTRATION_ROUTES))
  route!: AdministrationRoute;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 }, milligrams)
  @Min(0, milligrams)
  @Max(1000, milligrams)
  doseMgMin?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 }, milligrams)
  @Min(0, milligrams)
  @Max(1000, milligrams)
  doseMgMax?: number;

  @IsOptional()
  @IsInt(wholeNumber(1, 7))
  @Min(1, wholeNumber(1, 7))
  @Max(7, wholeNumber(1, 7))
  maxDosingSessionsPerWeek?: number;
}

/** The prescriber's limits for this patient, copied as ordered. */
export class VitalsLimitsBody implements VitalsLimits {
  @IsOptional()
  @IsInt(wholeNumber(60, 300))
  @Min(60, wholeNumber(60, 300))
  @Max(300, wholeNumber(60, 300))
  systolicMax?: number;

  @IsOptional()
  @IsInt(wholeNumber(30, 200))
  @Min(30, wholeNumber(30, 200))
  @Max(200, wholeNumber(30, 200))
  diastolicMax?: number;

  @IsOptional()
  @IsInt(wholeNumber(30, 250))
  @Min(30, wholeNumber(30, 250))
  @Max(250, wholeNumber(30, 250))
  heartRateMax?: number;
}

export class CreateCourseBody implements CreateCourseRequest {
  @IsIn(CONDITIONS, oneOf(CONDITIONS))
  indication!: Condition;

  @IsCalendarDate()
  startedOn!: string;

  @IsOptional()
  @IsIn(COURSE_PHASES, oneOf(COURSE_PHASES))
  phase?: CoursePhase;

  @IsOptional()
  @IsInt(wholeNumber(1, 100))
  @Min(1, wholeNumber(1, 100))
  @Max(100, wholeNumber(1, 100))
  plannedDosingSessions?: number | null;

  @IsOptional()
  @IsObject({ message: 'must be an object with at least a route' })
  @ValidateNested()
  @Type(() => DosePlanBody)
  dosePlan?: DosePlanBody | null;

  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => VitalsLimitsBody)
  vitalsLimits?: VitalsLimitsBody | null;
}

/** Any subset; `null` clears `plannedDosingSessions`, `dosePlan` or `vitalsLimits`. */
export class UpdateCourseBody implements UpdateCourseRequest {
  @ValidateIf(present)
  @IsIn(CONDITIONS, oneOf(CONDITIONS))
  indication?: Condition;

  @ValidateIf(present)
  @IsCalendarDate()
  startedOn?: string;

  @ValidateIf(present)
  @IsIn(COURSE_PHASES, oneOf(COURSE_PHASES))
  phase?: CoursePhase;

  @IsOptional()
  @IsInt(wholeNumber(1, 100))
  @Min(1, wholeNumber(1, 100))
  @Max(100, wholeNumber(1, 100))
  plannedDosingSessions?: number | null;

  @IsOptional()
  @IsObject({ message: 'must be an object with at least a route' })
  @ValidateNested()
  @Type(() => DosePlanBody)
  dosePlan?: DosePlanBody | null;

  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => VitalsLimitsBody)
  vitalsLimits?: VitalsLimitsBody | null;
}
