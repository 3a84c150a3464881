import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '@kap/shared/domain';
import { type Actor, Clock } from '@kap/api/platform';
import { SessionsRepository } from './sessions-repository';

export const SESSION_COOKIE = 'kap_session';
export const IDLE_TIMEOUT_MS = 15 * 60 * 1000;
export const ABSOLUTE_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is refreshed at most this often: idle expiry stays exact to within this margin. */
const TOUCH_INTERVAL_MS = 30 * 1000;
/** How long a checked session is trusted before the database is asked again (see `recent`). */
export const RECHECK_INTERVAL_MS = 2 * 1000;
const CHECKED_SESSIONS_LIMIT = 10_000;

interface CheckedSession {
  actor: Actor;
  openedAt: number;
  lastSeen: number;
  expiresAt: number;
  checkedAt: number;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Server-side sessions: the cookie holds a random token, the database only its hash. */
@Injectable()
export class SessionStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionsRepository,
    private readonly clock: Clock,
  ) {}

  async open(
    manager: EntityManager,
    userId: string,
    ip: string,
    userAgent: string | null,
  ): Promise<{ token: string; sessionId: string }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const sessionId = await this.sessions.insert(manager, {
      tokenHash: hashToken(token),
      userId,
      now,
      expiresAt: new Date(now.getTime() + ABSOLUTE_LIFETIME_MS),
      ip,
      userAgent: userAgent?.slice(0, 300) ?? null,
    });
    return { token, sessionId };
  }

  /**
   * Sessions checked in the last RECHECK_INTERVAL_MS, by token (hashing the token on every request
   * cost more than the rest of the session check; the database still only ever sees the hash).
   * Every request needs its session, and asking the database each time costs more than most
   * routes' own work (P8 in docs/performance.md). Revocations through this process (logout, deactivation,
   * revoke-all) drop the entry at once; a revocation or role change made by another API instance
   * is seen within the interval. Only sign-in facts are kept here, never clinical data.
   */
  private readonly recent = new Map<string, CheckedSession>();
  /**
   * Sessions and people revoked here lately, until when: a request that reads the session between
   * the revoking UPDATE and its COMMIT must not put it back into `recent`.
   */
  private readonly revoked = new Map<string, { at: number; until: number }>();
  /**
   * Loads in flight, by token: the requests that find a session due for its recheck at the same
   * moment (a page fires several at once; a busy client many) share one read instead of each
   * sending its own and queueing for the pool behind the others. That queue was the slow tail of
   * every route under load (p99 in docs/requirements.md P3).
   */
  private readonly loading = new Map<string, Promise<CheckedSession>>();

  /** The actor behind a token; 401 `unauthenticated` or `session_expired` otherwise. */
  async resolve(token: string): Promise<Actor> {
    const now = this.clock.now().getTime();
    let session = this.recent.get(token);
    // A clock that moved back (tests, NTP) re-checks too.
    if (!session || now - session.checkedAt >= RECHECK_INTERVAL_MS || now < session.checkedAt) {
      this.recent.delete(token);
      session = await this.loadOnce(token, now);
    } else if (now - session.checkedAt >= RECHECK_INTERVAL_MS / 2) {
      this.refreshEarly(token, now);
    }
    if (
      this.revoked.size > 0 &&
      (this.isRevoked(`s:${session.actor.sessionId}`, session, now) ||
        this.isRevoked(`u:${session.actor.id}`, session, now))
    ) {
      this.recent.delete(token);
      throw new DomainError('unauthenticated', 'Please sign in.');
    }
    if (now >= session.expiresAt || now - session.lastSeen >= IDLE_TIMEOUT_MS) {
      this.recent.delete(token);
      await this.sessions.revoke(this.dataSource, session.actor.sessionId, new Date(now));
      throw new DomainError('session_expired', 'Your session expired. Please sign in again.');
    }
    if (now - session.lastSeen >= TOUCH_INTERVAL_MS) {
      // Marked before the write, so that the requests arriving meanwhile do not all update the same
      // row (and wait on each other's row lock); put back if the write fails.
      const lastSeen = session.lastSeen;
      session.lastSeen = now;
      try {
        await this.sessions.touch(session.actor.sessionId, new Date(now));
      } catch (error) {
        session.lastSeen = lastSeen;
        throw error;
      }
    }
    return session.actor;
  }

  /**
   * Re-checks a session in use before its interval runs out, while its requests go on: a busy
   * session then never waits for the database (every request arriving during a blocking re-check
   * queued behind it for the pool, the slow tail of every route under load). The interval stays a
   * hard limit: a session not re-checked in time is read before it is trusted again.
   */
  private refreshEarly(token: string, now: number): void {
    if (this.loading.has(token)) return;
    this.loadOnce(token, now).catch((error: unknown) => {
      // Revoked or ended: forget it now. A failed read (database away) leaves the entry to its
      // hard limit, when the next request reads again and answers with the failure.
      if (error instanceof DomainError) this.recent.delete(token);
    });
  }

  private loadOnce(token: string, now: number): Promise<CheckedSession> {
    let pending = this.loading.get(token);
    if (!pending) {
      pending = this.load(token, now).finally(() => this.loading.delete(token));
      this.loading.set(token, pending);
    }
    return pending;
  }

  private async load(token: string, now: number): Promise<CheckedSession> {
    const row = await this.sessions.byTokenHash(hashToken(token));
    if (!row || row.revoked_at !== null || !row.active) {
      throw new DomainError('unauthenticated', 'Please sign in.');
    }
    const session: CheckedSession = {
      actor: Object.freeze({
        id: row.id,
        email: row.email,
        displayName: row.display_name,
        role: row.role,
        organizationId: row.organization_id,
        organizationKind: row.kind,
        organizationTimeZone: row.time_zone,
        sessionId: row.session_id,
      }),
      openedAt: new Date(row.created_at).getTime(),
      lastSeen: new Date(row.last_seen_at).getTime(),
      expiresAt: new Date(row.expires_at).getTime(),
      checkedAt: now,
    };
    if (this.recent.size >= CHECKED_SESSIONS_LIMIT)
      this.recent.delete(this.recent.keys().next().value as string);
    this.recent.set(token, session);
    return session;
  }

  /** Drops what this process remembers of matching sessions; the database stays the authority. */
  private forget(key: string, matches: (actor: Actor) => boolean): void {
    const now = this.clock.now().getTime();
    for (const [k, { until }] of this.revoked) if (until <= now) this.revoked.delete(k);
    this.revoked.set(key, { at: now, until: now + 2 * RECHECK_INTERVAL_MS });
    for (const [token, session] of this.recent) if (matches(session.actor)) this.recent.delete(token);
  }

  /** Revoked here lately, and the session is older than the revocation (a new sign-in is not). */
  private isRevoked(key: string, session: CheckedSession, now: number): boolean {
    const revocation = this.revoked.get(key);
    return revocation !== undefined && now < revocation.until && session.openedAt <= revocation.at;
  }

  async revoke(manager: EntityManager, sessionId: string): Promise<void> {
    this.forget(`s:${sessionId}`, (actor) => actor.sessionId === sessionId);
    await this.sessions.revoke(manager, sessionId, this.clock.now());
  }

  /** Every session of the person but `keepSessionId` (a password change keeps the one that made it); how many. */
  async revokeOthersOf(manager: EntityManager, userId: string, keepSessionId: string): Promise<number> {
    const revoked = await this.sessions.revokeOthersOf(manager, userId, keepSessionId, this.clock.now());
    // Marked per session (not per person as in revokeAllOf), so the kept session stays trusted here.
    for (const { id } of revoked) this.forget(`s:${id}`, (actor) => actor.sessionId === id);
    return revoked.length;
  }

  async revokeAllOf(manager: EntityManager, userId: string): Promise<void> {
    this.forget(`u:${userId}`, (actor) => actor.id === userId);
    await this.sessions.revokeAllOf(manager, userId, this.clock.now());
  }
}
