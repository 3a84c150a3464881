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
import { Clock, type RequestContext, updateReturning } from '@kap/api/platform';
import { TotpAuthenticator } from './totp-authenticator';

/** Setting up an app takes longer than reading a code off it. */
export const ENROLMENT_LIFETIME_MS = 10 * 60 * 1000;

export type Factor = 'totp' | 'recovery_code';
export type CodeCheck =
  | { ok: true; factor: Factor; recoveryCodesLeft?: number }
  | { ok: false; reason: string };

interface FactorRow {
  secret: string;
  created_at: Date;
  confirmed_at: Date | null;
  last_time_step: string | null;
}

/**
 * A person's second factor as stored: the TOTP secret (pending until confirmed with a code from
 * it) and the recovery codes, and the checks of a code against them. Shared by the sign-in
 * challenge, the person's own enrolment and the admin's reset; callers pass their transaction.
 */
@Injectable()
export class MfaFactors {
  constructor(
    private readonly totp: TotpAuthenticator,
    private readonly clock: Clock,
  ) {}

  /** A code for a confirmed factor: TOTP (never a step twice) or, if allowed, an unused recovery code. */
  async checkCode(
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
  async checkPendingCode(manager: EntityManager, userId: string, input: string): Promise<CodeCheck> {
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

  async storePendingFactor(manager: EntityManager, userId: string, secret: string, now: Date): Promise<void> {
    await manager.query(
      `INSERT INTO mfa_factor (user_id, secret, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at, last_time_step = NULL
        WHERE mfa_factor.confirmed_at IS NULL`,
      [userId, secret, now],
    );
  }

  async confirmFactor(manager: EntityManager, userId: string, now: Date): Promise<string[]> {
    await manager.query(`UPDATE mfa_factor SET confirmed_at = $2 WHERE user_id = $1`, [userId, now]);
    return this.replaceRecoveryCodes(manager, userId, now);
  }

  /** Ten new codes, shown once; only their hashes are kept. Earlier codes stop working. */
  async replaceRecoveryCodes(manager: EntityManager, userId: string, now: Date): Promise<string[]> {
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

  async removeFactor(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`DELETE FROM mfa_recovery_code WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM mfa_challenge WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM mfa_factor WHERE user_id = $1`, [userId]);
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
