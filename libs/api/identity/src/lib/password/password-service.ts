import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { PasswordResetLink } from '@kap/shared/contracts';
import { DomainError, NotFound, TooManyAttempts, ValidationFailed } from '@kap/shared/domain';
import { AuditLog, type AuditEntry } from '@kap/api/audit';
import {
  APP_CONFIG,
  type AppConfig,
  Clock,
  type PublicRequestContext,
  type RequestContext,
  UnitOfWork,
} from '@kap/api/platform';
import { LoginThrottle } from '../auth/login-throttle';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicy } from './password-policy';
import type { ChangePasswordBody, ResetPasswordBody } from './password-requests';
import { PasswordsRepository, type ResetRow } from './passwords-repository';
import { PublicRateLimit } from '../auth/public-rate-limit';
import { SessionStore, hashToken } from '../auth/session-store';

/** How long a reset link works (docs/api.md: single use, 24 h). */
export const RESET_LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** 32 random bytes (256 bits, at least the 128 asked) in base64url: 43 characters, like questionnaire links. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** An issued reset link: its id and expiry (kept for a replay) and its token (never stored). */
interface IssuedReset {
  id: string;
  expiresAt: string;
  token: string;
}

/** The same words whether the link was used, expired, or replaced by a newer one. */
const RESET_LINK_CLOSED =
  'This password reset link has already been used or has expired. Ask your practice admin for a new one.';

/**
 * A person's own password change, and the reset link a practice admin issues for a member
 * (issue 22, finding 10). A change needs the current password (wrong ones count in the sign-in
 * throttle, since a stolen session could otherwise guess it without limit) and ends every other
 * session; a reset ends all of them. Neither touches two-step sign-in: the next sign-in still asks
 * for the code. Every change, refusal, issued link and use of one is audited.
 */
