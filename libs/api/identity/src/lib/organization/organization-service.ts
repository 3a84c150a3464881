import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OrganizationSettings } from '@kap/shared/contracts';
import { AuditLog } from '@kap/api/audit';
import type { RequestContext } from '@kap/api/platform';
import type { OrganizationEntity } from './organization-entity';
import { OrganizationRepository, type OrganizationSettingsChange } from './organization-repository';
import type { UpdateOrganizationBody } from './organization-requests';

/**
 * An organization's own settings (its two-step sign-in policy has its own route). Only the
 * caller's organization is ever read or changed: there is no id to guess.
 */
@Injectable()
export class OrganizationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organizations: OrganizationRepository,
    private readonly audit: AuditLog,
  ) {}

  async get(ctx: RequestContext): Promise<OrganizationSettings> {
    return toSettings(await this.organizations.find(ctx.actor.organizationId));
  }

  async update(ctx: RequestContext, body: UpdateOrganizationBody): Promise<OrganizationSettings> {
    return this.dataSource.transaction(async (manager) => {
      const change: OrganizationSettingsChange = {};
      if (body.escalateAfterHours !== undefined) change.escalateAfterHours = body.escalateAfterHours;
      if (body.timeZone !== undefined) change.timeZone = body.timeZone;
      await this.organizations.change(manager, ctx.actor.organizationId, change);
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
      return toSettings(await this.organizations.find(ctx.actor.organizationId, manager));
    });
  }
}

function toSettings(organization: OrganizationEntity): OrganizationSettings {
  return {
    id: organization.id,
    name: organization.name,
    kind: organization.kind,
    escalateAfterHours: organization.escalateAfterHours,
    timeZone: organization.timeZone,
  };
}
