import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AutocommitQueries,
  Clock,
  decodeCursor,
  pageLimit,
  toPage,
  UnitOfWork,
  type Queryable,
  type RequestContext,
} from '@kap/api/platform';
import { PatientAccess } from '@kap/api/patients';
import type { Outcome, OutcomeSource, OutcomeTrend, Page, TrendPoint } from '@kap/shared/contracts';
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
  type TrendPointResult,
} from '@kap/shared/domain';
import { FLAG_ALERTS, WATCHED_FOR_DETERIORATION } from '../alerts/alert-rules';
import { AlertsService } from '../alerts/alerts-service';
import { toOutcome } from './outcome-mapper';
import type { OutcomesQuery, RecordOutcomeBody, VoidOutcomeBody } from './outcome-requests';
import { OutcomesRepository, type NewScore } from './outcomes-repository';

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
    private readonly outcomes: OutcomesRepository,
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
    const id = await this.outcomes.insert(manager, score, this.clock.now());
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
      const rows = await this.outcomes.page(
        patientId,
        query.instrument ?? null,
        after ? { administeredAt: String(after[0]), id: String(after[1]) } : null,
        limit + 1,
      );
      await this.access.recordSuccess(ctx, target, { instrument: query.instrument ?? null });
      return toPage(rows, limit, (r) => [new Date(r.administered_at).toISOString(), r.id], toOutcome);
    });
  }

  async void(ctx: RequestContext, outcomeId: string, body: VoidOutcomeBody): Promise<Outcome> {
    const patientId = await this.outcomes.patientOf(outcomeId);
    const target = {
      action: 'outcome.void',
      entityType: 'outcome',
      entityId: outcomeId,
      patientId,
    };
    return this.access.audited(ctx, target, () =>
      this.work.run(async (manager) => {
        if (!patientId) throw new NotFound();
        const view = await this.access.require(manager, ctx, patientId);
        const current = await this.outcomes.lockForVoid(manager, outcomeId);
        // The patient's own answer (no entering user) is voided by their therapist, who sent the link.
        const mayVoid =
          current.entered_by === null
            ? ctx.actor.role === 'therapist' && view === 'practice'
            : current.entered_by === ctx.actor.id;
        if (!mayVoid) throw new Forbidden('Only the person who entered a score may void it.');
        if (current.voided_at) throw new DomainError('conflict', 'This score was already voided.');
        await this.outcomes.void(manager, outcomeId, {
          at: this.clock.now(),
          reason: body.reason.trim(),
          by: ctx.actor.id,
        });
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
      const [rows, calendar, events] = await Promise.all([
        this.outcomes.trendScores(patientId, instrument),
        this.courseCalendar(this.autocommit, patientId),
        // What to mark on the chart. Every reader of the trend sees these, the medical team too, so
        // an event is a time, a kind and a fixed label: a dose's label is built from its number,
        // never from free text.
        this.outcomes.trendEvents(patientId),
      ]);
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
    if (!(await this.outcomes.isSessionOf(manager, sessionId, patientId)))
      throw new ValidationFailed([{ field: 'sessionId', problem: "must be one of this patient's sessions" }]);
  }

  private async read(manager: EntityManager, id: string): Promise<Outcome> {
    return toOutcome(await this.outcomes.find(manager, id));
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
    const rows = await this.outcomes.baselineScores(manager, patientId, instrument);
    const scores = rows.map((r) => ({
      id: r.id,
      administeredAt: new Date(r.administered_at).toISOString(),
      total: r.total,
      voided: false,
    }));
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
    const row = await this.outcomes.courseCalendar(db, patientId);
    return { startedOn: row?.started_on ?? null, timeZone: row?.time_zone ?? 'UTC' };
  }
}
