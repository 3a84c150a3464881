import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import type { AuditEventItem, Page } from '@kap/shared/contracts';
import { Ctx, type RequestContext, Roles } from '@kap/api/platform';
import { AuditListQuery } from './audit-list-request';
import { AuditEventsService } from './audit-events-service';
import { AuditEventPage } from './audit-responses';

/** Contract: docs/api.md "Audit and export". */
@Controller('audit')
@Roles('practice_admin')
export class AuditController {
  constructor(private readonly events: AuditEventsService) {}

  @Get()
  @ApiOkResponse({ type: AuditEventPage })
  list(@Ctx() ctx: RequestContext, @Query() query: AuditListQuery): Promise<Page<AuditEventItem>> {
    return this.events.list(ctx, query);
  }
}
