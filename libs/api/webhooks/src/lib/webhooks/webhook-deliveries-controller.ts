import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { Ctx, Roles, UuidParam, type RequestContext } from '@kap/api/platform';
import type { WebhookDelivery } from '@kap/shared/contracts';
import { WebhooksService } from './webhooks-service';
import { WebhookDeliveryResponse } from './webhook-responses';

/** Manual retry from the delivery log (decision 0008). */
@Controller('webhook-deliveries')
@Roles('care_coordinator')
export class WebhookDeliveriesController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookDeliveryResponse })
  retry(@Ctx() ctx: RequestContext, @Param('id', UuidParam) id: string): Promise<WebhookDelivery> {
    return this.webhooks.retry(ctx, id);
  }
}
