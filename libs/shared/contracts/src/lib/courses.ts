import type { AdministrationRoute } from './care-team';
import type { Condition } from './patients';

/** Contract: docs/api.md "Treatment courses and sessions" (course rows). */
export const COURSE_PHASES = [
  'referred',
  'intake',
  'preparation',
  'dosing',
  'integration',
  'maintenance',
  'completed',
  'discontinued',
] as const;
export type CoursePhase = (typeof COURSE_PHASES)[number];

/** A course in one of these phases is over; the patient's current course is the newest other one. */
export const CLOSED_COURSE_PHASES: readonly CoursePhase[] = ['completed', 'discontinued'];

/** The prescriber's dose plan, copied as ordered; the software never computes a dose. */
export interface DosePlan {
  route: AdministrationRoute;
  doseMgMin?: number;
  doseMgMax?: number;
  maxDosingSessionsPerWeek?: number;
}

/** The prescriber's vitals limits for this patient, copied as ordered; never invented. */
/** The prescriber's limits, copied from the orders (never computed); a reading outside them is `vitals_out_of_range`. */
export interface VitalsLimits {
  systolicMax?: number;
  diastolicMax?: number;
  heartRateMax?: number;
  systolicMin?: number;
  diastolicMin?: number;
  heartRateMin?: number;
  spo2Min?: number;
}

export interface Course {
  id: string;
  patientId: string;
  indication: Condition;
  phase: CoursePhase;
  /** `YYYY-MM-DD` */
  startedOn: string;
  plannedDosingSessions: number | null;
  dosePlan: DosePlan | null;
  vitalsLimits: VitalsLimits | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CreateCourseRequest {
  indication: Condition;
  startedOn: string;
  /** Defaults to `referred`. */
  phase?: CoursePhase;
  plannedDosingSessions?: number | null;
  dosePlan?: DosePlan | null;
  vitalsLimits?: VitalsLimits | null;
}

/** Any subset; `null` clears `plannedDosingSessions`, `dosePlan` or `vitalsLimits`. */
export type UpdateCourseRequest = Partial<CreateCourseRequest>;
