import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { MfaPolicy } from '@kap/shared/contracts';
import { updateReturning } from '@kap/api/platform';

/** A pending sign-in step with the person it is for. */
export interface ChallengeRow {
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

/** A person's TOTP factor: pending until `confirmed_at`. */
export interface FactorRow {
  secret: string;
  created_at: Date;
  confirmed_at: Date | null;
  last_time_step: string | null;
}

/** What decides whether a sign-in needs a second step. */
export interface SecondStepRow {
  mfa_policy: MfaPolicy;
  confirmed_at: Date | null;
}

/** A person's own view of their factor. */
export interface MfaStatusRow {
  mfa_policy: MfaPolicy;
  confirmed_at: Date | null;
  left: number;
}

/**
 * The SQL of two-step sign-in: `mfa_factor`, `mfa_recovery_code`, `mfa_challenge`, and the
 * organization's `mfa_policy`. Writes and locked reads take the caller's transaction.
 */
@Injectable()
export class MfaRepository {
  constructor(private readonly dataSource: DataSource) {}

  // --- challenges ----------------------------------------------------------------------------

  async secondStepOf(userId: string): Promise<SecondStepRow | undefined> {
    const [row] = await this.dataSource.query<SecondStepRow[]>(
      `SELECT o.mfa_policy, f.confirmed_at FROM app_user u
         JOIN organization o ON o.id = u.organization_id
         LEFT JOIN mfa_factor f ON f.user_id = u.id
        WHERE u.id = $1`,
      [userId],
    );
    return row;
  }

  async insertChallenge(
    manager: EntityManager,
    tokenHash: string,
    userId: string,
    purpose: ChallengeRow['purpose'],
    now: Date,
    expiresAt: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO mfa_challenge (token_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [tokenHash, userId, purpose, now, expiresAt],
    );
  }

  async challengeOf(tokenHash: string): Promise<ChallengeRow | undefined> {
    const [row] = await this.dataSource.query<ChallengeRow[]>(
      `SELECT c.id, c.user_id, c.purpose, c.expires_at, c.used_at, c.failed_attempts, u.email_key, u.role, u.organization_id
         FROM mfa_challenge c JOIN app_user u ON u.id = c.user_id
        WHERE c.token_hash = $1`,
      [tokenHash],
    );
    return row;
  }

  /** Locked: two tabs sending codes for one challenge are handled one after the other. */
  async lockChallenge(
    manager: EntityManager,
    id: string,
  ): Promise<Pick<ChallengeRow, 'used_at' | 'failed_attempts'>> {
    const [live] = await manager.query<Pick<ChallengeRow, 'used_at' | 'failed_attempts'>[]>(
      `SELECT used_at, failed_attempts FROM mfa_challenge WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return live;
  }

  async countWrongCode(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE mfa_challenge SET failed_attempts = failed_attempts + 1 WHERE id = $1`, [id]);
  }

  async markChallengeUsed(manager: EntityManager, id: string, now: Date): Promise<void> {
    await manager.query(`UPDATE mfa_challenge SET used_at = $2 WHERE id = $1`, [id, now]);
  }

  // --- the person's own factor ---------------------------------------------------------------

  async statusOf(userId: string): Promise<MfaStatusRow> {
    const [row] = await this.dataSource.query<MfaStatusRow[]>(
      `SELECT o.mfa_policy, f.confirmed_at,
              (SELECT count(*)::int FROM mfa_recovery_code r WHERE r.user_id = u.id AND r.used_at IS NULL) AS left
         FROM app_user u JOIN organization o ON o.id = u.organization_id
         LEFT JOIN mfa_factor f ON f.user_id = u.id
        WHERE u.id = $1`,
      [userId],
    );
    return row;
  }

  /** Whether the factor is confirmed, locked until the transaction ends; undefined without one. */
  async lockConfirmation(
    manager: EntityManager,
    userId: string,
  ): Promise<Pick<FactorRow, 'confirmed_at'> | undefined> {
    const [factor] = await manager.query<Pick<FactorRow, 'confirmed_at'>[]>(
      `SELECT confirmed_at FROM mfa_factor WHERE user_id = $1 FOR UPDATE`,
      [userId],
    );
    return factor;
  }

