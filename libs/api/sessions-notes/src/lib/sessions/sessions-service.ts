import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  Clock,
  decodeCursor,
  pageLimit,
  requiredVersion,
  toPage,
  UnitOfWork,
  type RequestContext,
} from '@kap/api/platform';
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
import { storedDosing, toSession } from './session-mapper';
import type { CreateSessionBody, SessionsQuery, UpdateSessionBody } from './session-requests';
import { SessionsRepository, type SessionFields } from './sessions-repository';

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
    private readonly sessions: SessionsRepository,
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
        const id = await this.sessions.insert(manager, patientId, storedFields(draft), ctx.actor.id, now);
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
      const rows = await this.sessions.listOfPatient(patientId, query.kind ?? null, after, limit);
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
        const current = await this.read(manager, sessionId);
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
        const updated = await this.sessions.update(
          manager,
          sessionId,
          version,
          storedFields(draft),
          this.clock.now(),
        );
        if (!updated) throw new VersionConflict(await this.read(manager, sessionId));
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
    const course = await this.sessions.courseOrders(manager, courseId, patientId);
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
    const rows = judged ? await this.sessions.otherSessions(manager, patientId, sessionId) : [];
    const others: SessionFacts[] = rows.map((o) => ({
      id: o.id,
      kind: o.kind,
      occurredAt: new Date(o.occurred_at).toISOString(),
      courseId: o.course_id,
    }));
    const statusHistory = judged
      ? await this.sessions.statusHistoryUntil(manager, patientId, draft.occurredAt)
      : [];
    const warnings = sessionWarnings(session, others, orders, statusHistory);
    await this.sessions.setWarnings(manager, sessionId, warnings);
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

  private locate(sessionId: string): Promise<string | null> {
    return this.sessions.patientOf(sessionId);
  }

  private async read(manager: EntityManager, id: string): Promise<Session> {
    const row = await this.sessions.read(manager, id);
    if (!row) throw new NotFound();
    return toSession(row);
  }
}

/** The draft as stored: the dose record in its stored shape. */
function storedFields(draft: SessionDraft): SessionFields {
  return {
    kind: draft.kind,
    occurredAt: new Date(draft.occurredAt),
    durationMinutes: draft.durationMinutes,
    setting: draft.setting,
    courseId: draft.courseId,
    dosing: draft.dosing ? JSON.stringify(storedDosing(draft.dosing)) : null,
  };
}
