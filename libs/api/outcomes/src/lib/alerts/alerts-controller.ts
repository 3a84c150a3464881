import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { Ctx, Roles, UuidParam, type RequestContext } from '@kap/api/platform';
import type { Alert, Page } from '@kap/shared/contracts';
import { AcknowledgeAlertBody, AlertsQuery } from './alert-requests';
import { AlertsService } from './alerts-service';
import { AlertPage, AlertResponse } from './alert-responses';

@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @ApiOkResponse({ type: AlertPage })
  list(@Ctx() ctx: RequestContext, @Query() query: AlertsQuery): Promise<Page<Alert>> {
    return this.alerts.list(ctx, query);
  }

  /** Each side acknowledges for itself; a practice admin is on neither side of the patient's care (403). */
  @Post(':id/acknowledge')
  @Roles('therapist', 'prescriber', 'care_coordinator')
  @HttpCode(200)
  @ApiOkResponse({ type: AlertResponse })
  acknowledge(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Body() body: AcknowledgeAlertBody,
  ): Promise<Alert> {
    return this.alerts.acknowledge(ctx, id, body);
  }
}
