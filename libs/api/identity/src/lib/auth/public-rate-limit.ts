import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TooManyAttempts } from '@kap/shared/domain';
import { Clock } from '@kap/api/platform';

/** Requests one address may make to the public routes per minute (docs/api.md: at least 30 are served). */
export const PUBLIC_REQUESTS_PER_MINUTE = 60;
const WINDOW_MS = 60_000;

/**
 * The per-address limit of the public routes (the patient's questionnaire link), counted in
 * PostgreSQL like sign-in failures (`LoginThrottle`), so every API instance sees the same count:
 * one upsert per request on the address's current minute.
 */
@Injectable()
export class PublicRateLimit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Counts the request; throws `TooManyAttempts` (429, Retry-After) past the minute's allowance. */
  async admit(ip: string): Promise<void> {
    const now = this.clock.now().getTime();
    const windowStart = now - (now % WINDOW_MS);
    const [row] = await this.dataSource.query<{ hits: number }[]>(
      `INSERT INTO public_request_window (ip, window_start, hits) VALUES ($1, $2, 1)
       ON CONFLICT (ip, window_start) DO UPDATE SET hits = public_request_window.hits + 1
       RETURNING hits`,
      [ip, new Date(windowStart)],
    );
    if (row.hits > PUBLIC_REQUESTS_PER_MINUTE) {
      throw new TooManyAttempts(
        Math.max(1, Math.ceil((windowStart + WINDOW_MS - now) / 1000)),
        'Too many requests from this address. Please wait a minute and try again.',
      );
    }
  }

  /** Deletes the counts of minutes that are over (run by a periodic job). */
  async forgetPast(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - 2 * WINDOW_MS);
    // TypeORM answers a DELETE on PostgreSQL with its rows and the count of rows it removed.
    const [, removed] = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM public_request_window WHERE window_start < $1`,
      [cutoff],
    );
    return removed;
  }
}
