import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Ctx, UuidParam, type RequestContext } from '@kap/api/core';
import type { Alert, Page } from '@kap/shared/contracts';
import { AcknowledgeAlertBody, AlertsQuery } from './alert-requests';
import { AlertsService } from './alerts-service';

@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  list(@Ctx() ctx: RequestContext, @Query() query: AlertsQuery): Promise<Page<Alert>> {
    return this.alerts.list(ctx, query);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string, @Body() body: AcknowledgeAlertBody): Promise<Alert> {
    return this.alerts.acknowledge(ctx, id, body);
  }
}
