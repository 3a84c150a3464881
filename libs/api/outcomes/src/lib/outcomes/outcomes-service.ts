import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AutocommitQueries,
  Clock,
  decodeCursor,
  isoTimestampSql,
  pageLimit,
  toPage,
  UnitOfWork,
  updateReturning,
  type Queryable,
  type RequestContext,
} from '@kap/api/core';
import { PatientAccess } from '@kap/api/patients';
import type {
  Outcome,
  OutcomeSource,
  OutcomeTrend,
  Page,
  TrendEvent,
  TrendPoint,
} from '@kap/shared/contracts';
import {
  baselineOf,
  buildTrend,
  classifyReliableChange,
  DomainError,
  Forbidden,
  INSTRUMENTS,
  NotFound,
  reliableChangeThreshold,
  scoreAlertSummary,
  scoreOutcome,
  ValidationFailed,
  type InstrumentCode,
  type OutcomeFlag,
  type ScoredOutcome,
  type TrendPointResult,
} from '@kap/shared/domain';
import { FLAG_ALERTS, WATCHED_FOR_DETERIORATION } from '../alerts/alert-rules';
import { AlertsService } from '../alerts/alerts-service';
import { OUTCOME_SELECT, toOutcome, type OutcomeRow } from './outcome-mapper';
import type { OutcomesQuery, RecordOutcomeBody, VoidOutcomeBody } from './outcome-requests';

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

/** A score may be dated a little ahead (clocks differ), never into another day. */
const MAX_AHEAD_MS = 24 * 60 * 60 * 1000;

/**
 * The patient's current course start and the time zone of the practice holding the record: the
 * baseline compares score times with the start as calendar dates in that zone, and an alert's
 * summary names the score's date on it (docs/requirements.md "Baseline and change", "Clinic time").
 */
interface CourseCalendar {
  startedOn: string | null;
  timeZone: string;
}

/**
 * Outcome measures: scored by the shared domain rules, stored with their items, never edited
 * (voided with a reason instead), trended against the baseline with reliable change.
 */
