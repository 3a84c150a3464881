import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Ctx, PageQuery, Roles, UuidParam, type RequestContext } from '@kap/api/core';
import type { CreatedWebhook, Page, Webhook, WebhookDelivery } from '@kap/shared/contracts';
import { CreateWebhookBody } from './webhook-requests';
import { WebhooksService } from './webhooks-service';

/** A medical team's coordinator manages the team's webhooks (decision 0008). */
@Controller('webhooks')
@Roles('care_coordinator')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  list(@Ctx() ctx: RequestContext, @Query() query: PageQuery): Promise<Page<Webhook>> {
    return this.webhooks.list(ctx, query);
  }

  @Post()
  create(@Ctx() ctx: RequestContext, @Body() body: CreateWebhookBody): Promise<CreatedWebhook | Webhook> {
    return this.webhooks.create(ctx, body);
  }

  @Post(':id/disable')
  @HttpCode(200)
  disable(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<Webhook> {
    return this.webhooks.disable(ctx, id);
  }

  /** Nothing is deleted: the webhook is disabled and stays in the delivery log. */
  @Delete(':id')
  @HttpCode(204)
  async remove(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<void> {
    await this.webhooks.disable(ctx, id);
  }

  @Get(':id/deliveries')
  deliveries(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Query() query: PageQuery,
  ): Promise<Page<WebhookDelivery>> {
    return this.webhooks.deliveries(ctx, id, query);
  }
}
