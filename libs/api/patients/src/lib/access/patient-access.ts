import { Injectable } from '@nestjs/common';
import { Clock, type Queryable, type RequestContext } from '@kap/api/platform';
import { AuditLog, type AuditEntry } from '@kap/api/audit';
import { calendarDateOf, DomainError, NotFound, patientView, type PatientView } from '@kap/shared/domain';
import { PatientAccessRepository } from './patient-access-repository';

export type GrantedView = Exclude<PatientView, null>;

/** What an audit event of a patient use case is about. `patientId` may become known on the way. */
export interface AuditTarget {
  action: string;
  entityType: string;
  entityId: string | null;
  patientId: string | null;
}

/**
 * The object-level check every patient route goes through, and the audit of what came of it.
 * A patient the caller may not see is answered exactly like one that does not exist.
 */
@Injectable()
export class PatientAccess {
  constructor(
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly patients: PatientAccessRepository,
  ) {}

  /** The calendar date that release-of-information validity and ages are judged on. */
  today(): string {
    return calendarDateOf(this.clock.now());
  }

  /**
   * Which view of the patient the caller gets; throws NotFound when none (or when archived).
   * `lock` holds the patient row until the transaction ends, so writes to it queue up.
   */
  async require(
    manager: Queryable,
    ctx: RequestContext,
    patientId: string,
    options: { need?: GrantedView; lock?: boolean } = {},
  ): Promise<GrantedView> {
    const facts = await this.patients.facts(manager, patientId, options.lock ?? false);
    if (!facts) throw new NotFound();
    const view = patientView(
      { userId: ctx.actor.id, role: ctx.actor.role, organizationId: ctx.actor.organizationId },
      {
        practiceId: facts.practice_id,
        primaryTherapistId: facts.primary_therapist_id,
        careTeam: facts.medical_team_id
          ? { medicalTeamId: facts.medical_team_id, signedOn: facts.signed_on, expiresOn: facts.expires_on }
          : null,
      },
      this.today(),
    );
    if (view === null || (options.need !== undefined && view !== options.need)) throw new NotFound();
    return view;
  }

  /**
   * The same check for an idempotent replay (`UnitOfWork.create`), which hands a stored answer
   * about the patient out again without running the use case.
   */
  onReplay(
    ctx: RequestContext,
    patientId: string,
    options: { need?: GrantedView } = {},
  ): (manager: Queryable) => Promise<GrantedView> {
    return (manager) => this.require(manager, ctx, patientId, options);
  }

  /**
   * The SQL condition for the patients a caller may list (`p` and its current `link`). With
   * `today` null the release dates are not checked: used to find a cursor's row, which may have
   * left the list since the page was served.
   */
  visibleSql(ctx: RequestContext, today: string | null, param: (value: unknown) => string): string {
    const { actor } = ctx;
    switch (actor.role) {
      case 'therapist':
        return `p.practice_id = ${param(actor.organizationId)} AND p.primary_therapist_id = ${param(actor.id)}`;
      case 'practice_admin':
        return `p.practice_id = ${param(actor.organizationId)}`;
      case 'prescriber':
      case 'care_coordinator': {
        const team = `link.medical_team_id = ${param(actor.organizationId)}`;
        if (today === null) return team;
        const day = param(today);
        // The same rule as releaseAllowsSharing: valid from signedOn through expiresOn, inclusive.
        return `${team} AND link.release_signed_on <= ${day}::date AND link.release_expires_on >= ${day}::date`;
      }
      default:
        return 'false';
    }
  }

  /** One success event for the use case, written with the transaction's manager when there is one. */
  async recordSuccess(
    ctx: RequestContext,
    target: AuditTarget,
    detail: Record<string, unknown> = {},
    manager?: Queryable,
  ): Promise<void> {
    await this.audit.record({ ...this.entry(ctx, target), outcome: 'success', detail }, manager);
  }

  /**
   * Runs a use case on one patient. When it fails with a domain error the failure is audited
   * (a hidden or missing record as `denied`), outside the transaction that was rolled back, so
   * every request leaves exactly one event.
   */
  async audited<T>(ctx: RequestContext, target: AuditTarget, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DomainError) {
        const outcome = error instanceof NotFound ? 'denied' : 'failure';
        await this.audit.record({ ...this.entry(ctx, target), outcome, detail: { error: error.code } });
      }
      throw error;
    }
  }

  private entry(ctx: RequestContext, target: AuditTarget): Omit<AuditEntry, 'outcome'> {
    return {
      action: target.action,
      actorId: ctx.actor.id,
      actorRole: ctx.actor.role,
      organizationId: ctx.actor.organizationId,
      entityType: target.entityType,
      entityId: target.entityId,
      patientId: target.patientId,
      requestId: ctx.requestId,
      ip: ctx.ip,
    };
  }
}
