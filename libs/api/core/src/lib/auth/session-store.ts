import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '@kap/shared/domain';
import { Clock } from '../clock/clock';
import type { Actor } from '../http/request-context';

export const SESSION_COOKIE = 'kap_session';
export const IDLE_TIMEOUT_MS = 15 * 60 * 1000;
export const ABSOLUTE_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is refreshed at most this often: idle expiry stays exact to within this margin. */
const TOUCH_INTERVAL_MS = 30 * 1000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Server-side sessions: the cookie holds a random token, the database only its hash. */
@Injectable()
export class SessionStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async open(manager: EntityManager, userId: string, ip: string, userAgent: string | null): Promise<{ token: string; sessionId: string }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const [row] = await manager.query(
      `INSERT INTO auth_session (token_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, $3, $4, $5, $6) RETURNING id`,
      [hashToken(token), userId, now, new Date(now.getTime() + ABSOLUTE_LIFETIME_MS), ip, userAgent?.slice(0, 300) ?? null],
    );
    return { token, sessionId: row.id };
  }

  /** The actor behind a token; 401 `unauthenticated` or `session_expired` otherwise. */
  async resolve(token: string): Promise<Actor> {
    const [row] = await this.dataSource.query(
      `SELECT s.id AS session_id, s.last_seen_at, s.expires_at, s.revoked_at,
              u.id, u.email, u.display_name, u.role, u.organization_id, u.active, o.kind
         FROM auth_session s
         JOIN app_user u ON u.id = s.user_id
         JOIN organization o ON o.id = u.organization_id
        WHERE s.token_hash = $1`,
      [hashToken(token)],
    );
    if (!row || row.revoked_at !== null || !row.active) {
      throw new DomainError('unauthenticated', 'Please sign in.');
    }
    const now = this.clock.now().getTime();
    const lastSeen = new Date(row.last_seen_at).getTime();
    if (now >= new Date(row.expires_at).getTime() || now - lastSeen >= IDLE_TIMEOUT_MS) {
      await this.dataSource.query(`UPDATE auth_session SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [
        row.session_id,
        new Date(now),
      ]);
      throw new DomainError('session_expired', 'Your session expired. Please sign in again.');
    }
    if (now - lastSeen >= TOUCH_INTERVAL_MS) {
      await this.dataSource.query(`UPDATE auth_session SET last_seen_at = $2 WHERE id = $1`, [row.session_id, new Date(now)]);
    }
    return {
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      role: row.role,
      organizationId: row.organization_id,
      organizationKind: row.kind,
      sessionId: row.session_id,
    };
  }

  async revoke(manager: EntityManager, sessionId: string): Promise<void> {
    await manager.query(`UPDATE auth_session SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [
      sessionId,
      this.clock.now(),
    ]);
  }

  async revokeAllOf(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`UPDATE auth_session SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [
      userId,
      this.clock.now(),
    ]);
  }
}
