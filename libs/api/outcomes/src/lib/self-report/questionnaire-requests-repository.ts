import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { QuestionnaireRequestStatus, SubmittedQuestionnaire } from '@kap/shared/contracts';
import type { InstrumentCode } from '@kap/shared/domain';
import {
  questionnaireRequestColumns,
  questionnaireStatusSql,
  type QuestionnaireRequestRow,
} from './questionnaire-request-mapper';

/** A new request's fields; the link's token itself is never stored, only its hash. */
export interface NewQuestionnaireRequest {
  patientId: string;
  instruments: InstrumentCode[];
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
}

/** The link behind a token, with what the patient's page shows and the stored answer for a replay. */
export interface LinkRow {
  id: string;
  patient_id: string;
  instruments: InstrumentCode[];
  expires_at: Date;
  status: QuestionnaireRequestStatus;
  first_name: string;
  practice_name: string;
  answer_key: string | null;
  answer_fingerprint: string | null;
  answer_response: SubmittedQuestionnaire | null;
}

/** The patient's e-mail address and the practice's name. */
export interface MailTargetRow {
  email: string | null;
  practice_name: string;
}

/**
 * The SQL of questionnaire requests: created by the therapist or the measurement plan, listed,
 * cancelled, mailed, and found and completed through the patient's link.
 */
