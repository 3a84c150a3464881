import { Injectable } from '@nestjs/common';
import type { OrganizationMember, Page } from '@kap/shared/contracts';
import { NotFound, ValidationFailed, VersionConflict } from '@kap/shared/domain';
import { AuditLog } from '@kap/api/audit';
import { PasswordHasher } from '../password/password-hasher';
import { SessionStore } from '../auth/session-store';
import {
  Clock,
  decodeCursor,
  pageLimit,
  type PageQuery,
  type RequestContext,
  requiredVersion,
  toPage,
  UnitOfWork,
} from '@kap/api/platform';
import { toMember } from './member-mapper';
import { assertRoleFits, insertMember } from './member-registry';
import type { CreateMemberBody, UpdateMemberBody } from './member-requests';
import { MembersRepository } from './members-repository';

/** A practice admin manages the people of their own organization, and only those. */
@Injectable()
export class MembersService {
  constructor(
    private readonly members: MembersRepository,
    private readonly work: UnitOfWork,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async list(ctx: RequestContext, query: PageQuery): Promise<Page<OrganizationMember>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['string', 'string']);
    const rows = await this.members.page(ctx.actor.organizationId, after, limit + 1);
    return toPage(
      rows,
      limit,
      (row) => [new Date(row.created_at).toISOString(), row.id],
      (row) => toMember(row, ctx.actor.organizationKind),
    );
  }

  async get(ctx: RequestContext, id: string): Promise<OrganizationMember> {
    const row = await this.members.find(id, ctx.actor.organizationId);
    if (!row) throw new NotFound();
    return toMember(row, ctx.actor.organizationKind);
  }

  async create(ctx: RequestContext, body: CreateMemberBody): Promise<OrganizationMember> {
    const passwordHash = await this.passwords.hash(body.password);
    // The password is not part of the fingerprint: a replay must not need it to match byte for byte.
    const { password: _password, ...fingerprinted } = body;
    return this.work.create(ctx, 'POST /api/users', fingerprinted, null, async (manager) => {
      const row = await insertMember(
        manager,
        {
          organizationId: ctx.actor.organizationId,
          organizationKind: ctx.actor.organizationKind,
          email: body.email,
          displayName: body.displayName,
          role: body.role,
          passwordHash,
        },
        this.clock.now(),
      );
      await this.audit.record(this.auditEntry(ctx, 'member.create', row.id), manager);
      return toMember(row, ctx.actor.organizationKind);
    });
  }

  async update(ctx: RequestContext, id: string, body: UpdateMemberBody): Promise<OrganizationMember> {
    const version = requiredVersion(ctx);
    if (id === ctx.actor.id && (body.active === false || (body.role && body.role !== ctx.actor.role))) {
      throw new ValidationFailed([
        {
          field: body.active === false ? 'active' : 'role',
          problem: 'cannot be changed on your own account; ask another admin',
        },
      ]);
    }
    if (body.role) assertRoleFits(ctx.actor.organizationKind, body.role);
    return this.work.run(async (manager) => {
      const rows = await this.members.update(
        manager,
        id,
        ctx.actor.organizationId,
        version,
        {
          displayName: body.displayName?.trim() ?? null,
          role: body.role ?? null,
          active: body.active ?? null,
        },
        this.clock.now(),
      );
      if (rows.length === 0) {
        const current = await this.members.find(id, ctx.actor.organizationId, manager);
        if (!current) throw new NotFound();
        throw new VersionConflict(toMember(current, ctx.actor.organizationKind));
      }
      if (body.active === false) await this.sessions.revokeAllOf(manager, id);
      await this.audit.record(
        { ...this.auditEntry(ctx, 'member.update', id), detail: { fields: Object.keys(body) } },
        manager,
      );
      return toMember(rows[0], ctx.actor.organizationKind);
    });
  }

  private auditEntry(ctx: RequestContext, action: string, memberId: string) {
    return {
      action,
      outcome: 'success' as const,
      actorId: ctx.actor.id,
      actorRole: ctx.actor.role,
      organizationId: ctx.actor.organizationId,
      entityType: 'user',
      entityId: memberId,
      requestId: ctx.requestId,
      ip: ctx.ip,
    };
  }
}