  async confirmationOf(
    manager: EntityManager,
    userId: string,
  ): Promise<Pick<FactorRow, 'confirmed_at'> | undefined> {
    const [own] = await manager.query<Pick<FactorRow, 'confirmed_at'>[]>(
      `SELECT confirmed_at FROM mfa_factor WHERE user_id = $1`,
      [userId],
    );
    return own;
  }

  async lockFactor(manager: EntityManager, userId: string): Promise<FactorRow | undefined> {
    const [factor] = await manager.query<FactorRow[]>(
      `SELECT secret, created_at, confirmed_at, last_time_step FROM mfa_factor WHERE user_id = $1 FOR UPDATE`,
      [userId],
    );
    return factor;
  }

  async setLastTimeStep(manager: EntityManager, userId: string, timeStep: number): Promise<void> {
    await manager.query(`UPDATE mfa_factor SET last_time_step = $2 WHERE user_id = $1`, [userId, timeStep]);
  }

  /** A new secret replaces a pending one, never a confirmed one. */
  async storePendingFactor(manager: EntityManager, userId: string, secret: string, now: Date): Promise<void> {
    await manager.query(
      `INSERT INTO mfa_factor (user_id, secret, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = EXCLUDED.created_at, last_time_step = NULL
        WHERE mfa_factor.confirmed_at IS NULL`,
      [userId, secret, now],
    );
  }

  async confirmFactor(manager: EntityManager, userId: string, now: Date): Promise<void> {
    await manager.query(`UPDATE mfa_factor SET confirmed_at = $2 WHERE user_id = $1`, [userId, now]);
  }

  /** The ids of the unused recovery code with this hash, now used (none when there is no such code). */
  useRecoveryCode(
    manager: EntityManager,
    userId: string,
    codeHash: string,
    now: Date,
  ): Promise<{ id: string }[]> {
    return updateReturning<{ id: string }>(
      manager,
      `UPDATE mfa_recovery_code SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
      [userId, codeHash, now],
    );
  }

  async recoveryCodesLeft(manager: EntityManager, userId: string): Promise<number> {
    const [{ left }] = await manager.query<{ left: number }[]>(
      `SELECT count(*)::int AS left FROM mfa_recovery_code WHERE user_id = $1 AND used_at IS NULL`,
      [userId],
    );
    return left;
  }

  async deleteRecoveryCodes(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`DELETE FROM mfa_recovery_code WHERE user_id = $1`, [userId]);
  }

  async insertRecoveryCode(
    manager: EntityManager,
    userId: string,
    codeHash: string,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO mfa_recovery_code (user_id, code_hash, created_at) VALUES ($1, $2, $3)`,
      [userId, codeHash, now],
    );
  }

  /** The factor, its recovery codes and any pending challenge. */
  async removeFactor(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`DELETE FROM mfa_recovery_code WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM mfa_challenge WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM mfa_factor WHERE user_id = $1`, [userId]);
  }

  // --- the organization's policy -------------------------------------------------------------

  async policyOf(organizationId: string): Promise<MfaPolicy> {
    const [row] = await this.dataSource.query<{ mfa_policy: MfaPolicy }[]>(
      `SELECT mfa_policy FROM organization WHERE id = $1`,
      [organizationId],
    );
    return row.mfa_policy;
  }

  async setPolicy(manager: EntityManager, organizationId: string, policy: MfaPolicy): Promise<void> {
    await manager.query(`UPDATE organization SET mfa_policy = $2 WHERE id = $1`, [organizationId, policy]);
  }

  /** Ends the sessions of the organization's people who have no confirmed factor; their ids. */
  revokeSessionsWithoutFactor(
    manager: EntityManager,
    organizationId: string,
    now: Date,
  ): Promise<{ id: string }[]> {
    return updateReturning<{ id: string }>(
      manager,
      `UPDATE auth_session s SET revoked_at = $2
         FROM app_user u
        WHERE u.id = s.user_id AND u.organization_id = $1 AND s.revoked_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM mfa_factor f WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL)
       RETURNING s.id`,
      [organizationId, now],
    );
  }

  async isMember(manager: EntityManager, userId: string, organizationId: string): Promise<boolean> {
    const [member] = await manager.query<{ id: string }[]>(
      `SELECT id FROM app_user WHERE id = $1 AND organization_id = $2`,
      [userId, organizationId],
    );
    return member !== undefined;
  }
}
