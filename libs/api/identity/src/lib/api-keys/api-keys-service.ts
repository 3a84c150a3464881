import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { ApiKey, CreatedApiKey, Page } from '@kap/shared/contracts';
import { DomainError, NotFound } from '@kap/shared/domain';
import { AuditLog } from '@kap/api/audit';
import {
  Clock,
  decodeCursor,
  pageLimit,
  type PageQuery,
  type RequestContext,
  toPage,
  UnitOfWork,
} from '@kap/api/platform';
import { API_KEY_SELECT, toApiKey, type ApiKeyRow } from './api-key-mapper';
import { newApiKey } from './api-key-store';

/** Never verifies as a password: an API key's principal can never sign in. */
const NO_PASSWORD = '!api-key';

/**
 * A medical team's coordinator issues and revokes the keys of the team's own systems. Each key is
 * a principal of its own (a row in `app_user` with the key's id), so that what it writes and the
 * audit trail name the key, not the person who issued it.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly work: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async list(ctx: RequestContext, query: PageQuery): Promise<Page<ApiKey>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['string', 'string']);
    const rows: ApiKeyRow[] = await this.dataSource.query(
      `${API_KEY_SELECT}
        WHERE k.organization_id = $1
          AND ($2::timestamptz IS NULL OR (k.created_at, k.id) < ($2::timestamptz, $3::uuid))
        ORDER BY k.created_at DESC, k.id DESC
        LIMIT $4`,
      [ctx.actor.organizationId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(rows, limit, (r) => [new Date(r.created_at).toISOString(), r.id], toApiKey);
  }

  /**
   * The key is in this answer and nowhere else: only its hash is stored. A replay of the same
   * Idempotency-Key answers the same key record without the key (it cannot be recovered).
   */
  async create(ctx: RequestContext, body: { name: string }): Promise<CreatedApiKey | ApiKey> {
    const issued = newApiKey();
    const shown: { key: string | null } = { key: null };
    const created = await this.work.create(ctx, 'POST /api/api-keys', body, null, async (manager) => {
      const id = randomUUID();
      const now = this.clock.now();
      const name = body.name.trim();
      await manager.query(
        `INSERT INTO app_user (id, organization_id, email, email_key, display_name, role, password_hash, created_at, updated_at)
         VALUES ($1, $2, $3, $3, $4, 'care_coordinator', $5, $6, $6)`,
        [
          id,
          ctx.actor.organizationId,
          `api-key-${id}@api-keys.invalid`,
          `${name} (API key)`,
          NO_PASSWORD,
          now,
        ],
      );
      await manager.query(
        `INSERT INTO api_key (id, organization_id, name, prefix, token_hash, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, ctx.actor.organizationId, name, issued.prefix, issued.tokenHash, ctx.actor.id, now],
      );
      await this.audit.record(this.auditEntry(ctx, 'api_key.create', id), manager);
      shown.key = issued.key;
      const [row] = await manager.query(`${API_KEY_SELECT} WHERE k.id = $1`, [id]);
      return toApiKey(row);
    });
    return shown.key === null ? created : { ...created, key: shown.key };
  }

  async revoke(ctx: RequestContext, id: string): Promise<ApiKey> {
    return this.work.run(async (manager) => {
      const [current] = await manager.query(
        `SELECT revoked_at FROM api_key WHERE id = $1 AND organization_id = $2 FOR UPDATE`,
        [id, ctx.actor.organizationId],
      );
      if (!current) throw new NotFound();
      if (current.revoked_at !== null) throw new DomainError('conflict', 'This API key was already revoked.');
      const now = this.clock.now();
      await manager.query(`UPDATE api_key SET revoked_at = $2, revoked_by = $3 WHERE id = $1`, [
        id,
        now,
        ctx.actor.id,
      ]);
      // The principal is switched off as well: nothing can ever act as this key again.
      await manager.query(
        `UPDATE app_user SET active = false, updated_at = $2, version = version + 1 WHERE id = $1`,
        [id, now],
      );
      await this.audit.record(this.auditEntry(ctx, 'api_key.revoke', id), manager);
      const [row] = await manager.query(`${API_KEY_SELECT} WHERE k.id = $1`, [id]);
      return toApiKey(row);
    });
  }

  private auditEntry(ctx: RequestContext, action: string, keyId: string) {
    return {
      action,
      outcome: 'success' as const,
      actorId: ctx.actor.id,
      actorRole: ctx.actor.role,
      organizationId: ctx.actor.organizationId,
      entityType: 'api_key',
      entityId: keyId,
      requestId: ctx.requestId,
      ip: ctx.ip,
    };
  }
}
