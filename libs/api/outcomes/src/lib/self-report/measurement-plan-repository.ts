import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Queryable } from '@kap/api/platform';
import type { MeasurementPlanRule } from '@kap/shared/domain';

/** A course's stored plan. */
export interface MeasurementPlanRow {
  rules: MeasurementPlanRule[];
  version: number;
}

/** A course under way with a plan that asks for something, with where its links are mailed. */
export interface PlannedCourseRow {
  course_id: string;
  patient_id: string;
  phase: string;
  /** `YYYY-MM-DD` */
  started_on: string;
  time_zone: string;
  email: string | null;
  practice_name: string;
  rules: MeasurementPlanRule[];
}

/** A dosing session of the course. */
export interface DoseRow {
  id: string;
  occurred_at: Date;
}

/** The period (`every: "days"`) a moment falls in, counted from the course's start, and when it began. */
export interface PlanPeriodRow {
  n: number;
  due_at: Date;
}

/** The SQL of courses' measurement plans and of the timings the plan's job judges them by. */
@Injectable()
export class MeasurementPlanRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The patient a course belongs to; null for an unknown course. */
  async patientOfCourse(db: Queryable, courseId: string): Promise<string | null> {
    const [row] = await db.query<{ patient_id: string }[]>(`SELECT patient_id FROM course WHERE id = $1`, [
      courseId,
    ]);
    return row?.patient_id ?? null;
  }

  /** The course's plan; undefined when it has none yet. */
  async find(manager: EntityManager, courseId: string): Promise<MeasurementPlanRow | undefined> {
    const [row] = await manager.query<MeasurementPlanRow[]>(
      `SELECT rules, version FROM measurement_plan WHERE course_id = $1`,
      [courseId],
    );
    return row;
  }

  /** The course's first plan (version 1). */
  async insert(
    manager: EntityManager,
    courseId: string,
    plan: { rules: MeasurementPlanRule[]; by: string; at: Date },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO measurement_plan (course_id, rules, version, updated_by, updated_at) VALUES ($1, $2, 1, $3, $4)`,
      [courseId, JSON.stringify(plan.rules), plan.by, plan.at],
    );
  }

  /** Replaces the rules when `version` is still current. */
  async update(
    manager: EntityManager,
    courseId: string,
    version: number,
    plan: { rules: MeasurementPlanRule[]; by: string; at: Date },
  ): Promise<void> {
    await manager.query(
      `UPDATE measurement_plan SET rules = $3, version = version + 1, updated_by = $4, updated_at = $5 WHERE course_id = $1 AND version = $2`,
      [courseId, version, JSON.stringify(plan.rules), plan.by, plan.at],
    );
  }

  /** Courses neither completed nor discontinued, of patients not archived, whose plan has rules. */
  plannedCourses(): Promise<PlannedCourseRow[]> {
    return this.dataSource.query<PlannedCourseRow[]>(
      `SELECT mp.course_id, c.patient_id, c.phase, to_char(c.started_on, 'YYYY-MM-DD') AS started_on, o.time_zone,
              p.email, o.name AS practice_name, mp.rules
         FROM measurement_plan mp
         JOIN course c ON c.id = mp.course_id AND c.phase NOT IN ('completed', 'discontinued')
         JOIN patient p ON p.id = c.patient_id AND p.archived_at IS NULL
         JOIN organization o ON o.id = p.practice_id
        WHERE jsonb_array_length(mp.rules) > 0`,
    );
  }

  /**
   * The course's dosing sessions (not archived) at least `offsetHours` before `now` and less than
   * `offsetHours + openHours` before it: those whose request is due and would still be open.
   */
  dosesDue(courseId: string, now: Date, offsetHours: number, openHours: number): Promise<DoseRow[]> {
    return this.dataSource.query<DoseRow[]>(
      `SELECT id, occurred_at FROM therapy_session
            WHERE course_id = $1 AND kind = 'dosing' AND archived_at IS NULL
              AND occurred_at <= $2::timestamptz - make_interval(hours => $3)
              AND occurred_at > $2::timestamptz - make_interval(hours => $3 + $4)`,
      [courseId, now, offsetHours, openHours],
    );
  }

  /** The period of `days` whole days on the practice's calendar from the start that `now` falls in. */
  async currentPeriod(startedOn: string, now: Date, days: number, timeZone: string): Promise<PlanPeriodRow> {
    const [period] = await this.dataSource.query<PlanPeriodRow[]>(
      `SELECT n, (($1::date + n * $3::int)::timestamp AT TIME ZONE $4) AS due_at
             FROM (SELECT floor((($2::timestamptz AT TIME ZONE $4)::date - $1::date) / $3::numeric)::int AS n) k`,
      [startedOn, now, days, timeZone],
    );
    return period;
  }
}