@Injectable()
export class QuestionnaireRequestsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A therapist's request, for the patient's current course (if any); answers its id. */
  async insert(
    manager: EntityManager,
    request: NewQuestionnaireRequest & { createdBy: string },
  ): Promise<string> {
    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO questionnaire_request (patient_id, course_id, instruments, token_hash, created_by, created_at, expires_at)
           VALUES ($1, (SELECT id FROM course WHERE patient_id = $1 AND phase NOT IN ('completed', 'discontinued')
                         ORDER BY started_on DESC, created_at DESC LIMIT 1),
                   $2, $3, $4, $5, $6)
           RETURNING id`,
      [
        request.patientId,
        request.instruments,
        request.tokenHash,
        request.createdBy,
        request.createdAt,
        request.expiresAt,
      ],
    );
    return id;
  }

  /**
   * A request the course's plan makes due, unless one exists for this (course, timing, occurrence)
   * already; answers the new row, or undefined when another run made it.
   */
  async insertPlanned(
    manager: EntityManager,
    request: NewQuestionnaireRequest & { courseId: string; timing: string; occurrence: string },
  ): Promise<{ id: string; patient_id: string } | undefined> {
    const [row] = await manager.query<{ id: string; patient_id: string }[]>(
      `INSERT INTO questionnaire_request (patient_id, course_id, instruments, token_hash, created_by, plan_timing, plan_occurrence, created_at, expires_at)
         VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $8)
         ON CONFLICT (course_id, plan_timing, plan_occurrence) WHERE plan_timing IS NOT NULL DO NOTHING
         RETURNING id, patient_id`,
      [
        request.patientId,
        request.courseId,
        request.instruments,
        request.tokenHash,
        request.timing,
        request.occurrence,
        request.createdAt,
        request.expiresAt,
      ],
    );
    return row;
  }

  /** The request with its status as of `now`. */
  async find(manager: EntityManager, id: string, now: Date): Promise<QuestionnaireRequestRow> {
    const [row] = await manager.query<QuestionnaireRequestRow[]>(
      `SELECT ${questionnaireRequestColumns('q', '$2')} FROM questionnaire_request q WHERE q.id = $1`,
      [id, now],
    );
    return row;
  }

  /** The same, locked until the transaction ends. */
  async lock(manager: EntityManager, id: string, now: Date): Promise<QuestionnaireRequestRow> {
    const [current] = await manager.query<QuestionnaireRequestRow[]>(
      `SELECT ${questionnaireRequestColumns('q', '$2')} FROM questionnaire_request q WHERE q.id = $1 FOR UPDATE`,
      [id, now],
    );
    return current;
  }

  /** The patient's requests, newest first (at most 200), each with its status as of `now`. */
  list(patientId: string, now: Date): Promise<QuestionnaireRequestRow[]> {
    return this.dataSource.query<QuestionnaireRequestRow[]>(
      `SELECT ${questionnaireRequestColumns('q', '$2')} FROM questionnaire_request q
          WHERE q.patient_id = $1 ORDER BY q.created_at DESC, q.id DESC LIMIT 200`,
      [patientId, now],
    );
  }

  /** The patient a request is for; null for an unknown id. */
  async patientOf(requestId: string): Promise<string | null> {
    const [located] = await this.dataSource.query<{ patient_id: string }[]>(
      `SELECT patient_id FROM questionnaire_request WHERE id = $1`,
      [requestId],
    );
    return located?.patient_id ?? null;
  }

  async cancel(manager: EntityManager, id: string, cancellation: { at: Date; by: string }): Promise<void> {
    await manager.query(
      `UPDATE questionnaire_request SET cancelled_at = $2, cancelled_by = $3 WHERE id = $1`,
      [id, cancellation.at, cancellation.by],
    );
  }

  /** A new token for the same link (an Idempotency-Key replay): the old token stops working. */
  async replaceToken(manager: EntityManager, id: string, tokenHash: string): Promise<void> {
    await manager.query(`UPDATE questionnaire_request SET token_hash = $2 WHERE id = $1`, [id, tokenHash]);
  }

  async markMailed(id: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE questionnaire_request SET mailed_at = $2 WHERE id = $1`, [id, at]);
  }

  /** Where the patient's link may be mailed; undefined for an unknown patient. */
  async mailTarget(manager: EntityManager, patientId: string): Promise<MailTargetRow | undefined> {
    const [row] = await manager.query<MailTargetRow[]>(
      `SELECT p.email, o.name AS practice_name FROM patient p JOIN organization o ON o.id = p.practice_id WHERE p.id = $1`,
      [patientId],
    );
    return row;
  }

  /**
   * The link stored under the token's hash, with its status as of `now`; undefined when unknown or
   * when its patient is archived. `lock` holds the request row until the transaction ends.
   */
  async findLink(
    manager: EntityManager,
    tokenHash: string,
    now: Date,
    lock: boolean,
  ): Promise<LinkRow | undefined> {
    const [row] = await manager.query<LinkRow[]>(
      `SELECT q.id, q.patient_id, q.instruments, q.expires_at, ${questionnaireStatusSql('q', '$2')} AS status,
              coalesce(p.preferred_name, p.given_name) AS first_name, o.name AS practice_name,
              q.answer_key, q.answer_fingerprint, q.answer_response
         FROM questionnaire_request q
         JOIN patient p ON p.id = q.patient_id AND p.archived_at IS NULL
         JOIN organization o ON o.id = p.practice_id
        WHERE q.token_hash = $1
        ${lock ? 'FOR UPDATE OF q' : ''}`,
      [tokenHash, now],
    );
    return row;
  }

  /** Holds the patient row until the transaction ends: writes to one patient queue up. */
  async lockPatient(manager: EntityManager, patientId: string): Promise<void> {
    await manager.query(`SELECT 1 FROM patient WHERE id = $1 FOR UPDATE`, [patientId]);
  }

  /** Completes the request with the answer kept for an Idempotency-Key replay (key and fingerprint null without a key). */
  async complete(
    manager: EntityManager,
    id: string,
    completion: { at: Date; key: string | null; fingerprint: string | null; answer: SubmittedQuestionnaire },
  ): Promise<void> {
    await manager.query(
      `UPDATE questionnaire_request SET completed_at = $2, answer_key = $3, answer_fingerprint = $4, answer_response = $5 WHERE id = $1`,
      [id, completion.at, completion.key, completion.fingerprint, JSON.stringify(completion.answer)],
    );
  }
}
