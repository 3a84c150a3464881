import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  Clock,
  decodeCursor,
  pageLimit,
  requiredVersion,
  toPage,
  UnitOfWork,
  updateReturning,
  type RequestContext,
} from '@kap/api/core';
import { AlertsService } from '@kap/api/outcomes';
import { PatientAccess, practiceTimeZone, type AuditTarget } from '@kap/api/patients';
import type {
  AlertKind,
  AlertSeverity,
  DosingRecord,
  Page,
  Session,
  SessionKind,
  SessionWarning,
} from '@kap/shared/contracts';
import {
  implausibleSessionValues,
  isJudged,
  mergeMedicalStatus,
  NotFound,
  sessionAlertSummary,
  sessionWarnings,
  ValidationFailed,
  VersionConflict,
  type CourseOrders,
  type DoseContext,
  type FieldProblem,
  type SessionFacts,
  type StatusEligibility,
} from '@kap/shared/domain';
import { SESSION_SELECT, storedDosing, toSession, type SessionRow } from './session-mapper';
import type { CreateSessionBody, SessionsQuery, UpdateSessionBody } from './session-requests';
import { statusHistoryUntil } from './status-history';

/**
 * Warnings the medical team must see as alerts (docs/api.md "Alerts" and "Orders, status and
 * the dose"). `vitals_limits_not_ordered` and `on_call_not_informed` are the therapist's to fix:
 * warnings only.
 */
export const SESSION_ALERTS: Partial<Record<SessionWarning, { kind: AlertKind; severity: AlertSeverity }>> = {
  vitals_out_of_range: { kind: 'vitals_out_of_range', severity: 'warning' },
  serious_adverse_event: { kind: 'serious_adverse_event', severity: 'urgent' },
  dosing_frequency_exceeded: { kind: 'dosing_frequency_exceeded', severity: 'warning' },
  dose_outside_plan: { kind: 'dose_outside_plan', severity: 'warning' },
  not_cleared_for_dosing: { kind: 'not_cleared_for_dosing', severity: 'warning' },
  prescription_not_active: { kind: 'prescription_not_active', severity: 'warning' },
  doses_authorized_exceeded: { kind: 'doses_authorized_exceeded', severity: 'warning' },
  severe_adverse_event: { kind: 'severe_adverse_event', severity: 'warning' },
};

/**
 * The alert a warning raises, or null. A dose the medical team had declared `not_eligible` for is
 * urgent; any other lack of clearance (pending, clearance required, nothing recorded) a warning.
 */
export function sessionAlert(
  warning: SessionWarning,
  eligibilityAtDose: StatusEligibility | null,
): { kind: AlertKind; severity: AlertSeverity } | null {
  const alert = SESSION_ALERTS[warning];
  if (!alert) return null;
  if (warning === 'not_cleared_for_dosing' && eligibilityAtDose === 'not_eligible')
    return { ...alert, severity: 'urgent' };
  return alert;
}

/** The fields a session is judged on, whether it is being created or changed. */
interface SessionDraft {
  kind: SessionKind;
  occurredAt: string;
  durationMinutes: number;
  setting: string;
  courseId: string | null;
  dosing: DosingRecord | null;
}

