import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OrganizationSettings } from '@kap/shared/contracts';
import { AuditLog } from '@kap/api/audit';
import type { Queryable, RequestContext } from '@kap/api/platform';
import type { UpdateOrganizationBody } from './organization-requests';

interface OrganizationRow {
  id: string;
  name: string;
  kind: OrganizationSettings['kind'];
  escalate_after_hours: number;
  time_zone: string;
}

/**
 * An organization's own settings (its two-step sign-in policy has its own route). Only the
 * caller's organization is ever read or changed: there is no id to guess.
 */
@Injectable()
export class OrganizationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  get(ctx: RequestContext): Promise<OrganizationSettings> {
    return this.read(this.dataSource, ctx.actor.organizationId);
  }

  async update(ctx: RequestContext, body: UpdateOrganizationBody): Promise<OrganizationSettings> {
    return this.dataSource.transaction(async (manager) => {
      if (body.escalateAfterHours !== undefined) {
        await manager.query(`UPDATE organization SET escalate_after_hours = $2 WHERE id = $1`, [
          ctx.actor.organizationId,
          body.escalateAfterHours,
        ]);
      }
      if (body.timeZone !== undefined) {
        await manager.query(`UPDATE organization SET time_zone = $2 WHERE id = $1`, [
          ctx.actor.organizationId,
          body.timeZone,
        ]);
      }
      await this.audit.record(
        {
          action: 'organization.update',
          outcome: 'success',
          actorId: ctx.actor.id,
          actorRole: ctx.actor.role,
          organizationId: ctx.actor.organizationId,
          entityType: 'organization',
          entityId: ctx.actor.organizationId,
          requestId: ctx.requestId,
          ip: ctx.ip,
          detail: { ...body },
        },
        manager,
      );
      return this.read(manager, ctx.actor.organizationId);
    });
  }

  private async read(db: Queryable, organizationId: string): Promise<OrganizationSettings> {
    const [row]: OrganizationRow[] = await db.query(
      `SELECT id, name, kind, escalate_after_hours, time_zone FROM organization WHERE id = $1`,
      [organizationId],
    );
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      escalateAfterHours: row.escalate_after_hours,
      timeZone: row.time_zone,
    };
  }
}
