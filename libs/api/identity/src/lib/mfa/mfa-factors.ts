import { Injectable } from '@nestjs/common';
import { createHash, randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AuditEntry } from '@kap/api/audit';
import {
  RECOVERY_ALPHABET,
  RECOVERY_CODE_COUNT,
  RECOVERY_CODE_LENGTH,
  formatRecoveryCode,
  readOneTimeCode,
} from '@kap/shared/domain';
import { Clock, type RequestContext } from '@kap/api/platform';
import { MfaRepository } from './mfa-repository';
import { TotpAuthenticator } from './totp-authenticator';

/** Setting up an app takes longer than reading a code off it. */
export const ENROLMENT_LIFETIME_MS = 10 * 60 * 1000;

export type Factor = 'totp' | 'recovery_code';
export type CodeCheck =
  | { ok: true; factor: Factor; recoveryCodesLeft?: number }
  | { ok: false; reason: string };

/**
 * The checks of a code against a person's second factor (the TOTP secret, pending until confirmed
 * with a code from it, and the recovery codes), and the confirmation that hands out new recovery
 * codes. Shared by the sign-in challenge and the person's own enrolment; callers pass their
 * transaction.
 */
@Injectable()
export class MfaFactors {
  constructor(
    private readonly totp: TotpAuthenticator,
    private readonly mfa: MfaRepository,
    private readonly clock: Clock,
  ) {}

  /** A code for a confirmed factor: TOTP (never a step twice) or, if allowed, an unused recovery code. */
  async checkCode(
    manager: EntityManager,
    userId: string,
    input: string,
    options: { recoveryCodes: boolean } = { recoveryCodes: true },
  ): Promise<CodeCheck> {
    const factor = await this.mfa.lockFactor(manager, userId);
    if (!factor || factor.confirmed_at === null) return { ok: false, reason: 'not_enrolled' };
    const code = readOneTimeCode(input);
    if (code === null) return { ok: false, reason: 'malformed_code' };
    if (code.kind === 'recovery') {
      if (!options.recoveryCodes) return { ok: false, reason: 'recovery_code_not_accepted' };
      const used = await this.mfa.useRecoveryCode(
        manager,
        userId,
        hashRecoveryCode(code.code),
        this.clock.now(),
      );
      if (used.length === 0) return { ok: false, reason: 'wrong_recovery_code' };
      const left = await this.mfa.recoveryCodesLeft(manager, userId);
      return { ok: true, factor: 'recovery_code', recoveryCodesLeft: left };
    }
    const last = factor.last_time_step === null ? null : Number(factor.last_time_step);
    const totp = await this.totp.check(factor.secret, code.code, last);
    if (!totp.valid) return { ok: false, reason: totp.replayed ? 'replayed_code' : 'wrong_code' };
    await this.mfa.setLastTimeStep(manager, userId, totp.timeStep);
    return { ok: true, factor: 'totp' };
  }

  /** The first code from a new app, against the pending secret (10 minutes to confirm). */
  async checkPendingCode(manager: EntityManager, userId: string, input: string): Promise<CodeCheck> {
    const factor = await this.mfa.lockFactor(manager, userId);
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
    await this.mfa.setLastTimeStep(manager, userId, totp.timeStep);
    return { ok: true, factor: 'totp' };
  }

  async confirmFactor(manager: EntityManager, userId: string, now: Date): Promise<string[]> {
    await this.mfa.confirmFactor(manager, userId, now);
    return this.replaceRecoveryCodes(manager, userId, now);
  }

  /** Ten new codes, shown once; only their hashes are kept. Earlier codes stop working. */
  async replaceRecoveryCodes(manager: EntityManager, userId: string, now: Date): Promise<string[]> {
    await this.mfa.deleteRecoveryCodes(manager, userId);
    const codes = new Set<string>();
    while (codes.size < RECOVERY_CODE_COUNT) {
      let raw = '';
      for (let i = 0; i < RECOVERY_CODE_LENGTH; i++)
        raw += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
      codes.add(raw);
    }
    for (const code of codes) {
      await this.mfa.insertRecoveryCode(manager, userId, hashRecoveryCode(code), now);
    }
    return [...codes].map(formatRecoveryCode);
  }
}

/** The audit entry of a signed-in person acting on their own (or, for an admin, their organization's) second factor. */
export function mfaActorAudit(
  ctx: RequestContext,
  action: string,
  outcome: AuditEntry['outcome'],
): AuditEntry {
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

/** Recovery codes carry 50 random bits: a fast hash is enough (no dictionary to try against). */
export function hashRecoveryCode(canonical: string): string {
  return createHash('sha256').update(`kap-recovery:${canonical}`).digest('hex');
}