@Injectable()
export class OutcomesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly autocommit: AutocommitQueries,
    private readonly work: UnitOfWork,
    private readonly access: PatientAccess,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
  ) {}

  async record(ctx: RequestContext, patientId: string, body: RecordOutcomeBody): Promise<Outcome> {
    const scored = scoreOutcome(body.instrument, body.items, body.difficulty);
    const now = this.clock.now();
    if (Date.parse(body.administeredAt) - now.getTime() > MAX_AHEAD_MS) {
      throw new ValidationFailed([{ field: 'administeredAt', problem: 'cannot be in the future' }]);
    }
    const source = this.sourceFor(ctx, body.source);
    const target = {
      action: 'outcome.create',
      entityType: 'outcome',
      entityId: null as string | null,
      patientId,
    };
    const replay = this.access.onReplay(ctx, patientId);
    return this.access.audited(ctx, target, () =>
      this.work.create(ctx, `POST /api/patients/${patientId}/outcomes`, body, replay, async (manager) => {
        await this.access.require(manager, ctx, patientId, { lock: true });
        if (body.sessionId !== undefined) await this.requireSessionOf(manager, patientId, body.sessionId);
        const { id } = await this.store(manager, {
          patientId,
          scored,
          administeredAt: body.administeredAt,
          source,
          sessionId: body.sessionId ?? null,
          enteredBy: ctx.actor.id,
          questionnaireRequestId: null,
        });
        target.entityId = id;
        await this.access.recordSuccess(ctx, target, { instrument: scored.instrument }, manager);
        return this.read(manager, id);
      }),
    );
  }

  /**
   * Stores a scored outcome and raises its alerts, in the caller's transaction: the one path for
   * every score, typed by a clinician or answered by the patient through a questionnaire link, so
   * that both raise exactly the same alerts. Answers the new id and the flags that raised an alert.
   */
  async store(manager: EntityManager, score: NewScore): Promise<{ id: string; alertedFlags: OutcomeFlag[] }> {
    const { patientId, scored } = score;
    const [{ id }] = await manager.query(
      `INSERT INTO outcome (patient_id, instrument, instrument_version, administered_at, items, total, severity, subscales,
         flags, difficulty, source, session_id, entered_by, created_at, questionnaire_request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
      [
        patientId,
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
        this.clock.now(),
        score.questionnaireRequestId,
      ],
    );
    const alerted = { ...scored, administeredAt: score.administeredAt };
    const calendar = await this.courseCalendar(manager, patientId);
    const alertedFlags: OutcomeFlag[] = [];
    for (const flag of scored.flags) {
      const alert = FLAG_ALERTS[flag];
      if (!alert) continue;
      const summary = scoreAlertSummary(alert.kind, alerted, null, calendar.timeZone);
      await this.alerts.raise(manager, { patientId, ...alert, sourceType: 'outcome', sourceId: id, summary });
      alertedFlags.push(flag);
    }
    const baselineTotal =
      scored.total === null
        ? null
        : await this.deterioratedFromBaseline(manager, patientId, scored.instrument, id, calendar);
    if (baselineTotal !== null) {
      const summary = scoreAlertSummary('reliable_deterioration', alerted, baselineTotal, calendar.timeZone);
      await this.alerts.raise(manager, {
        patientId,
        kind: 'reliable_deterioration',
        severity: 'warning',
        sourceType: 'outcome',
        sourceId: id,
        summary,
      });
      alertedFlags.push('reliable_deterioration');
    }
    return { id, alertedFlags };
  }

  async list(ctx: RequestContext, patientId: string, query: OutcomesQuery): Promise<Page<Outcome>> {
    const target = { action: 'outcome.list', entityType: 'outcome', entityId: null, patientId };
    return this.access.audited(ctx, target, async () => {
      await this.access.require(this.dataSource.manager, ctx, patientId);
      const limit = pageLimit(query);
      const after = decodeCursor(query.cursor, ['string', 'string']);
      const rows: OutcomeRow[] = await this.dataSource.query(
        `${OUTCOME_SELECT}
          WHERE o.patient_id = $1 AND ($2::text IS NULL OR o.instrument = $2)
            AND ($3::timestamptz IS NULL OR (o.administered_at, o.id) < ($3::timestamptz, $4::uuid))
          ORDER BY o.administered_at DESC, o.id DESC
          LIMIT $5`,
        [patientId, query.instrument ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
      );
      await this.access.recordSuccess(ctx, target, { instrument: query.instrument ?? null });
      return toPage(rows, limit, (r) => [new Date(r.administered_at).toISOString(), r.id], toOutcome);
    });
  }

  async void(ctx: RequestContext, outcomeId: string, body: VoidOutcomeBody): Promise<Outcome> {
    const [located] = await this.dataSource.query(`SELECT patient_id FROM outcome WHERE id = $1`, [
      outcomeId,
    ]);
    const target = {
      action: 'outcome.void',
      entityType: 'outcome',
      entityId: outcomeId,
      patientId: located?.patient_id ?? null,
    };
    return this.access.audited(ctx, target, () =>
      this.work.run(async (manager) => {
        if (!located) throw new NotFound();
        const view = await this.access.require(manager, ctx, located.patient_id);
        const [current] = await manager.query(
          `SELECT entered_by, voided_at FROM outcome WHERE id = $1 FOR UPDATE`,
          [outcomeId],
        );
        // The patient's own answer (no entering user) is voided by their therapist, who sent the link.
        const mayVoid =
          current.entered_by === null
            ? ctx.actor.role === 'therapist' && view === 'practice'
            : current.entered_by === ctx.actor.id;
        if (!mayVoid) throw new Forbidden('Only the person who entered a score may void it.');
        if (current.voided_at) throw new DomainError('conflict', 'This score was already voided.');
        await updateReturning(
          manager,
          `UPDATE outcome SET voided_at = $2, void_reason = $3, voided_by = $4 WHERE id = $1 RETURNING id`,
          [outcomeId, this.clock.now(), body.reason.trim(), ctx.actor.id],
        );
        await this.access.recordSuccess(ctx, target, {}, manager);
        return this.read(manager, outcomeId);
      }),
    );
  }

  async trend(ctx: RequestContext, patientId: string, instrument: InstrumentCode): Promise<OutcomeTrend> {
    const target = { action: 'outcome.trend', entityType: 'outcome', entityId: null, patientId };
    return this.access.audited(ctx, target, async () => {
      // Hot read (P3): straight through the pool, no query runner per statement.
      await this.access.require(this.autocommit, ctx, patientId);
      const [scores, calendar, events] = await Promise.all([
        this.autocommit.query(
          `SELECT o.id, ${isoTimestampSql('o.administered_at')} AS administered_at, o.total, o.severity, o.source FROM outcome o
            WHERE o.patient_id = $1 AND o.instrument = $2 AND o.voided_at IS NULL
            ORDER BY o.administered_at, o.id`,
          [patientId, instrument],
        ),
        this.courseCalendar(this.autocommit, patientId),
        this.events(patientId),
      ]);
      const rows: {
        id: string;
        administered_at: string;
        total: number | null;
        severity: string | null;
        source: OutcomeSource;
      }[] = scores;
      const trend = buildTrend(
        instrument,
        rows.map((s) => ({
          id: s.id,
          administeredAt: s.administered_at,
          total: s.total,
          severity: s.severity,
          voided: false,
        })),
        calendar.startedOn,
        calendar.timeZone,
      );
      await this.access.recordSuccess(ctx, target, { instrument });
      // Who gave each score, so the chart can mark the patient's own reports apart.
      const sourceOf = new Map(rows.map((s) => [s.id, s.source]));
      const withSource = (point: TrendPointResult): TrendPoint => ({
        ...point,
        source: sourceOf.get(point.outcomeId) ?? 'clinician',
      });
      return {
        instrument,
        baseline: trend.baseline && withSource(trend.baseline),
        points: trend.points.map(withSource),
        reliableChangeThreshold: trend.reliableChangeThreshold,
        reliableChangeSource: INSTRUMENTS[instrument].reliableChange?.source ?? null,
        events,
      };
    });
  }

  /** A score given at a session must name one of this patient's sessions. */
  private async requireSessionOf(
    manager: EntityManager,
    patientId: string,
    sessionId: string,
  ): Promise<void> {
    const [session] = await manager.query(
      `SELECT 1 FROM therapy_session WHERE id = $1 AND patient_id = $2 AND archived_at IS NULL`,
      [sessionId, patientId],
    );
    if (!session)
      throw new ValidationFailed([{ field: 'sessionId', problem: "must be one of this patient's sessions" }]);
  }

  private async read(manager: EntityManager, id: string): Promise<Outcome> {
    const [row] = await manager.query(`${OUTCOME_SELECT} WHERE o.id = $1`, [id]);
    return toOutcome(row);
  }

  /** A therapist enters as clinician (or on the patient's behalf); the medical team as itself. */
  private sourceFor(ctx: RequestContext, requested: OutcomeSource | undefined): OutcomeSource {
    const own: OutcomeSource = ctx.actor.organizationKind === 'medical_team' ? 'medical_team' : 'clinician';
    if (requested === undefined || requested === own || requested === 'patient') return requested ?? own;
    throw new ValidationFailed([{ field: 'source', problem: `must be ${own} or patient for your role` }]);
  }

  /**
   * The baseline total when the new score is a reliable deterioration from it (null otherwise):
   * measured against the intake baseline, so a worse first score of the course still counts.
   */
  private async deterioratedFromBaseline(
    manager: EntityManager,
    patientId: string,
    instrument: InstrumentCode,
    newId: string,
    calendar: CourseCalendar,
  ): Promise<number | null> {
    if (!WATCHED_FOR_DETERIORATION.includes(instrument)) return null;
    const rows = await manager.query(
      `SELECT id, administered_at, total FROM outcome WHERE patient_id = $1 AND instrument = $2 AND voided_at IS NULL`,
      [patientId, instrument],
    );
    const scores: { id: string; administeredAt: string; total: number; voided: boolean }[] = rows.map(
      (r: { id: string; administered_at: Date; total: number }) => ({
        id: r.id,
        administeredAt: new Date(r.administered_at).toISOString(),
        total: r.total,
        voided: false,
      }),
    );
    const baseline = baselineOf(scores, calendar.startedOn, calendar.timeZone);
    const current = scores.find((s) => s.id === newId);
    if (!baseline || !current || baseline.id === newId) return null;
    const change = classifyReliableChange(
      baseline.total,
      current.total,
      reliableChangeThreshold(INSTRUMENTS[instrument].reliableChange),
    );
    return change === 'deteriorated' ? baseline.total : null;
  }

  /** The current course's start and the practice's time zone, in one read. */
  private async courseCalendar(db: Queryable, patientId: string): Promise<CourseCalendar> {
    const [row]: { started_on: string | null; time_zone: string }[] = await db.query(
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
    return { startedOn: row?.started_on ?? null, timeZone: row?.time_zone ?? 'UTC' };
  }

  /**
   * What to mark on the chart: course starts, dosing sessions and the medical team's own status
   * entries. Every reader of the trend sees these, the medical team too, so an event is a time, a
   * kind and a fixed label: a dose's label is built from its number, never from free text.
   */
  private async events(patientId: string): Promise<TrendEvent[]> {
    // The columns are the event's fields (`at` already ISO text): the rows are the answer. The
    // dosing branch reads the partial index therapy_session_dosing_idx (patient, time).
    return this.autocommit.query(
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
