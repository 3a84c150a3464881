import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
  updateReturning,
} from '@kap/api/platform';
import { MEMBER_COLUMNS, toMember, type MemberRow } from './member-mapper';
import { assertRoleFits, insertMember } from './member-registry';
import type { CreateMemberBody, UpdateMemberBody } from './member-requests';

/** A practice admin manages the people of their own organization, and only those. */
@Injectable()
export class MembersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly work: UnitOfWork,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async list(ctx: RequestContext, query: PageQuery): Promise<Page<OrganizationMember>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor, ['string', 'string']);
    const rows: MemberRow[] = await this.dataSource.query(
      `SELECT ${MEMBER_COLUMNS} FROM app_user
        WHERE organization_id = $1
          AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY created_at, id
        LIMIT $4`,
      [ctx.actor.organizationId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(
      rows,
      limit,
      (row) => [new Date(row.created_at).toISOString(), row.id],
      (row) => toMember(row, ctx.actor.organizationKind),
    );
  }

  async get(ctx: RequestContext, id: string): Promise<OrganizationMember> {
    const [row] = await this.dataSource.query(
      `SELECT ${MEMBER_COLUMNS} FROM app_user WHERE id = $1 AND organization_id = $2`,
      [id, ctx.actor.organizationId],
    );
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
      const rows = await updateReturning<MemberRow>(
        manager,
        `UPDATE app_user
            SET display_name = coalesce($4, display_name),
                role = coalesce($5, role),
                active = coalesce($6, active),
                version = version + 1,
                updated_at = $7
          WHERE id = $1 AND organization_id = $2 AND version = $3
          RETURNING ${MEMBER_COLUMNS}`,
        [
          id,
          ctx.actor.organizationId,
          version,
          body.displayName?.trim() ?? null,
          body.role ?? null,
          body.active ?? null,
          this.clock.now(),
        ],
      );
      if (rows.length === 0) {
        const [current] = await manager.query(
          `SELECT ${MEMBER_COLUMNS} FROM app_user WHERE id = $1 AND organization_id = $2`,
          [id, ctx.actor.organizationId],
        );
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
