import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  Ctx,
  PageQuery,
  Roles,
  UuidParam,
  type RequestContext,
  IdempotencyKeyHeader,
} from '@kap/api/platform';
import type { CreatedWebhook, Page, Webhook, WebhookDelivery } from '@kap/shared/contracts';
import { CreateWebhookBody } from './webhook-requests';
import { WebhooksService } from './webhooks-service';
import {
  CreatedWebhookResponse,
  WebhookDeliveryPage,
  WebhookPage,
  WebhookResponse,
} from './webhook-responses';

/** A medical team's coordinator manages the team's webhooks (decision 0008). */
@Controller('webhooks')
@Roles('care_coordinator')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOkResponse({ type: WebhookPage })
  list(@Ctx() ctx: RequestContext, @Query() query: PageQuery): Promise<Page<Webhook>> {
    return this.webhooks.list(ctx, query);
  }

  @IdempotencyKeyHeader()
  @Post()
  @ApiExtraModels(CreatedWebhookResponse, WebhookResponse)
  @ApiCreatedResponse({
    description:
      'With the signing secret; a replay of the same Idempotency-Key answers the webhook without it.',
    schema: {
      anyOf: [{ $ref: getSchemaPath(CreatedWebhookResponse) }, { $ref: getSchemaPath(WebhookResponse) }],
    },
  })
  create(@Ctx() ctx: RequestContext, @Body() body: CreateWebhookBody): Promise<CreatedWebhook | Webhook> {
    return this.webhooks.create(ctx, body);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookResponse })
  disable(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<Webhook> {
    return this.webhooks.disable(ctx, id);
  }

  /** Nothing is deleted: the webhook is disabled and stays in the delivery log. */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<void> {
    await this.webhooks.disable(ctx, id);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: WebhookDeliveryPage })
  deliveries(
    @Ctx() ctx: RequestContext,
    @Param('id', UuidParam) id: string,
    @Query() query: PageQuery,
  ): Promise<Page<WebhookDelivery>> {
    return this.webhooks.deliveries(ctx, id, query);
  }
}