/**
 * The session log. What happened is always recordable: a session that breaks a course rule is
 * stored and answered with its warnings (and alerts raised in the same transaction); only a
 * physically impossible value is refused, so that it is typed again.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly work: UnitOfWork,
    private readonly access: PatientAccess,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
  ) {}

  async create(ctx: RequestContext, patientId: string, body: CreateSessionBody): Promise<Session> {
    const draft: SessionDraft = {
      kind: body.kind,
      occurredAt: body.occurredAt,
      durationMinutes: body.durationMinutes,
      setting: body.setting,
      courseId: body.courseId ?? null,
      dosing: body.dosing ?? null,
    };
    this.checkDraft(draft);
    const target: AuditTarget = {
      action: 'session.create',
      entityType: 'session',
      entityId: null,
      patientId,
    };
    const replay = this.access.onReplay(ctx, patientId, { need: 'practice' });
    return this.access.audited(ctx, target, () =>
      this.work.create(ctx, `POST /api/patients/${patientId}/sessions`, body, replay, async (manager) => {
        // The patient row is held until commit, so two sessions logged at once are judged in turn.
        await this.access.require(manager, ctx, patientId, { need: 'practice', lock: true });
        const orders = await this.ordersOf(manager, patientId, draft.courseId);
        const now = this.clock.now();
        const [{ id }] = await manager.query(
          `INSERT INTO therapy_session (patient_id, course_id, kind, occurred_at, duration_minutes, setting, dosing,
             recorded_by, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
          [
            patientId,
            draft.courseId,
            draft.kind,
            new Date(draft.occurredAt),
            draft.durationMinutes,
            draft.setting,
            draft.dosing ? JSON.stringify(storedDosing(draft.dosing)) : null,
            ctx.actor.id,
            now,
          ],
        );
        target.entityId = id;
        const warnings = await this.judge(manager, patientId, id, draft, orders);
        await this.access.recordSuccess(ctx, target, { kind: draft.kind, warnings }, manager);
        return this.read(manager, id);
      }),
    );
  }

  /** Newest first by `occurredAt`. */
  async list(ctx: RequestContext, patientId: string, query: SessionsQuery): Promise<Page<Session>> {
    const target: AuditTarget = { action: 'session.list', entityType: 'session', entityId: null, patientId };
    return this.access.audited(ctx, target, async () => {
      await this.access.require(this.dataSource.manager, ctx, patientId);
      const limit = pageLimit(query);
      const after = decodeCursor(query.cursor, ['string', 'string']);
      const rows: SessionRow[] = await this.dataSource.query(
        `${SESSION_SELECT}
          WHERE s.patient_id = $1 AND s.archived_at IS NULL AND ($2::text IS NULL OR s.kind = $2)
            AND ($3::timestamptz IS NULL OR (s.occurred_at, s.id) < ($3::timestamptz, $4::uuid))
          ORDER BY s.occurred_at DESC, s.id DESC
          LIMIT $5`,
        [patientId, query.kind ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
      );
      await this.access.recordSuccess(ctx, target, { kind: query.kind ?? null });
      return toPage(rows, limit, (r) => [new Date(r.occurred_at).toISOString(), r.id], toSession);
    });
  }

  async get(ctx: RequestContext, sessionId: string): Promise<Session> {
    const located = await this.locate(sessionId);
    const target: AuditTarget = {
      action: 'session.read',
      entityType: 'session',
      entityId: sessionId,
      patientId: located,
    };
    return this.access.audited(ctx, target, async () => {
      if (!located) throw new NotFound();
      await this.access.require(this.dataSource.manager, ctx, located);
      const session = await this.read(this.dataSource.manager, sessionId);
      await this.access.recordSuccess(ctx, target);
      return session;
    });
  }

  /** Changes a session (If-Match); its warnings are judged again and new alerts raised. */
  async update(ctx: RequestContext, sessionId: string, body: UpdateSessionBody): Promise<Session> {
    const version = requiredVersion(ctx);
    const located = await this.locate(sessionId);
    const target: AuditTarget = {
      action: 'session.update',
      entityType: 'session',
      entityId: sessionId,
      patientId: located,
    };
    return this.access.audited(ctx, target, () =>
      this.work.run(async (manager) => {
        if (!located) throw new NotFound();
        await this.access.require(manager, ctx, located, { need: 'practice', lock: true });
        const current = toSession((await manager.query(`${SESSION_SELECT} WHERE s.id = $1`, [sessionId]))[0]);
        if (current.version !== version) throw new VersionConflict(current);
        const kind = body.kind ?? current.kind;
        const draft: SessionDraft = {
          kind,
          occurredAt: body.occurredAt ?? current.occurredAt,
          durationMinutes: body.durationMinutes ?? current.durationMinutes,
          setting: body.setting ?? current.setting,
          courseId: body.courseId === undefined ? current.courseId : body.courseId,
          // A session that stops being a dose loses its dose record; one that becomes a dose needs one.
          dosing: body.dosing !== undefined ? body.dosing : kind === 'dosing' ? current.dosing : null,
        };
        this.checkDraft(draft);
        const orders = await this.ordersOf(manager, located, draft.courseId);
        const updated = await updateReturning<{ id: string }>(
          manager,
          `UPDATE therapy_session
              SET kind = $3, occurred_at = $4, duration_minutes = $5, setting = $6, course_id = $7, dosing = $8,
                  version = version + 1, updated_at = $9
            WHERE id = $1 AND version = $2
            RETURNING id`,
          [
            sessionId,
            version,
            draft.kind,
            new Date(draft.occurredAt),
            draft.durationMinutes,
            draft.setting,
            draft.courseId,
            draft.dosing ? JSON.stringify(storedDosing(draft.dosing)) : null,
            this.clock.now(),
          ],
        );
        if (updated.length === 0) throw new VersionConflict(await this.read(manager, sessionId));
        const warnings = await this.judge(manager, located, sessionId, draft, orders);
        const changed = Object.keys(body).filter((key) => body[key as keyof UpdateSessionBody] !== undefined);
        await this.access.recordSuccess(ctx, target, { fields: changed, warnings }, manager);
        return this.read(manager, sessionId);
      }),
    );
  }

  /** Refuses what cannot be: a dose record on the wrong kind, or a physically impossible value. */
  private checkDraft(draft: SessionDraft): void {
    const problems: FieldProblem[] = [];
    if (draft.kind === 'dosing' && !draft.dosing)
      problems.push({ field: 'dosing', problem: 'is required for a dosing session' });
    if (draft.kind !== 'dosing' && draft.dosing)
      problems.push({ field: 'dosing', problem: 'is only recorded for a dosing session' });
    problems.push(
      ...implausibleSessionValues(
        {
          kind: draft.kind,
          occurredAt: draft.occurredAt,
          courseId: draft.courseId,
          durationMinutes: draft.durationMinutes,
          dosing: draft.dosing
            ? { ...draft.dosing, adverseEvents: draft.dosing.adverseEvents ?? null }
            : null,
        },
        this.clock.now(),
      ),
    );
    if (problems.length > 0) throw new ValidationFailed(problems);
  }

  /** The prescriber's orders on the session's course, which must be this patient's. */
  private async ordersOf(
    manager: EntityManager,
    patientId: string,
    courseId: string | null,
  ): Promise<CourseOrders | null> {
    if (courseId === null) return null;
    const [course] = await manager.query(
      `SELECT dose_plan, vitals_limits FROM course WHERE id = $1 AND patient_id = $2`,
      [courseId, patientId],
    );
    if (!course)
      throw new ValidationFailed([{ field: 'courseId', problem: "must be one of this patient's courses" }]);
    return {
      maxDosingSessionsPerWeek: course.dose_plan?.maxDosingSessionsPerWeek ?? null,
      dosePlan: course.dose_plan,
      vitalsLimits: course.vitals_limits,
    };
  }

  /** Judges the stored session against the patient's other sessions; stores the warnings and raises alerts. */
  private async judge(
    manager: EntityManager,
    patientId: string,
    sessionId: string,
    draft: SessionDraft,
    orders: CourseOrders | null,
  ): Promise<SessionWarning[]> {
    const session = {
      id: sessionId,
      kind: draft.kind,
      occurredAt: draft.occurredAt,
      courseId: draft.courseId,
      durationMinutes: draft.durationMinutes,
      dosing: draft.dosing ? { ...draft.dosing, adverseEvents: draft.dosing.adverseEvents ?? null } : null,
    };
    // The patient's other sessions and status history matter only to a session that is judged (a
    // dosing one); for any other write, reading them would cost reads that grow with the history.
    const judged = isJudged(session);
    const rows: { id: string; kind: SessionKind; occurred_at: Date; course_id: string | null }[] = judged
      ? await manager.query(
          `SELECT id, kind, occurred_at, course_id FROM therapy_session WHERE patient_id = $1 AND id <> $2 AND archived_at IS NULL`,
          [patientId, sessionId],
        )
      : [];
    const others: SessionFacts[] = rows.map((o) => ({
      id: o.id,
      kind: o.kind,
      occurredAt: new Date(o.occurred_at).toISOString(),
      courseId: o.course_id,
    }));
    const statusHistory = judged ? await statusHistoryUntil(manager, patientId, draft.occurredAt) : [];
    const warnings = sessionWarnings(session, others, orders, statusHistory);
    await manager.query(`UPDATE therapy_session SET warnings = $2 WHERE id = $1`, [sessionId, warnings]);
    const context: DoseContext = { others, orders, statusHistory };
    const eligibility = mergeMedicalStatus(statusHistory, draft.occurredAt)?.eligibility ?? null;
    // Read only when an alert is raised: its summary names dates on the practice's calendar.
    let timeZone: string | null = null;
    for (const warning of warnings) {
      const alert = sessionAlert(warning, eligibility);
      if (!alert) continue;
      timeZone ??= await practiceTimeZone(manager, patientId);
      const summary = sessionAlertSummary(warning, session, context, timeZone);
      await this.alerts.raise(manager, {
        patientId,
        ...alert,
        sourceType: 'session',
        sourceId: sessionId,
        summary,
      });
    }
    return warnings;
  }

  private async locate(sessionId: string): Promise<string | null> {
    const [row] = await this.dataSource.query(
      `SELECT patient_id FROM therapy_session WHERE id = $1 AND archived_at IS NULL`,
      [sessionId],
    );
    return row?.patient_id ?? null;
  }

  private async read(manager: EntityManager, id: string): Promise<Session> {
    const [row] = await manager.query(`${SESSION_SELECT} WHERE s.id = $1`, [id]);
    if (!row) throw new NotFound();
    return toSession(row);
  }
}
