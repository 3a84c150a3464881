import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { MfaEnrolment, MfaRecoveryCodes, MfaStatus } from '@kap/shared/contracts';
import { DomainError, TooManyAttempts, ValidationFailed } from '@kap/shared/domain';
import { AuditLog } from '@kap/api/audit';
import { Clock, type RequestContext } from '@kap/api/platform';
import { LoginThrottle } from '../auth/login-throttle';
import { MfaFactors, mfaActorAudit } from './mfa-factors';
import { MfaRepository } from './mfa-repository';
import { TotpAuthenticator } from './totp-authenticator';

const WRONG_CODE_PROBLEM = 'is not the current code from your authenticator app or an unused recovery code';

/**
 * The signed-in person's own second factor: its status, setting up an app (confirmed with a code
 * from it, which hands out the recovery codes), new recovery codes, turning it off. Every change
 * needs a current code; wrong ones count like wrong passwords, and everything is audited.
 */
@Injectable()
export class MfaEnrolmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly totp: TotpAuthenticator,
    private readonly factors: MfaFactors,
    private readonly mfa: MfaRepository,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async status(ctx: RequestContext): Promise<MfaStatus> {
    const row = await this.mfa.statusOf(ctx.actor.id);
    const enabled = row.confirmed_at !== null;
    return {
      enabled,
      enrolledAt: row.confirmed_at !== null ? new Date(row.confirmed_at).toISOString() : null,
      recoveryCodesLeft: enabled ? row.left : 0,
      policy: row.mfa_policy,
    };
  }

  /** A new secret for the signed-in person; it only counts once confirmed with a code from it. */
  async startEnrolment(ctx: RequestContext): Promise<MfaEnrolment> {
    const secret = this.totp.newSecret();
    await this.dataSource.transaction(async (manager) => {
      const factor = await this.mfa.lockConfirmation(manager, ctx.actor.id);
      if (factor && factor.confirmed_at !== null) {
        throw new DomainError(
          'conflict',
          'Two-step sign-in is already on. To move it to another app, turn it off first.',
        );
      }
      await this.mfa.storePendingFactor(manager, ctx.actor.id, secret, this.clock.now());
      await this.audit.record(mfaActorAudit(ctx, 'auth.mfa.enrolment_start', 'success'), manager);
    });
    return this.totp.enrolment(secret, ctx.actor.email);
  }

  async confirmEnrolment(ctx: RequestContext, code: string): Promise<MfaRecoveryCodes> {
    await this.refuseWhileThrottled(ctx);
    const result = await this.dataSource.transaction(async (manager) => {
      const check = await this.factors.checkPendingCode(manager, ctx.actor.id, code);
      if (!check.ok) {
        await this.recordWrongCode(manager, ctx, 'auth.mfa.enrol', check.reason);
        return { ok: false, reason: check.reason } as const;
      }
      const recoveryCodes = await this.factors.confirmFactor(manager, ctx.actor.id, this.clock.now());
      await this.audit.record(mfaActorAudit(ctx, 'auth.mfa.enrol', 'success'), manager);
      return { ok: true, recoveryCodes } as const;
    });
    if (!result.ok) {
      if (result.reason === 'no_pending_enrolment') {
        throw new DomainError(
          'conflict',
          'There is no set-up in progress, or it took longer than 10 minutes. Please start again.',
        );
      }
      throw new ValidationFailed([
        { field: 'code', problem: 'is not the current code from your authenticator app' },
      ]);
    }
    return { recoveryCodes: result.recoveryCodes };
  }

  /** Turning the factor off needs a current code (a stolen session alone is not enough). */
  async disable(ctx: RequestContext, code: string): Promise<void> {
    if ((await this.mfa.policyOf(ctx.actor.organizationId)) === 'required') {
      await this.audit.record({
        ...mfaActorAudit(ctx, 'auth.mfa.disable', 'denied'),
        detail: { reason: 'policy_required' },
      });
      throw new DomainError(
        'conflict',
        'Your organization requires two-step sign-in, so it cannot be turned off.',
      );
    }
    await this.refuseWhileThrottled(ctx);
    const wrong = await this.dataSource.transaction(async (manager) => {
      const check = await this.factors.checkCode(manager, ctx.actor.id, code);
      if (!check.ok) {
        await this.recordWrongCode(manager, ctx, 'auth.mfa.disable', check.reason);
        return check.reason;
      }
      await this.mfa.removeFactor(manager, ctx.actor.id);
      await this.audit.record(
        { ...mfaActorAudit(ctx, 'auth.mfa.disable', 'success'), detail: { factor: check.factor } },
        manager,
      );
      return null;
    });
    if (wrong === 'not_enrolled') throw new DomainError('conflict', 'Two-step sign-in is not on.');
    if (wrong !== null) throw new ValidationFailed([{ field: 'code', problem: WRONG_CODE_PROBLEM }]);
  }

  /** A fresh set of recovery codes (the old ones stop working), for a current code. */
  async renewRecoveryCodes(ctx: RequestContext, code: string): Promise<MfaRecoveryCodes> {
    await this.refuseWhileThrottled(ctx);
    const result = await this.dataSource.transaction(async (manager) => {
      const check = await this.factors.checkCode(manager, ctx.actor.id, code, { recoveryCodes: false });
      if (!check.ok) {
        await this.recordWrongCode(manager, ctx, 'auth.mfa.recovery_codes_renew', check.reason);
        return { ok: false, reason: check.reason } as const;
      }
      const recoveryCodes = await this.factors.replaceRecoveryCodes(manager, ctx.actor.id, this.clock.now());
      await this.audit.record(mfaActorAudit(ctx, 'auth.mfa.recovery_codes_renew', 'success'), manager);
      return { ok: true, recoveryCodes } as const;
    });
    if (!result.ok) {
      if (result.reason === 'not_enrolled') throw new DomainError('conflict', 'Two-step sign-in is not on.');
      throw new ValidationFailed([
        { field: 'code', problem: 'is not the current code from your authenticator app' },
      ]);
    }
    return { recoveryCodes: result.recoveryCodes };
  }

  // --- throttle and audit --------------------------------------------------------------------

  private async refuseWhileThrottled(ctx: RequestContext): Promise<void> {
    const retryAfter = await this.throttle.retryAfterSeconds(emailKeyOf(ctx), ctx.ip);
    if (retryAfter > 0) {
      await this.audit.record({
        ...mfaActorAudit(ctx, 'auth.mfa.code', 'failure'),
        detail: { reason: 'throttled' },
      });
      throw new TooManyAttempts(retryAfter);
    }
  }

  /** A wrong code from a signed-in person counts like a wrong password (a stolen session must not guess). */
  private async recordWrongCode(
    manager: EntityManager,
    ctx: RequestContext,
    action: string,
    reason: string,
  ): Promise<void> {
    if (reason !== 'not_enrolled' && reason !== 'no_pending_enrolment') {
      await this.throttle.recordFailure(manager, emailKeyOf(ctx), ctx.ip);
    }
    await this.audit.record({ ...mfaActorAudit(ctx, action, 'failure'), detail: { reason } }, manager);
  }
}

function emailKeyOf(ctx: RequestContext): string {
  return ctx.actor.email.trim().toLowerCase();
}
