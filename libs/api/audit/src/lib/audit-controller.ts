import { Controller, Get, Query } from '@nestjs/common';
import type { AuditEventItem, Page } from '@kap/shared/contracts';
import { Ctx, type RequestContext, Roles } from '@kap/api/platform';
import { AuditListQuery } from './audit-list-request';
import { AuditEventsService } from './audit-events-service';

/** Contract: docs/api.md "Audit and export". */
@Controller('audit')
@Roles('practice_admin')
export class AuditController {
  constructor(private readonly events: AuditEventsService) {}

  @Get()
  list(@Ctx() ctx: RequestContext, @Query() query: AuditListQuery): Promise<Page<AuditEventItem>> {
    return this.events.list(ctx, query);
  }
}
