import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AutocommitQueries, isoTimestampSql, updateReturning, type Queryable } from '@kap/api/platform';
import type { OutcomeSource, TrendEvent } from '@kap/shared/contracts';
import type { InstrumentCode, ScoredOutcome } from '@kap/shared/domain';
import { OUTCOME_SELECT, type OutcomeRow } from './outcome-mapper';

/** One score to store: scored by the domain rules, with who gave it and where it came from. */
export interface NewScore {
  patientId: string;
  scored: ScoredOutcome;
  administeredAt: string;
  source: OutcomeSource;
  sessionId: string | null;
  /** The signed-in person who entered it; null for the patient's own answer through a link. */
  enteredBy: string | null;
  questionnaireRequestId: string | null;
}

/** A score on the trend: the instrument's non-voided scores in time order. */
export interface TrendScoreRow {
  id: string;
  /** ISO text (`isoTimestampSql`). */
  administered_at: string;
  total: number | null;
  severity: string | null;
  source: OutcomeSource;
}

/** A score the baseline is judged among. */
export interface BaselineScoreRow {
  id: string;
  administered_at: Date;
  total: number;
}

/** The patient's current course start (`YYYY-MM-DD`, null without one) and the practice's time zone. */
export interface CourseCalendarRow {
  started_on: string | null;
  time_zone: string;
}

/** Who entered a score and whether it was voided, read under a row lock. */
export interface VoidableOutcomeRow {
  entered_by: string | null;
  voided_at: Date | null;
}