@Injectable()
export class PasswordService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly stored: PasswordsRepository,
    private readonly passwords: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly sessions: SessionStore,
    private readonly throttle: LoginThrottle,
    private readonly rateLimit: PublicRateLimit,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly work: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async change(ctx: RequestContext, body: ChangePasswordBody): Promise<void> {
    const { actor } = ctx;
    const emailKey = actor.email.trim().toLowerCase();
    const refused = (reason: string, manager?: EntityManager) =>
      this.audit.record({ ...this.changeAudit(ctx, 'failure'), detail: { reason } }, manager);
    const gate = await this.throttle.signInGate(emailKey, ctx.ip);
    if (gate.retryAfterSeconds > 0) {
      await refused('throttled');
      throw new TooManyAttempts(
        gate.retryAfterSeconds,
        'Too many wrong passwords. Please wait a few minutes and try again.',
      );
    }
    if (gate.slowdownMs > 0) await new Promise((done) => setTimeout(done, gate.slowdownMs));
    const problem = await this.policy.problemWith(body.newPassword, actor.email);
    if (problem) {
      await refused('weak_password');
      throw new ValidationFailed([{ field: 'newPassword', problem }]);
    }
    const storedHash = await this.stored.hashOf(actor.id);
    if (!(await this.passwords.verify(storedHash, body.currentPassword))) {
      await this.dataSource.transaction(async (manager) => {
        await this.throttle.recordFailure(manager, emailKey, ctx.ip);
        await refused('wrong_password', manager);
      });
      throw new ValidationFailed([{ field: 'currentPassword', problem: 'is not your current password' }]);
    }
    const passwordHash = await this.passwords.hash(body.newPassword);
    await this.dataSource.transaction(async (manager) => {
      await this.setPassword(manager, actor.id, passwordHash);
      const sessionsRevoked = await this.sessions.revokeOthersOf(manager, actor.id, actor.sessionId);
      await this.audit.record({ ...this.changeAudit(ctx, 'success'), detail: { sessionsRevoked } }, manager);
    });
  }

  /**
   * A new single-use link for a member of the admin's own organization; earlier open links close.
   * With an `Idempotency-Key`, a retry answers the same link (same expiry, nothing created) under a
   * new token, since the token is never stored; the first answer's token stops working.
   */
  async issueReset(ctx: RequestContext, origin: string, memberId: string): Promise<PasswordResetLink> {
    const route = `POST /api/users/${memberId}/password-reset`;
    const recheck = (manager: EntityManager) => this.requireResettable(manager, ctx, memberId);
    const issued = await this.work.create(
      ctx,
      route,
      {},
      recheck,
      async (manager): Promise<IssuedReset> => {
        await this.requireResettable(manager, ctx, memberId);
        const token = randomBytes(32).toString('base64url');
        const now = this.clock.now();
        const expiresAt = new Date(now.getTime() + RESET_LINK_LIFETIME_MS).toISOString();
        await this.stored.closeOpenLinks(manager, memberId, now);
        const resetId = await this.stored.insertLink(
          manager,
          memberId,
          hashToken(token),
          ctx.actor.id,
          now,
          new Date(expiresAt),
        );
        await this.audit.record(
          {
            ...this.userAudit(ctx, 'auth.password.reset_issued', memberId, 'success'),
            detail: { resetId, expiresAt },
          },
          manager,
        );
        return { id: resetId, expiresAt, token };
      },
      {
        stored: ({ id, expiresAt }) => ({ id, expiresAt }),
        reissue: (manager, stored) => this.reissueReset(manager, stored as Omit<IssuedReset, 'token'>),
      },
    );
    return {
      url: `${this.config.publicUrl ?? origin}/reset-password/${issued.token}`,
      expiresAt: issued.expiresAt,
    };
  }

  /** The member exists in the admin's organization, is active, and is not the admin. */
  private async requireResettable(
    manager: EntityManager,
    ctx: RequestContext,
    memberId: string,
  ): Promise<void> {
    const member = await this.stored.lockMember(manager, memberId, ctx.actor.organizationId);
    if (!member) throw new NotFound();
    if (memberId === ctx.actor.id) {
      // A session alone must not be enough to take over its own account: changing needs the current password.
      throw new DomainError(
        'conflict',
        'Change your own password on your security page (it needs your current password).',
      );
    }
    if (!member.active)
      throw new DomainError(
        'conflict',
        'This member is deactivated. Reactivate them first, then reset their password.',
      );
  }

  /** A replayed issue: the same open link under a new token. */
  private async reissueReset(
    manager: EntityManager,
    stored: Omit<IssuedReset, 'token'>,
  ): Promise<IssuedReset> {
    const link = await this.stored.lockLinkById(manager, stored.id, this.clock.now());
    if (!link?.open)
      throw new DomainError(
        'conflict',
        'This reset link was already used, replaced or has expired. Issue a new one with a new Idempotency-Key.',
      );
    const token = randomBytes(32).toString('base64url');
    await this.stored.replaceToken(manager, stored.id, hashToken(token));
    return { ...stored, token };
  }

  /**
   * Sets the new password from a link (public: the token is the credential). Unknown → 404; used,
   * expired or replaced → 410 `link_closed`; a refused password leaves the link open.
   */
  async reset(pctx: PublicRequestContext, body: ResetPasswordBody): Promise<void> {
    await this.rateLimit.admit(pctx.ip);
    let link: ResetRow | undefined;
    try {
      await this.dataSource.transaction(async (manager) => {
        link = await this.findLink(manager, body.token);
        if (!link) throw new NotFound();
        if (!link.open) throw new DomainError('link_closed', RESET_LINK_CLOSED);
        const problem = await this.policy.problemWith(body.newPassword, link.email);
        if (problem) throw new ValidationFailed([{ field: 'newPassword', problem }]);
        const now = this.clock.now();
        await this.stored.markLinkUsed(manager, link.id, now);
        await this.setPassword(manager, link.user_id, await this.passwords.hash(body.newPassword));
        await this.sessions.revokeAllOf(manager, link.user_id);
        await this.audit.record(this.resetAudit(pctx, link, 'success', { resetId: link.id }), manager);
      });
    } catch (error) {
      if (error instanceof DomainError) {
        const outcome = error.code === 'validation_failed' ? 'failure' : 'denied';
        await this.audit.record(
          this.resetAudit(pctx, link, outcome, { resetId: link?.id ?? null, error: error.code }),
        );
      }
      throw error;
    }
  }

  /** The link behind a token, locked; undefined for anything else (malformed, unknown, or its person deactivated). */
  private async findLink(manager: EntityManager, token: string): Promise<ResetRow | undefined> {
    if (!TOKEN_PATTERN.test(token)) return undefined;
    return this.stored.lockLink(manager, hashToken(token), this.clock.now());
  }

  /** The new hash, and any reset link still open for the person closed: the password they knew is gone. */
  private async setPassword(manager: EntityManager, userId: string, passwordHash: string): Promise<void> {
    const now = this.clock.now();
    await this.stored.setHash(manager, userId, passwordHash, now);
    await this.stored.closeOpenLinks(manager, userId, now);
  }

  private changeAudit(ctx: RequestContext, outcome: AuditEntry['outcome']): AuditEntry {
    return this.userAudit(ctx, 'auth.password.change', ctx.actor.id, outcome);
  }

  /** An event by the signed-in person about a person (themselves or a member they manage). */
  private userAudit(
    ctx: RequestContext,
    action: string,
    userId: string,
    outcome: AuditEntry['outcome'],
  ): AuditEntry {
    return {
      action,
      outcome,
      actorId: ctx.actor.id,
      actorRole: ctx.actor.role,
      organizationId: ctx.actor.organizationId,
      entityType: 'user',
      entityId: userId,
      requestId: ctx.requestId,
      ip: ctx.ip,
    };
  }

  /** The holder of a link acts as its person once the link is known; before that, as nobody. */
  private resetAudit(
    pctx: PublicRequestContext,
    link: ResetRow | undefined,
    outcome: AuditEntry['outcome'],
    detail: Record<string, unknown>,
  ): AuditEntry {
    return {
      action: 'auth.password.reset',
      outcome,
      actorId: link?.user_id ?? null,
      actorRole: link?.role ?? null,
      organizationId: link?.organization_id ?? null,
      entityType: 'user',
      entityId: link?.user_id ?? null,
      requestId: pctx.requestId,
      ip: pctx.ip,
      detail,
    };
  }
}
