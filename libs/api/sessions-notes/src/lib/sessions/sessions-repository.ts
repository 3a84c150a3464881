import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isoTimestampSql, updateReturning, type Queryable } from '@kap/api/platform';
import type { DosePlan, SessionKind, SessionWarning, VitalsLimits } from '@kap/shared/contracts';
import type { MedicalStatusEntry } from '@kap/shared/domain';
import { SESSION_SELECT, type SessionRow } from './session-mapper';

/** A session's stored fields; `dosing` is the JSON text of the dose record (null when none). */
export interface SessionFields {
  kind: SessionKind;
  occurredAt: Date;
  durationMinutes: number;
  setting: string;
  courseId: string | null;
  dosing: string | null;
}

/** The prescriber's orders on a course. */
export interface CourseOrdersRow {
  dose_plan: DosePlan | null;
  vitals_limits: VitalsLimits | null;
}

/** Another session of the patient, as a dose is judged against it. */
export interface OtherSessionRow {
  id: string;
  kind: SessionKind;
  occurred_at: Date;
  course_id: string | null;
}

/**
 * The session log's SQL. Reads outside a transaction go through the DataSource; the rest run in
 * the caller's transaction.
 */
@Injectable()
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    db: Queryable,
    patientId: string,
    fields: SessionFields,
    recordedBy: string,
    now: Date,
  ): Promise<string> {
    const [{ id }] = await db.query<{ id: string }[]>(
      `INSERT INTO therapy_session (patient_id, course_id, kind, occurred_at, duration_minutes, setting, dosing,
             recorded_by, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
      [
        patientId,
        fields.courseId,
        fields.kind,
        fields.occurredAt,
        fields.durationMinutes,
        fields.setting,
        fields.dosing,
        recordedBy,
        now,
      ],
    );
    return id;
  }

  /**
   * A page of the patient's sessions (of `kind` when given), newest first by `occurred_at`, after
   * the cursor: one row more than `limit`.
   */
  listOfPatient(
    patientId: string,
    kind: SessionKind | null,
    after: (string | number)[] | null,
    limit: number,
  ): Promise<SessionRow[]> {
    return this.dataSource.query<SessionRow[]>(
      `${SESSION_SELECT}
          WHERE s.patient_id = $1 AND s.archived_at IS NULL AND ($2::text IS NULL OR s.kind = $2)
            AND ($3::timestamptz IS NULL OR (s.occurred_at, s.id) < ($3::timestamptz, $4::uuid))
          ORDER BY s.occurred_at DESC, s.id DESC
          LIMIT $5`,
      [patientId, kind, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
  }

  /** The patient a session (not archived) is about, or null. */
  async patientOf(sessionId: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ patient_id: string }[]>(
      `SELECT patient_id FROM therapy_session WHERE id = $1 AND archived_at IS NULL`,
      [sessionId],
    );
    return row?.patient_id ?? null;
  }

  async read(db: Queryable, id: string): Promise<SessionRow | undefined> {
    const [row] = await db.query<SessionRow[]>(`${SESSION_SELECT} WHERE s.id = $1`, [id]);
    return row;
  }

  /** The orders on the course, when it is one of the patient's. */
  async courseOrders(
    db: Queryable,
    courseId: string,
    patientId: string,
  ): Promise<CourseOrdersRow | undefined> {
    const [course] = await db.query<CourseOrdersRow[]>(
      `SELECT dose_plan, vitals_limits FROM course WHERE id = $1 AND patient_id = $2`,
      [courseId, patientId],
    );
    return course;
  }

  /** Changes the session if it is still at `version`; answers whether it did. */
  async update(
    manager: EntityManager,
    id: string,
    version: number,
    fields: SessionFields,
    now: Date,
  ): Promise<boolean> {
    const updated = await updateReturning<{ id: string }>(
      manager,
      `UPDATE therapy_session
              SET kind = $3, occurred_at = $4, duration_minutes = $5, setting = $6, course_id = $7, dosing = $8,
                  version = version + 1, updated_at = $9
            WHERE id = $1 AND version = $2
            RETURNING id`,
      [
        id,
        version,
        fields.kind,
        fields.occurredAt,
        fields.durationMinutes,
        fields.setting,
        fields.courseId,
        fields.dosing,
        now,
      ],
    );
    return updated.length > 0;
  }

  /** The patient's sessions (not archived) other than `sessionId`. */
  otherSessions(db: Queryable, patientId: string, sessionId: string): Promise<OtherSessionRow[]> {
    return db.query<OtherSessionRow[]>(
      `SELECT id, kind, occurred_at, course_id FROM therapy_session WHERE patient_id = $1 AND id <> $2 AND archived_at IS NULL`,
      [patientId, sessionId],
    );
  }

  async setWarnings(db: Queryable, id: string, warnings: SessionWarning[]): Promise<void> {
    await db.query(`UPDATE therapy_session SET warnings = $2 WHERE id = $1`, [id, warnings]);
  }

  /** Whether the session is one of the patient's (and not archived). */
  async isOfPatient(db: Queryable, sessionId: string, patientId: string): Promise<boolean> {
    const [session] = await db.query<unknown[]>(
      `SELECT 1 FROM therapy_session WHERE id = $1 AND patient_id = $2 AND archived_at IS NULL`,
      [sessionId, patientId],
    );
    return session !== undefined;
  }

  /**
   * The patient's medical-status entries stated up to `until` (all of them without it), in the
   * domain's words: a dose is judged against their merge as of the dose (`sessionWarnings`).
   */
  statusHistoryUntil(db: Queryable, patientId: string, until: string | null): Promise<MedicalStatusEntry[]> {
    return db.query<MedicalStatusEntry[]>(
      `SELECT id, ${isoTimestampSql('as_of')} AS "asOf", ${isoTimestampSql('created_at')} AS "createdAt", eligibility, prescription,
            to_char(next_follow_up_due, 'YYYY-MM-DD') AS "nextFollowUpDue", monitoring
       FROM medical_status_entry WHERE patient_id = $1 AND ($2::timestamptz IS NULL OR as_of <= $2)`,
      [patientId, until === null ? null : new Date(until)],
    );
  }
}
