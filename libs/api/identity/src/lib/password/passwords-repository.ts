import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** A reset link with the person it is for; `open`: not used, closed or expired at the time asked. */
export interface ResetRow {
  id: string;
  user_id: string;
  email: string;
  role: string;
  organization_id: string;
  open: boolean;
}

/** The SQL of passwords: `app_user.password_hash` and the reset links (`password_reset`). */
@Injectable()
export class PasswordsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async hashOf(userId: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ password_hash: string }[]>(
      `SELECT password_hash FROM app_user WHERE id = $1`,
      [userId],
    );
    return row?.password_hash ?? null;
  }

  async setHash(manager: EntityManager, userId: string, passwordHash: string, now: Date): Promise<void> {
    await manager.query(`UPDATE app_user SET password_hash = $2, updated_at = $3 WHERE id = $1`, [
      userId,
      passwordHash,
      now,
    ]);
  }

  /** The organization's member, locked until the transaction ends; undefined: not one of theirs. */
  async lockMember(
    manager: EntityManager,
    memberId: string,
    organizationId: string,
  ): Promise<{ id: string; active: boolean } | undefined> {
    const [member] = await manager.query<{ id: string; active: boolean }[]>(
      `SELECT id, active FROM app_user WHERE id = $1 AND organization_id = $2 FOR UPDATE`,
      [memberId, organizationId],
    );
    return member;
  }

  /** The new link's id. */
  async insertLink(
    manager: EntityManager,
    userId: string,
    tokenHash: string,
    issuedBy: string,
    now: Date,
    expiresAt: Date,
  ): Promise<string> {
    const [link] = await manager.query<{ id: string }[]>(
      `INSERT INTO password_reset (user_id, token_hash, issued_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [userId, tokenHash, issuedBy, now, expiresAt],
    );
    return link.id;
  }

  /** The link with this token hash, locked, if its person is active. */
  async lockLink(manager: EntityManager, tokenHash: string, now: Date): Promise<ResetRow | undefined> {
    const [row] = await manager.query<ResetRow[]>(
      `SELECT r.id, r.user_id, u.email, u.role, u.organization_id,
              (r.used_at IS NULL AND r.closed_at IS NULL AND r.expires_at > $2) AS open
         FROM password_reset r JOIN app_user u ON u.id = r.user_id AND u.active
        WHERE r.token_hash = $1
        FOR UPDATE OF r`,
      [tokenHash, now],
    );
    return row;
  }

  /** Whether the link is still open (not used, closed or expired at `now`), locked; undefined: unknown id. */
  async lockLinkById(manager: EntityManager, id: string, now: Date): Promise<{ open: boolean } | undefined> {
    const [row] = await manager.query<{ open: boolean }[]>(
      `SELECT (used_at IS NULL AND closed_at IS NULL AND expires_at > $2) AS open
         FROM password_reset WHERE id = $1 FOR UPDATE`,
      [id, now],
    );
    return row;
  }

  /** A new token for the same link (an Idempotency-Key replay): the old token stops working. */
  async replaceToken(manager: EntityManager, id: string, tokenHash: string): Promise<void> {
    await manager.query(`UPDATE password_reset SET token_hash = $2 WHERE id = $1`, [id, tokenHash]);
  }

  async markLinkUsed(manager: EntityManager, id: string, now: Date): Promise<void> {
    await manager.query(`UPDATE password_reset SET used_at = $2 WHERE id = $1`, [id, now]);
  }

  async closeOpenLinks(manager: EntityManager, userId: string, now: Date): Promise<void> {
    await manager.query(
      `UPDATE password_reset SET closed_at = $2 WHERE user_id = $1 AND used_at IS NULL AND closed_at IS NULL`,
      [userId, now],
    );
  }
}
