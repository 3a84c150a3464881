import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { FieldRules, IfPresent, IsCalendarDate } from '@kap/api/platform';
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
const wholeNumber = (min: number, max: number) => ({
  message: `must be a whole number from ${min} to ${max}`,
});
const milligrams = { message: 'must be a number of milligrams from 0 to 1000' };

/** A whole number in a range, the range named in the message. */
const WholeNumber = (min: number, max: number) =>
  FieldRules(IsInt(wholeNumber(min, max)), Min(min, wholeNumber(min, max)), Max(max, wholeNumber(min, max)));
const Milligrams = () =>
  FieldRules(
    IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 }, milligrams),
    Min(0, milligrams),
    Max(1000, milligrams),
  );

/** As the prescriber ordered it. Ranges only refuse what cannot be meant; no dose is judged here. */
export class DosePlanBody implements DosePlan {
  @IsIn(ADMINISTRATION_ROUTES, oneOf(ADMINISTRATION_ROUTES))
  route!: AdministrationRoute;

  @IsOptional()
  @Milligrams()
  doseMgMin?: number;

  @IsOptional()
  @Milligrams()
  doseMgMax?: number;

  @IsOptional()
  @WholeNumber(1, 7)
  maxDosingSessionsPerWeek?: number;
}

/** The prescriber's limits for this patient, copied as ordered. */
export class VitalsLimitsBody implements VitalsLimits {
  @IsOptional()
  @WholeNumber(60, 300)
  systolicMax?: number;

  @IsOptional()
  @WholeNumber(30, 200)
  diastolicMax?: number;

  @IsOptional()
  @WholeNumber(30, 250)
  heartRateMax?: number;

  // A minimum above its maximum is refused by the service (`vitalsLimitsProblems`), naming the minimum.
  @IsOptional()
  @WholeNumber(60, 300)
  systolicMin?: number;

  @IsOptional()
  @WholeNumber(30, 200)
  diastolicMin?: number;

  @IsOptional()
  @WholeNumber(30, 250)
  heartRateMin?: number;

  /** Percent. */
  @IsOptional()
  @WholeNumber(50, 100)
  spo2Min?: number;
}

// Fields shared by the create body and the partial update; `null` clears the optional ones.
const Indication = () => IsIn(CONDITIONS, oneOf(CONDITIONS));
const Phase = () => IsIn(COURSE_PHASES, oneOf(COURSE_PHASES));
const PlannedDosingSessions = () => FieldRules(IsOptional(), WholeNumber(1, 100));
const DosePlanField = () =>
  FieldRules(
    IsOptional(),
    IsObject({ message: 'must be an object with at least a route' }),
    ValidateNested(),
    Type(() => DosePlanBody),
  );
const VitalsLimitsField = () =>
  FieldRules(
    IsOptional(),
    IsObject({ message: 'must be an object' }),
    ValidateNested(),
    Type(() => VitalsLimitsBody),
  );

export class CreateCourseBody implements CreateCourseRequest {
  @Indication()
  indication!: Condition;

  @IsCalendarDate()
  startedOn!: string;

  @IsOptional()
  @Phase()
  phase?: CoursePhase;

  @PlannedDosingSessions()
  plannedDosingSessions?: number | null;

  @DosePlanField()
  dosePlan?: DosePlanBody | null;

  @VitalsLimitsField()
  vitalsLimits?: VitalsLimitsBody | null;
}

/** Any subset; `null` clears `plannedDosingSessions`, `dosePlan` or `vitalsLimits`. */
export class UpdateCourseBody implements UpdateCourseRequest {
  @IfPresent()
  @Indication()
  indication?: Condition;

  @IfPresent()
  @IsCalendarDate()
  startedOn?: string;

  @IfPresent()
  @Phase()
  phase?: CoursePhase;

  @PlannedDosingSessions()
  plannedDosingSessions?: number | null;

  @DosePlanField()
  dosePlan?: DosePlanBody | null;

  @VitalsLimitsField()
  vitalsLimits?: VitalsLimitsBody | null;
}
