import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
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
import { toApiKey } from './api-key-mapper';
import { ApiKeysRepository } from './api-keys-repository';
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
    private readonly keys: ApiKeysRepository,
    private readonly work: UnitOfWork,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async list(ctx: RequestContext, query: PageQuery): Promise<Page<ApiKey>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['string', 'string']);
    const rows = await this.keys.page(ctx.actor.organizationId, after, limit + 1);
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
      const key = {
        id,
        organizationId: ctx.actor.organizationId,
        name,
        prefix: issued.prefix,
        tokenHash: issued.tokenHash,
        createdBy: ctx.actor.id,
        now,
      };
      await this.keys.insertPrincipal(
        manager,
        key,
        `api-key-${id}@api-keys.invalid`,
        `${name} (API key)`,
        NO_PASSWORD,
      );
      await this.keys.insert(manager, key);
      await this.audit.record(this.auditEntry(ctx, 'api_key.create', id), manager);
      shown.key = issued.key;
      return toApiKey(await this.keys.find(manager, id));
    });
    return shown.key === null ? created : { ...created, key: shown.key };
  }

  async revoke(ctx: RequestContext, id: string): Promise<ApiKey> {
    return this.work.run(async (manager) => {
      const current = await this.keys.lockRevocation(manager, id, ctx.actor.organizationId);
      if (!current) throw new NotFound();
      if (current.revoked_at !== null) throw new DomainError('conflict', 'This API key was already revoked.');
      const now = this.clock.now();
      // The principal is switched off as well: nothing can ever act as this key again.
      await this.keys.revoke(manager, id, now, ctx.actor.id);
      await this.audit.record(this.auditEntry(ctx, 'api_key.revoke', id), manager);
      return toApiKey(await this.keys.find(manager, id));
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
