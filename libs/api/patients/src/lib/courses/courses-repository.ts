import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning } from '@kap/api/platform';
import type { Condition, CoursePhase } from '@kap/shared/contracts';
import { courseColumns, type CourseRow } from './course-mapper';

/** Where a page of courses continues: the last course's sort key, as stored. */
export interface CoursePosition {
  started_on: string;
  created_at: Date;
}

/**
 * A course's fields as written. The dose plan and vitals limits are JSON text of the order as
 * given (null when none).
 */
export interface CourseFields {
  indication: Condition;
  phase: CoursePhase;
  startedOn: string;
  plannedDosingSessions: number | null;
  dosePlan: string | null;
  vitalsLimits: string | null;
}

/** The SQL of KAP treatment courses. */
@Injectable()
export class CoursesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The sort position of one of the patient's courses; undefined when it is not theirs. */
  async position(courseId: string, patientId: string): Promise<CoursePosition | undefined> {
    const [position] = await this.dataSource.query<CoursePosition[]>(
      `SELECT to_char(started_on, 'YYYY-MM-DD') AS started_on, created_at FROM course WHERE id = $1 AND patient_id = $2`,
      [courseId, patientId],
    );
    return position;
  }

  /** Newest first (by `startedOn`), after the course at `after` when given. */
  page(
    patientId: string,
    after: { position: CoursePosition; id: string } | null,
    take: number,
  ): Promise<CourseRow[]> {
    return this.dataSource.query<CourseRow[]>(
      `SELECT ${courseColumns('c')} FROM course c
          WHERE c.patient_id = $1
            AND ($2::date IS NULL OR (c.started_on, c.created_at, c.id) < ($2::date, $3::timestamptz, $4::uuid))
          ORDER BY c.started_on DESC, c.created_at DESC, c.id DESC
          LIMIT $5`,
      [
        patientId,
        after?.position.started_on ?? null,
        after?.position.created_at ?? null,
        after?.id ?? null,
        take,
      ],
    );
  }

  async find(manager: EntityManager, id: string): Promise<CourseRow | undefined> {
    const [row] = await manager.query<CourseRow[]>(
      `SELECT ${courseColumns('c')} FROM course c WHERE c.id = $1`,
      [id],
    );
    return row;
  }

  /** Answers the new course's id. */
  async insert(
    manager: EntityManager,
    course: { patientId: string; createdBy: string; now: Date; fields: CourseFields },
  ): Promise<string> {
    const { fields } = course;
    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO course (patient_id, indication, phase, started_on, planned_dosing_sessions, dose_plan, vitals_limits,
             created_by, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
      [
        course.patientId,
        fields.indication,
        fields.phase,
        fields.startedOn,
        fields.plannedDosingSessions,
        fields.dosePlan,
        fields.vitalsLimits,
        course.createdBy,
        course.now,
      ],
    );
    return id;
  }

  /** Writes the fields when `version` is still current; answers whether it was. */
  async update(
    manager: EntityManager,
    id: string,
    version: number,
    change: { fields: CourseFields; now: Date },
  ): Promise<boolean> {
    const { fields } = change;
    const updated = await updateReturning<{ id: string }>(
      manager,
      `UPDATE course
              SET indication = $3, phase = $4, started_on = $5, planned_dosing_sessions = $6, dose_plan = $7,
                  vitals_limits = $8, version = version + 1, updated_at = $9
            WHERE id = $1 AND version = $2
            RETURNING id`,
      [
        id,
        version,
        fields.indication,
        fields.phase,
        fields.startedOn,
        fields.plannedDosingSessions,
        fields.dosePlan,
        fields.vitalsLimits,
        change.now,
      ],
    );
    return updated.length > 0;
  }
}
