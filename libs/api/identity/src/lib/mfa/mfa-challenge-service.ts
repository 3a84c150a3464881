import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { MfaChallenge, SignedInUser, User } from '@kap/shared/contracts';
import { DomainError, TooManyAttempts } from '@kap/shared/domain';
import { AuditLog, type AuditEntry } from '@kap/api/audit';
import { Clock } from '@kap/api/platform';
import type { ClientInfo } from '../auth/client-info';
import { LoginThrottle } from '../auth/login-throttle';
import { hashToken } from '../auth/session-store';
import { ENROLMENT_LIFETIME_MS, MfaFactors } from './mfa-factors';
import { MfaRepository, type ChallengeRow } from './mfa-repository';
import type { MfaVerifyBody } from './mfa-requests';
import { TotpAuthenticator } from './totp-authenticator';

/** Between the password and the code: long enough to find the phone, short enough to be useless if stolen. */
export const CHALLENGE_LIFETIME_MS = 5 * 60 * 1000;
/** Wrong codes one challenge survives; the per-account throttle counts them as well. */
export const MAX_CHALLENGE_ATTEMPTS = 5;

const STEP_OVER = 'This sign-in step is over. Please enter your email and password again.';
const WRONG_CODE = 'The code is not right. Check your authenticator app, or use one of your recovery codes.';

/** Opens the session once the second step has passed; owned by AuthService (what "signed in" means). */
export type SessionOpener = (
  manager: EntityManager,
  userId: string,
  detail: Record<string, unknown>,
) => Promise<{ user: SignedInUser; token: string }>;

/**
 * The second step of signing in: the challenge between password and code (and, when the policy
 * requires a factor the person does not have yet, the set-up of one on the way in). Wrong codes
 * count in the same throttle as wrong passwords (per account and per IP); every attempt is audited.
 */
@Injectable()
export class MfaChallengeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly totp: TotpAuthenticator,
    private readonly factors: MfaFactors,
    private readonly mfa: MfaRepository,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * After a correct password: null when no second step applies, else a challenge (and, when the
   * policy requires a factor the person does not have yet, a new secret to enrol).
   */
  async secondStepFor(user: User, client: ClientInfo): Promise<MfaChallenge | null> {
    const row = await this.mfa.secondStepOf(user.id);
    const enrolled = row?.confirmed_at != null;
    if (!enrolled && row?.mfa_policy !== 'required') return null;
    const purpose = enrolled ? 'verify' : 'enrol';
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + (enrolled ? CHALLENGE_LIFETIME_MS : ENROLMENT_LIFETIME_MS));
    const challenge = randomBytes(32).toString('base64url');
    const secret = enrolled ? null : this.totp.newSecret();
    await this.dataSource.transaction(async (manager) => {
      if (secret !== null) await this.mfa.storePendingFactor(manager, user.id, secret, now);
      await this.mfa.insertChallenge(manager, hashToken(challenge), user.id, purpose, now, expiresAt);
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
    const challenge = await this.mfa.challengeOf(hashToken(body.challenge));
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
      const live = await this.mfa.lockChallenge(manager, challenge.id);
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
          ? await this.factors.checkPendingCode(manager, challenge.user_id, body.code)
          : await this.factors.checkCode(manager, challenge.user_id, body.code);
      if (!check.ok) {
        await this.mfa.countWrongCode(manager, challenge.id);
        await this.throttle.recordFailure(manager, challenge.email_key, client.ip);
        await this.audit.record(failureAudit(check.reason, challenge), manager);
        return { over: false, wrong: true } as const;
      }
      await this.mfa.markChallengeUsed(manager, challenge.id, now);
      let recoveryCodes: string[] | undefined;
      if (challenge.purpose === 'enrol') {
        recoveryCodes = await this.factors.confirmFactor(manager, challenge.user_id, now);
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
