import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@kap/api/platform';

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 10;
export const MAX_FAILURES_PER_IP = 100;
/** Each failure for an email past the tenth, from any address, slows its next sign-in by this. */
export const SLOWDOWN_STEP_MS = 100;
/** A slowed sign-in still answers within a couple of seconds: the owner waits, never is locked out. */
export const MAX_SLOWDOWN_MS = 2000;

export interface SignInGate {
  /** Seconds until this address may try this email again (0: now). */
  retryAfterSeconds: number;
  /** How long to hold this attempt before checking the password. */
  slowdownMs: number;
}

/**
 * Failed sign-ins counted in PostgreSQL (not in memory), so every API instance sees the same
 * count: 10 per email and 100 per IP within 15 minutes, whether or not the account exists.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Seconds until another attempt is allowed, or 0 when it is allowed now. The second step
   * (codes) keeps the per-email limit: whoever reaches it already holds the password.
   */
  async retryAfterSeconds(emailKey: string, ip: string): Promise<number> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
    // The Nth most recent failure inside the window decides when the window frees up again.
    const [row] = await this.dataSource.query<{ until: Date | null }[]>(
      `SELECT max(until) AS until FROM (
         (SELECT at + interval '15 minutes' AS until FROM login_failure
           WHERE email_key = $1 AND at > $3 ORDER BY at DESC OFFSET $4 LIMIT 1)
         UNION ALL
         (SELECT at + interval '15 minutes' FROM login_failure
           WHERE ip = $2 AND at > $3 ORDER BY at DESC OFFSET $5 LIMIT 1)
       ) blocked`,
      [emailKey, ip, since, MAX_FAILURES_PER_EMAIL - 1, MAX_FAILURES_PER_IP - 1],
    );
    if (!row?.until) return 0;
    return Math.max(1, Math.ceil((new Date(row.until).getTime() - now.getTime()) / 1000));
  }

  /**
   * The password step (issue 22, finding 8): failures are counted per (email, IP) and per IP, so a
   * stranger's failures from elsewhere never refuse the account's owner; across all addresses an
   * email's failures only slow its sign-ins down, up to MAX_SLOWDOWN_MS.
   */
  async signInGate(emailKey: string, ip: string): Promise<SignInGate> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
    const [row] = await this.dataSource.query<{ until: Date | null; email_failures: number }[]>(
      `SELECT
         (SELECT max(until) FROM (
            (SELECT at + interval '15 minutes' AS until FROM login_failure
              WHERE email_key = $1 AND ip = $2 AND at > $3 ORDER BY at DESC OFFSET $4 LIMIT 1)
            UNION ALL
            (SELECT at + interval '15 minutes' FROM login_failure
              WHERE ip = $2 AND at > $3 ORDER BY at DESC OFFSET $5 LIMIT 1)
          ) blocked) AS until,
         (SELECT count(*)::int FROM login_failure WHERE email_key = $1 AND at > $3) AS email_failures`,
      [emailKey, ip, since, MAX_FAILURES_PER_EMAIL - 1, MAX_FAILURES_PER_IP - 1],
    );
    const retryAfterSeconds = row?.until
      ? Math.max(1, Math.ceil((new Date(row.until).getTime() - now.getTime()) / 1000))
      : 0;
    const beyond = (row?.email_failures ?? 0) - (MAX_FAILURES_PER_EMAIL - 1);
    return {
      retryAfterSeconds,
      slowdownMs: beyond > 0 ? Math.min(MAX_SLOWDOWN_MS, beyond * SLOWDOWN_STEP_MS) : 0,
    };
  }

  async recordFailure(manager: EntityManager, emailKey: string, ip: string): Promise<void> {
    await manager.query(`INSERT INTO login_failure (email_key, ip, at) VALUES ($1, $2, $3)`, [
      emailKey,
      ip,
      this.clock.now(),
    ]);
  }
}
