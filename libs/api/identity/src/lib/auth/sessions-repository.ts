import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrganizationKind, Role } from '@kap/shared/contracts';
import { type Queryable, updateReturning } from '@kap/api/platform';

/** A session with its person and organization, as the session check reads it by token. */
export interface SessionRow {
  session_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  id: string;
  email: string;
  display_name: string;
  role: Role;
  organization_id: string;
  active: boolean;
  kind: OrganizationKind;
  time_zone: string;
}

/** A session as it is opened. */
export interface NewSessionRow {
  tokenHash: string;
  userId: string;
  now: Date;
  expiresAt: Date;
  ip: string;
  userAgent: string | null;
}

/** The SQL of `auth_session`. The session check's reads and touches run outside a transaction. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The new session's id. */
  async insert(manager: EntityManager, session: NewSessionRow): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO auth_session (token_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, $3, $4, $5, $6) RETURNING id`,
      [session.tokenHash, session.userId, session.now, session.expiresAt, session.ip, session.userAgent],
    );
    return row.id;
  }

  async byTokenHash(tokenHash: string): Promise<SessionRow | undefined> {
    const [row] = await this.dataSource.query<SessionRow[]>(
      `SELECT s.id AS session_id, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at,
              u.id, u.email, u.display_name, u.role, u.organization_id, u.active, o.kind, o.time_zone
         FROM auth_session s
         JOIN app_user u ON u.id = s.user_id
         JOIN organization o ON o.id = u.organization_id
        WHERE s.token_hash = $1`,
      [tokenHash],
    );
    return row;
  }

  async touch(sessionId: string, at: Date): Promise<void> {
    await this.dataSource.query(`UPDATE auth_session SET last_seen_at = $2 WHERE id = $1`, [sessionId, at]);
  }

  /** Ends one session (sign-out, or expiry found by the check: then outside a transaction). */
  async revoke(db: Queryable, sessionId: string, at: Date): Promise<void> {
    await db.query(`UPDATE auth_session SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [
      sessionId,
      at,
    ]);
  }

  /** Ends the person's sessions but one; the ids of those it ended. */
  revokeOthersOf(
    manager: EntityManager,
    userId: string,
    keepSessionId: string,
    at: Date,
  ): Promise<{ id: string }[]> {
    return updateReturning<{ id: string }>(
      manager,
      `UPDATE auth_session SET revoked_at = $3 WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL RETURNING id`,
      [userId, keepSessionId, at],
    );
  }

  async revokeAllOf(manager: EntityManager, userId: string, at: Date): Promise<void> {
    await manager.query(`UPDATE auth_session SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [
      userId,
      at,
    ]);
  }
}
