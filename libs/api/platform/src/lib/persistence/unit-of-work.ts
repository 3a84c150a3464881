import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { IdempotencyKeyReused, ValidationFailed } from '@kap/shared/domain';
import { Clock } from '../clock/clock';
import type { RequestContext } from '../http/request-context';
import { ReplayAudit } from './replay-audit';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * The access check a replay runs before it hands the stored answer out again: the caller may have
 * lost sight of the patient since (a revoked release, another primary therapist), and must then
 * get the same 404 as a fresh request. `null` only where the record is not about a patient and
 * the route's role guard already ran again (webhooks, API keys, members).
 */
export type ReplayCheck<T> = ((manager: EntityManager, stored: T) => Promise<unknown>) | null;

/**
 * For an answer that hands out a secret never stored (a link's token): the key's row keeps `stored`
 * (the answer without the secret), and a replay answers `reissue`: the same record with a fresh
 * secret, which closes the one the lost first answer carried. Nothing new is created either way.
 */
export interface SecretAnswer<T> {
  stored: (answer: T) => unknown;
  reissue: (manager: EntityManager, stored: unknown) => Promise<T>;
}

/** A claimed idempotency key's row, as a replay reads it. */
interface StoredAnswer {
  route: string;
  request_hash: string;
  response: unknown;
  created_at: Date;
}

/**
 * Transactions for use cases. `create` also honours `Idempotency-Key`: the key is claimed by an
 * insert in the same transaction as the write, so concurrent duplicates wait for the first one and
 * then replay its stored answer, after `recheck`; nothing is created twice.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: ReplayAudit,
  ) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async create<T>(
    ctx: Pick<RequestContext, 'actor' | 'idempotencyKey' | 'requestId' | 'ip'>,
    route: string,
    body: unknown,
    recheck: ReplayCheck<T>,
    work: (manager: EntityManager) => Promise<T>,
    secret?: SecretAnswer<T>,
  ): Promise<T> {
    const key = ctx.idempotencyKey;
    if (key === null) return this.run(work);
    if (!KEY_PATTERN.test(key)) {
      throw new ValidationFailed([
        { field: 'Idempotency-Key', problem: 'must be 1 to 200 visible ASCII characters' },
      ]);
    }
    const requestHash = fingerprint(body);
    return this.run(async (manager) => {
      const now = this.clock.now();
      const claimed = await manager.query<{ key: string }[]>(
        `INSERT INTO idempotency_key (actor_id, key, route, request_hash, created_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (actor_id, key) DO NOTHING
         RETURNING key`,
        [ctx.actor.id, key, route, requestHash, now],
      );
      if (claimed.length === 0) {
        const [previous] = await manager.query<StoredAnswer[]>(
          `SELECT route, request_hash, response, created_at FROM idempotency_key
            WHERE actor_id = $1 AND key = $2 FOR UPDATE`,
          [ctx.actor.id, key],
        );
        const expired = now.getTime() - previous.created_at.getTime() > KEY_LIFETIME_MS;
        if (!expired) {
          if (previous.route !== route || previous.request_hash !== requestHash)
            throw new IdempotencyKeyReused();
          if (recheck !== null) await recheck(manager, previous.response as T);
          await this.auditReplay(ctx, route, previous.response, manager);
          return secret ? secret.reissue(manager, previous.response) : (previous.response as T);
        }
        await manager.query(
          `UPDATE idempotency_key SET route = $3, request_hash = $4, response = NULL, created_at = $5
            WHERE actor_id = $1 AND key = $2`,
          [ctx.actor.id, key, route, requestHash, now],
        );
      }
      const result = await work(manager);
      await manager.query(`UPDATE idempotency_key SET response = $3 WHERE actor_id = $1 AND key = $2`, [
        ctx.actor.id,
        key,
        JSON.stringify(secret ? secret.stored(result) : result),
      ]);
      return result;
    });
  }

  /** The replay's audit event names the record and patient the stored answer is about. */
  private async auditReplay(
    ctx: Pick<RequestContext, 'actor' | 'requestId' | 'ip'>,
    route: string,
    response: unknown,
    manager: EntityManager,
  ): Promise<void> {
    const answer = (response ?? {}) as { id?: unknown; patientId?: unknown };
    const recordId = typeof answer.id === 'string' ? answer.id : null;
    const patientId =
      typeof answer.patientId === 'string'
        ? answer.patientId
        : route === 'POST /api/patients'
          ? recordId
          : null;
    await this.audit.replayed(ctx, { route, recordId, patientId }, manager);
  }
}

/** Same body → same fingerprint, whatever the key order. */
function fingerprint(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
