import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  MfaChallenge,
  MfaEnrolment,
  MfaPolicy,
  MfaRecoveryCodes,
  MfaStatus,
  SignedInUser,
  User,
} from '@kap/shared/contracts';
import {
  DomainError,
  NotFound,
  RECOVERY_ALPHABET,
  RECOVERY_CODE_COUNT,
  RECOVERY_CODE_LENGTH,
  TooManyAttempts,
  ValidationFailed,
  formatRecoveryCode,
  readOneTimeCode,
} from '@kap/shared/domain';
import { AuditLog, type AuditEntry } from '@kap/api/audit';
import { Clock, type RequestContext, updateReturning } from '@kap/api/platform';
import type { ClientInfo } from '../auth/client-info';
import { LoginThrottle } from '../auth/login-throttle';
import type { MfaVerifyBody } from './mfa-requests';
import { SessionStore, hashToken } from '../auth/session-store';
import { TotpAuthenticator } from './totp-authenticator';

/** Between the password and the code: long enough to find the phone, short enough to be useless if stolen. */
export const CHALLENGE_LIFETIME_MS = 5 * 60 * 1000;
/** Setting up an app takes longer than reading a code off it. */
export const ENROLMENT_LIFETIME_MS = 10 * 60 * 1000;
/** Wrong codes one challenge survives; the per-account throttle counts them as well. */
export const MAX_CHALLENGE_ATTEMPTS = 5;

const STEP_OVER = 'This sign-in step is over. Please enter your email and password again.';
const WRONG_CODE = 'The code is not right. Check your authenticator app, or use one of your recovery codes.';
const WRONG_CODE_PROBLEM = 'is not the current code from your authenticator app or an unused recovery code';

export type Factor = 'totp' | 'recovery_code';
type CodeCheck = { ok: true; factor: Factor; recoveryCodesLeft?: number } | { ok: false; reason: string };

interface ChallengeRow {
  id: string;
  user_id: string;
  purpose: 'verify' | 'enrol';
  expires_at: Date;
  used_at: Date | null;
  failed_attempts: number;
  email_key: string;
  role: string;
  organization_id: string;
}

interface FactorRow {
  secret: string;
  created_at: Date;
  confirmed_at: Date | null;
  last_time_step: string | null;
}

/** Opens the session once the second step has passed; owned by AuthService (what "signed in" means). */
export type SessionOpener = (
  manager: EntityManager,
  userId: string,
  detail: Record<string, unknown>,
) => Promise<{ user: SignedInUser; token: string }>;

/**
 * Two-step sign-in with TOTP and recovery codes: the challenge between password and code, the
 * person's own enrolment, and the organization's policy. Wrong codes count in the same throttle
 * as wrong passwords (per account and per IP); every attempt and every change is audited.
 */
