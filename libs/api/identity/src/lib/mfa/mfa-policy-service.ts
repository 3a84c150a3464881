import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MfaPolicy, MfaStatus } from '@kap/shared/contracts';
import { DomainError, NotFound } from '@kap/shared/domain';
import { AuditLog } from '@kap/api/audit';
import { Clock, type RequestContext } from '@kap/api/platform';
import { SessionStore } from '../auth/session-store';
import { MfaEnrolmentService } from './mfa-enrolment-service';
import { mfaActorAudit } from './mfa-factors';
import { MfaRepository } from './mfa-repository';

/**
 * A practice admin's side of two-step sign-in: who must have a second factor (the
 * organization's policy), and a reset for a member who lost theirs.
 */
@Injectable()
export class MfaPolicyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly mfa: MfaRepository,
    private readonly enrolment: MfaEnrolmentService,
    private readonly sessions: SessionStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * A practice admin sets the policy. Turning it on ends the sessions of everyone who has no
   * factor yet, so "required" holds from now on, not from their next sign-in.
   */
  async setPolicy(ctx: RequestContext, policy: MfaPolicy): Promise<MfaStatus> {
    await this.dataSource.transaction(async (manager) => {
      let revokedSessions = 0;
      if (policy === 'required') {
        const own = await this.mfa.confirmationOf(manager, ctx.actor.id);
        if (!own || own.confirmed_at === null) {
          throw new DomainError(
            'conflict',
            'Set up two-step sign-in for yourself first, then require it for everyone.',
          );
        }
        const revoked = await this.mfa.revokeSessionsWithoutFactor(
          manager,
          ctx.actor.organizationId,
          this.clock.now(),
        );
        revokedSessions = revoked.length;
      }
      await this.mfa.setPolicy(manager, ctx.actor.organizationId, policy);
      await this.audit.record(
        {
          ...mfaActorAudit(ctx, 'organization.mfa_policy', 'success'),
          entityType: 'organization',
          entityId: ctx.actor.organizationId,
          detail: { policy, revokedSessions },
        },
        manager,
      );
    });
    return this.enrolment.status(ctx);
  }

  /**
   * A practice admin removes a member's factor (lost phone and lost codes). The member's sessions
   * end; under a `required` policy the next sign-in sets up a new app.
   */
  async resetMember(ctx: RequestContext, memberId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.mfa.isMember(manager, memberId, ctx.actor.organizationId))) throw new NotFound();
      if (memberId === ctx.actor.id) {
        throw new DomainError(
          'conflict',
          'Turn off your own two-step sign-in on your security page (it needs a current code).',
        );
      }
      await this.mfa.removeFactor(manager, memberId);
      await this.sessions.revokeAllOf(manager, memberId);
      await this.audit.record(
        { ...mfaActorAudit(ctx, 'auth.mfa.reset', 'success'), entityId: memberId },
        manager,
      );
    });
  }
}
