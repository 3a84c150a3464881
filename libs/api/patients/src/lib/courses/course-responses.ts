import type { Condition, Course, CoursePhase, Page } from '@kap/shared/contracts';
import { DosePlanBody, VitalsLimitsBody } from './course-requests';

/**
 * A course as answered (docs/api.md "Treatment courses and sessions"); the dose plan and vitals
 * limits have the shape they were sent in.
 */
export class CourseResponse implements Course {
  id!: string;
  patientId!: string;
  indication!: Condition;
  phase!: CoursePhase;
  /** `YYYY-MM-DD` */
  startedOn!: string;
  plannedDosingSessions!: number | null;
  dosePlan!: DosePlanBody | null;
  vitalsLimits!: VitalsLimitsBody | null;
  version!: number;
  createdAt!: string;
  updatedAt!: string;
}

export class CoursePage implements Page<Course> {
  items!: CourseResponse[];
  nextCursor!: string | null;
}