@Injectable()
export class MfaService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly totp: TotpAuthenticator,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * After a correct password: null when no second step applies, else a challenge (and, when the
   * policy requires a factor the person does not have yet, a new secret to enrol).
   */
  async secondStepFor(user: User, client: ClientInfo): Promise<MfaChallenge | null> {
    const [row] = await this.dataSource.query(
      `SELECT o.mfa_policy, f.confirmed_at FROM app_user u
         JOIN organization o ON o.id = u.organization_id
         LEFT JOIN mfa_factor f ON f.user_id = u.id
        WHERE u.id = $1`,
      [user.id],
    );
    const enrolled = row?.confirmed_at != null;
    if (!enrolled && row?.mfa_policy !== 'required') return null;
    const purpose = enrolled ? 'verify' : 'enrol';
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + (enrolled ? CHALLENGE_LIFETIME_MS : ENROLMENT_LIFETIME_MS));
    const challenge = randomBytes(32).toString('base64url');
    const secret = enrolled ? null : this.totp.newSecret();
    await this.dataSource.transaction(async (manager) => {
      if (secret !== null) await this.storePendingFactor(manager, user.id, secret, now);
      await manager.query(
        `INSERT INTO mfa_challenge (token_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
        [hashToken(challenge), user.id, purpose, now, expiresAt],
      );
      await this.audit.record(
        { ...this.userAudit(user, client, 'auth.mfa.challenge', 'success'), detail: { purpose } },
        manager,
      );
    });
    const enrolment = secret === null ? null : await this.totp.enrolment(secret, user.email);
    return { mfaRequired: true, challenge, expiresAt: expiresAt.toISOString(), enrolment };
  }

  /**
   * The second step: a code (or, when enrolling, the first code from the new app) for a challenge.
   * Success opens the session through `openSession` in the same transaction.
   */
  async verifyChallenge(
    body: MfaVerifyBody,
    client: ClientInfo,
    openSession: SessionOpener,
  ): Promise<{ user: SignedInUser; token: string; recoveryCodes?: string[] }> {
    const [challenge]: ChallengeRow[] = await this.dataSource.query(
      `SELECT c.id, c.user_id, c.purpose, c.expires_at, c.used_at, c.failed_attempts, u.email_key, u.role, u.organization_id
         FROM mfa_challenge c JOIN app_user u ON u.id = c.user_id
        WHERE c.token_hash = $1`,
      [hashToken(body.challenge)],
    );
    const failureAudit = (reason: string, row?: ChallengeRow): AuditEntry => ({
      action: 'auth.mfa.verify',
      outcome: 'failure',
      actorId: row?.user_id ?? null,
      actorRole: row?.role ?? null,
      organizationId: row?.organization_id ?? null,
      entityType: 'user',
      entityId: row?.user_id ?? null,
      requestId: client.requestId,
      ip: client.ip,
      detail: { reason },
    });
    if (!challenge) {
      await this.audit.record(failureAudit('unknown_challenge'));
      throw new DomainError('session_expired', STEP_OVER);
    }
    const retryAfter = await this.throttle.retryAfterSeconds(challenge.email_key, client.ip);
    if (retryAfter > 0) {
      await this.audit.record(failureAudit('throttled', challenge));
      throw new TooManyAttempts(retryAfter);
    }
    const outcome = await this.dataSource.transaction(async (manager) => {
      // Locked: two tabs sending codes for one challenge are handled one after the other.
      const [live] = await manager.query(
        `SELECT used_at, failed_attempts FROM mfa_challenge WHERE id = $1 FOR UPDATE`,
        [challenge.id],
      );
      const now = this.clock.now();
      if (
        live.used_at !== null ||
        new Date(challenge.expires_at) <= now ||
        live.failed_attempts >= MAX_CHALLENGE_ATTEMPTS
      ) {
        await this.audit.record(
          failureAudit(live.used_at !== null ? 'challenge_used' : 'challenge_expired', challenge),
          manager,
        );
        return { over: true } as const;
      }
      const check =
        challenge.purpose === 'enrol'
          ? await this.checkPendingCode(manager, challenge.user_id, body.code)
          : await this.checkCode(manager, challenge.user_id, body.code);
      if (!check.ok) {
        await manager.query(`UPDATE mfa_challenge SET failed_attempts = failed_attempts + 1 WHERE id = $1`, [
          challenge.id,
        ]);
        await this.throttle.recordFailure(manager, challenge.email_key, client.ip);
        await this.audit.record(failureAudit(check.reason, challenge), manager);
        return { over: false, wrong: true } as const;
      }
      await manager.query(`UPDATE mfa_challenge SET used_at = $2 WHERE id = $1`, [challenge.id, now]);
      let recoveryCodes: string[] | undefined;
      if (challenge.purpose === 'enrol') {
        recoveryCodes = await this.confirmFactor(manager, challenge.user_id, now);
        await this.audit.record(this.ownAudit(challenge, client, 'auth.mfa.enrol', 'success'), manager);
      }
      if (check.factor === 'recovery_code') {
        await this.audit.record(
          {
            ...this.ownAudit(challenge, client, 'auth.mfa.recovery_code_used', 'success'),
            detail: { recoveryCodesLeft: check.recoveryCodesLeft },
          },
          manager,
        );
      }
      const opened = await openSession(manager, challenge.user_id, { secondFactor: check.factor });
      return { over: false, wrong: false, ...opened, recoveryCodes } as const;
    });
    if (outcome.over) throw new DomainError('session_expired', STEP_OVER);
    if (outcome.wrong) throw new DomainError('invalid_credentials', WRONG_CODE);
    return {
      user: outcome.user,
      token: outcome.token,
      ...(outcome.recoveryCodes ? { recoveryCodes: outcome.recoveryCodes } : {}),
    };
  }

  async status(ctx: RequestContext): Promise<MfaStatus> {
    const [row] = await this.dataSource.query(
      `SELECT o.mfa_policy, f.confirmed_at,
              (SELECT count(*)::int FROM mfa_recovery_code r WHERE r.user_id = u.id AND r.used_at IS NULL) AS left
         FROM app_user u JOIN organization o ON o.id = u.organization_id
         LEFT JOIN mfa_factor f ON f.user_id = u.id
        WHERE u.id = $1`,
      [ctx.actor.id],
    );
    const enabled = row.confirmed_at !== null;
    return {
      enabled,
      enrolledAt: enabled ? new Date(row.confirmed_at).toISOString() : null,
      recoveryCodesLeft: enabled ? row.left : 0,
      policy: row.mfa_policy,
    };
  }

  /** A new secret for the signed-in person; it only counts once confirmed with a code from it. */
  async startEnrolment(ctx: RequestContext): Promise<MfaEnrolment> {
    const secret = this.totp.newSecret();
    await this.dataSource.transaction(async (manager) => {
      const [factor] = await manager.query(
        `SELECT confirmed_at FROM mfa_factor WHERE user_id = $1 FOR UPDATE`,
        [ctx.actor.id],
      );
      if (factor && factor.confirmed_at !== null) {
        throw new DomainError(
          'conflict',
          'Two-step sign-in is already on. To move it to another app, turn it off first.',
        );
      }
      await this.storePendingFactor(manager, ctx.actor.id, secret, this.clock.now());
      await this.audit.record(this.actorAudit(ctx, 'auth.mfa.enrolment_start', 'success'), manager);
    });
    return this.totp.enrolment(secret, ctx.actor.email);
  }

  async confirmEnrolment(ctx: RequestContext, code: string): Promise<MfaRecoveryCodes> {
    await this.refuseWhileThrottled(ctx);
    const result = await this.dataSource.transaction(async (manager) => {
      const check = await this.checkPendingCode(manager, ctx.actor.id, code);
      if (!check.ok) {
        await this.recordWrongCode(manager, ctx, 'auth.mfa.enrol', check.reason);
        return { ok: false, reason: check.reason } as const;
      }
      const recoveryCodes = await this.confirmFactor(manager, ctx.actor.id, this.clock.now());
      await this.audit.record(this.actorAudit(ctx, 'auth.mfa.enrol', 'success'), manager);
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
    if ((await this.policyOf(ctx.actor.organizationId)) === 'required') {
      await this.audit.record({
        ...this.actorAudit(ctx, 'auth.mfa.disable', 'denied'),
        detail: { reason: 'policy_required' },
      });
      throw new DomainError(
        'conflict',
        'Your organization requires two-step sign-in, so it cannot be turned off.',
      );
    }
    await this.refuseWhileThrottled(ctx);
    const wrong = await this.dataSource.transaction(async (manager) => {
      const check = await this.checkCode(manager, ctx.actor.id, code);
      if (!check.ok) {
        await this.recordWrongCode(manager, ctx, 'auth.mfa.disable', check.reason);
        return check.reason;
      }
      await this.removeFactor(manager, ctx.actor.id);
      await this.audit.record(
        { ...this.actorAudit(ctx, 'auth.mfa.disable', 'success'), detail: { factor: check.factor } },
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
      const check = await this.checkCode(manager, ctx.actor.id, code, { recoveryCodes: false });
      if (!check.ok) {
        await this.recordWrongCode(manager, ctx, 'auth.mfa.recovery_codes_renew', check.reason);
        return { ok: false, reason: check.reason } as const;
      }
      const recoveryCodes = await this.replaceRecoveryCodes(manager, ctx.actor.id, this.clock.now());
      await this.audit.record(this.actorAudit(ctx, 'auth.mfa.recovery_codes_renew', 'success'), manager);
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

  /**
   * A practice admin sets the policy. Turning it on ends the sessions of everyone who has no
   * factor yet, so "required" holds from now on, not from their next sign-in.
   */
  async setPolicy(ctx: RequestContext, policy: MfaPolicy): Promise<MfaStatus> {
    await this.dataSource.transaction(async (manager) => {
      let revokedSessions = 0;
      if (policy === 'required') {
        const [own] = await manager.query(`SELECT confirmed_at FROM mfa_factor WHERE user_id = $1`, [
          ctx.actor.id,
        ]);
        if (!own || own.confirmed_at === null) {
          throw new DomainError(
            'conflict',
            'Set up two-step sign-in for yourself first, then require it for everyone.',
          );
        }
        const revoked = await updateReturning(
          manager,
          `UPDATE auth_session s SET revoked_at = $2
             FROM app_user u
            WHERE u.id = s.user_id AND u.organization_id = $1 AND s.revoked_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM mfa_factor f WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL)
           RETURNING s.id`,
          [ctx.actor.organizationId, this.clock.now()],
        );
        revokedSessions = revoked.length;
      }
      await manager.query(`UPDATE organization SET mfa_policy = $2 WHERE id = $1`, [
        ctx.actor.organizationId,
        policy,
      ]);
      await this.audit.record(
        {
          ...this.actorAudit(ctx, 'organization.mfa_policy', 'success'),
          entityType: 'organization',
          entityId: ctx.actor.organizationId,
          detail: { policy, revokedSessions },
        },
        manager,
      );
    });
    return this.status(ctx);
  }

  /**
   * A practice admin removes a member's factor (lost phone and lost codes). The member's sessions
   * end; under a `required` policy the next sign-in sets up a new app.
   */
  async resetMember(ctx: RequestContext, memberId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [member] = await manager.query(`SELECT id FROM app_user WHERE id = $1 AND organization_id = $2`, [
        memberId,
        ctx.actor.organizationId,
      ]);
      if (!member) throw new NotFound();
      if (memberId === ctx.actor.id) {
        throw new DomainError(
          'conflict',
          'Turn off your own two-step sign-in on your security page (it needs a current code).',
        );
      }
      await this.removeFactor(manager, memberId);
      await this.sessions.revokeAllOf(manager, memberId);
      await this.audit.record(
        { ...this.actorAudit(ctx, 'auth.mfa.reset', 'success'), entityId: memberId },
        manager,
      );
    });
  }

  // --- codes ---------------------------------------------------------------------------------

  /** A code for a confirmed factor: TOTP (never a step twice) or, if allowed, an unused recovery code. */
  private async checkCode(
    manager: EntityManager,
    userId: string,
    input: string,
    options: { recoveryCodes: boolean } = { recoveryCodes: true },
  ): Promise<CodeCheck> {
    const [factor]: FactorRow[] = await manager.query(
      `SELECT secret, created_at, confirmed_at, last_time_step FROM mfa_factor WHERE user_id = $1 FOR UPDATE`,
      [userId],
    );
    if (!factor || factor.confirmed_at === null) return { ok: false, reason: 'not_enrolled' };
    const code = readOneTimeCode(input);
    if (code === null) return { ok: false, reason: 'malformed_code' };
    if (code.kind === 'recovery') {
      if (!options.recoveryCodes) return { ok: false, reason: 'recovery_code_not_accepted' };
      const used = await updateReturning(
        manager,
        `UPDATE mfa_recovery_code SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
        [userId, hashRecoveryCode(code.code), this.clock.now()],
      );
      if (used.length === 0) return { ok: false, reason: 'wrong_recovery_code' };
      const [{ left }] = await manager.query(
        `SELECT count(*)::int AS left FROM mfa_recovery_code WHERE user_id = $1 AND used_at IS NULL`,
        [userId],
      );
      return { ok: true, factor: 'recovery_code', recoveryCodesLeft: left };
    }
    const last = factor.last_time_step === null ? null : Number(factor.last_time_step);
    const totp = await this.totp.check(factor.secret, code.code, last);
    if (!totp.valid) return { ok: false, reason: totp.replayed ? 'replayed_code' : 'wrong_code' };
    await manager.query(`UPDATE mfa_factor SET last_time_step = $2 WHERE user_id = $1`, [
      userId,
      totp.timeStep,
    ]);
    return { ok: true, factor: 'totp' };
  }

  /** The first code from a new app, against the pending secret (10 minutes to confirm). */
  private async checkPendingCode(manager: EntityManager, userId: string, input: string): Promise<CodeCheck> {
    const [factor]: FactorRow[] = await manager.query(
      `SELECT secret, created_at, confirmed_at, last_time_step FROM mfa_factor WHERE user_id = $1 FOR UPDATE`,
      [userId],
    );
    const now = this.clock.now().getTime();
    if (
      !factor ||
      factor.confirmed_at !== null ||
      now - new Date(factor.created_at).getTime() > ENROLMENT_LIFETIME_MS
    ) {
      return { ok: false, reason: 'no_pending_enrolment' };
    }
    const code = readOneTimeCode(input);
    if (code === null || code.kind !== 'totp') return { ok: false, reason: 'malformed_code' };
    const totp = await this.totp.check(factor.secret, code.code, null);
    if (!totp.valid) return { ok: false, reason: 'wrong_code' };
    await manager.query(`UPDATE mfa_factor SET last_time_step = $2 WHERE user_id = $1`, [
      userId,
      totp.timeStep,
    ]);
    return { ok: true, factor: 'totp' };
  }

  private async storePendingFactor(
    manager: EntityManager,
    userId: string,
    secret: string,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO mfa_factor (user_id, secret, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at, last_time_step = NULL
        WHERE mfa_factor.confirmed_at IS NULL`,
      [userId, secret, now],
    );
  }

  private async confirmFactor(manager: EntityManager, userId: string, now: Date): Promise<string[]> {
    await manager.query(`UPDATE mfa_factor SET confirmed_at = $2 WHERE user_id = $1`, [userId, now]);
    return this.replaceRecoveryCodes(manager, userId, now);
  }

  /** Ten new codes, shown once; only their hashes are kept. Earlier codes stop working. */
  private async replaceRecoveryCodes(manager: EntityManager, userId: string, now: Date): Promise<string[]> {
    await manager.query(`DELETE FROM mfa_recovery_code WHERE user_id = $1`, [userId]);
    const codes = new Set<string>();
    while (codes.size < RECOVERY_CODE_COUNT) {
      let raw = '';
      for (let i = 0; i < RECOVERY_CODE_LENGTH; i++)
        raw += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
      codes.add(raw);
    }
    for (const code of codes) {
      await manager.query(
        `INSERT INTO mfa_recovery_code (user_id, code_hash, created_at) VALUES ($1, $2, $3)`,
        [userId, hashRecoveryCode(code), now],
      );
    }
    return [...codes].map(formatRecoveryCode);
  }

  private async removeFactor(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`DELETE FROM mfa_recovery_code WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM mfa_challenge WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM mfa_factor WHERE user_id = $1`, [userId]);
  }

  // --- throttle and audit --------------------------------------------------------------------

  private async refuseWhileThrottled(ctx: RequestContext): Promise<void> {
    const retryAfter = await this.throttle.retryAfterSeconds(emailKeyOf(ctx), ctx.ip);
    if (retryAfter > 0) {
      await this.audit.record({
        ...this.actorAudit(ctx, 'auth.mfa.code', 'failure'),
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
    await this.audit.record({ ...this.actorAudit(ctx, action, 'failure'), detail: { reason } }, manager);
  }

  private async policyOf(organizationId: string): Promise<MfaPolicy> {
    const [row] = await this.dataSource.query(`SELECT mfa_policy FROM organization WHERE id = $1`, [
      organizationId,
    ]);
    return row.mfa_policy;
  }

  private actorAudit(ctx: RequestContext, action: string, outcome: AuditEntry['outcome']): AuditEntry {
    return {
      action,
      outcome,
      actorId: ctx.actor.id,
      actorRole: ctx.actor.role,
      organizationId: ctx.actor.organizationId,
      entityType: 'user',
      entityId: ctx.actor.id,
      requestId: ctx.requestId,
      ip: ctx.ip,
    };
  }

  private ownAudit(
    row: ChallengeRow,
    client: ClientInfo,
    action: string,
    outcome: AuditEntry['outcome'],
  ): AuditEntry {
    return {
      action,
      outcome,
      actorId: row.user_id,
      actorRole: row.role,
      organizationId: row.organization_id,
      entityType: 'user',
      entityId: row.user_id,
      requestId: client.requestId,
      ip: client.ip,
    };
  }

  private userAudit(
    user: User,
    client: ClientInfo,
    action: string,
    outcome: AuditEntry['outcome'],
  ): AuditEntry {
    return {
      action,
      outcome,
      actorId: user.id,
      actorRole: user.role,
      organizationId: user.organizationId,
      entityType: 'user',
      entityId: user.id,
      requestId: client.requestId,
      ip: client.ip,
    };
  }
}

/** Recovery codes carry 50 random bits: a fast hash is enough (no dictionary to try against). */
export function hashRecoveryCode(canonical: string): string {
  return createHash('sha256').update(`kap-recovery:${canonical}`).digest('hex');
}

function emailKeyOf(ctx: RequestContext): string {
  return ctx.actor.email.trim().toLowerCase();
}