/** The SQL of outcome measures: scores as stored (never edited, voided instead), trend and chart events. */
@Injectable()
export class OutcomesRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly autocommit: AutocommitQueries,
  ) {}

  /** Answers the new score's id. */
  async insert(manager: EntityManager, score: NewScore, createdAt: Date): Promise<string> {
    const { scored } = score;
    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO outcome (patient_id, instrument, instrument_version, administered_at, items, total, severity, subscales,
         flags, difficulty, source, session_id, entered_by, created_at, questionnaire_request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
      [
        score.patientId,
        scored.instrument,
        scored.instrumentVersion,
        new Date(score.administeredAt),
        JSON.stringify(scored.items),
        scored.total,
        scored.severity,
        scored.subscales ? JSON.stringify(scored.subscales) : null,
        JSON.stringify(scored.flags),
        scored.difficulty,
        score.source,
        score.sessionId,
        score.enteredBy,
        createdAt,
        score.questionnaireRequestId,
      ],
    );
    return id;
  }

  /** Newest first, of one instrument when given, after the (time, id) position when given. */
  page(
    patientId: string,
    instrument: InstrumentCode | null,
    after: { administeredAt: string; id: string } | null,
    take: number,
  ): Promise<OutcomeRow[]> {
    return this.dataSource.query<OutcomeRow[]>(
      `${OUTCOME_SELECT}
          WHERE o.patient_id = $1 AND ($2::text IS NULL OR o.instrument = $2)
            AND ($3::timestamptz IS NULL OR (o.administered_at, o.id) < ($3::timestamptz, $4::uuid))
          ORDER BY o.administered_at DESC, o.id DESC
          LIMIT $5`,
      [patientId, instrument, after?.administeredAt ?? null, after?.id ?? null, take],
    );
  }

  async find(manager: EntityManager, id: string): Promise<OutcomeRow> {
    const [row] = await manager.query<OutcomeRow[]>(`${OUTCOME_SELECT} WHERE o.id = $1`, [id]);
    return row;
  }

  /** The patient a score is about; null for an unknown id. */
  async patientOf(outcomeId: string): Promise<string | null> {
    const [located] = await this.dataSource.query<{ patient_id: string }[]>(
      `SELECT patient_id FROM outcome WHERE id = $1`,
      [outcomeId],
    );
    return located?.patient_id ?? null;
  }

  /** Locks the score until the transaction ends. */
  async lockForVoid(manager: EntityManager, outcomeId: string): Promise<VoidableOutcomeRow> {
    const [current] = await manager.query<VoidableOutcomeRow[]>(
      `SELECT entered_by, voided_at FROM outcome WHERE id = $1 FOR UPDATE`,
      [outcomeId],
    );
    return current;
  }

  async void(
    manager: EntityManager,
    outcomeId: string,
    voiding: { at: Date; reason: string; by: string },
  ): Promise<void> {
    await updateReturning<{ id: string }>(
      manager,
      `UPDATE outcome SET voided_at = $2, void_reason = $3, voided_by = $4 WHERE id = $1 RETURNING id`,
      [outcomeId, voiding.at, voiding.reason, voiding.by],
    );
  }

  /** Hot read (P3): straight through the pool, no query runner per statement. */
  trendScores(patientId: string, instrument: InstrumentCode): Promise<TrendScoreRow[]> {
    return this.autocommit.query<TrendScoreRow[]>(
      `SELECT o.id, ${isoTimestampSql('o.administered_at')} AS administered_at, o.total, o.severity, o.source FROM outcome o
            WHERE o.patient_id = $1 AND o.instrument = $2 AND o.voided_at IS NULL
            ORDER BY o.administered_at, o.id`,
      [patientId, instrument],
    );
  }

  /** Whether the session is one of the patient's (not archived). */
  async isSessionOf(manager: EntityManager, sessionId: string, patientId: string): Promise<boolean> {
    const [session] = await manager.query<unknown[]>(
      `SELECT 1 FROM therapy_session WHERE id = $1 AND patient_id = $2 AND archived_at IS NULL`,
      [sessionId, patientId],
    );
    return session !== undefined;
  }

  /** The instrument's non-voided scores of the patient, in no particular order. */
  baselineScores(
    manager: EntityManager,
    patientId: string,
    instrument: InstrumentCode,
  ): Promise<BaselineScoreRow[]> {
    return manager.query<BaselineScoreRow[]>(
      `SELECT id, administered_at, total FROM outcome WHERE patient_id = $1 AND instrument = $2 AND voided_at IS NULL`,
      [patientId, instrument],
    );
  }

  /** In one read; undefined for an unknown patient. */
  async courseCalendar(db: Queryable, patientId: string): Promise<CourseCalendarRow | undefined> {
    const [row] = await db.query<CourseCalendarRow[]>(
      `SELECT c.started_on, o.time_zone
         FROM patient p JOIN organization o ON o.id = p.practice_id
         LEFT JOIN LATERAL (
           SELECT to_char(started_on, 'YYYY-MM-DD') AS started_on FROM course
            WHERE patient_id = p.id AND phase NOT IN ('completed', 'discontinued')
            ORDER BY started_on DESC, created_at DESC LIMIT 1
         ) c ON true
        WHERE p.id = $1`,
      [patientId],
    );
    return row;
  }

  /**
   * Course starts, dosing sessions and the medical team's own status entries, in time order. The
   * columns are the event's fields (`at` already ISO text): the rows are the answer. The dosing
   * branch reads the partial index therapy_session_dosing_idx (patient, time).
   */
  trendEvents(patientId: string): Promise<TrendEvent[]> {
    return this.autocommit.query<TrendEvent[]>(
      `SELECT ${isoTimestampSql('started_on::timestamptz')} AS at, 'course_start' AS kind, 'Course started' AS label FROM course WHERE patient_id = $1
       UNION ALL
       SELECT ${isoTimestampSql('occurred_at')},
              'dosing',
              CASE WHEN jsonb_typeof(dosing -> 'doseMg') = 'number' THEN 'Dose ' || (dosing ->> 'doseMg') || ' mg' ELSE 'Dosing session' END
         FROM therapy_session WHERE patient_id = $1 AND kind = 'dosing' AND archived_at IS NULL
       UNION ALL
       SELECT ${isoTimestampSql('as_of')}, 'medical_follow_up', 'Medical team update' FROM medical_status_entry WHERE patient_id = $1 AND source = 'medical_team'
       ORDER BY 1`,
      [patientId],
    );
  }
}
