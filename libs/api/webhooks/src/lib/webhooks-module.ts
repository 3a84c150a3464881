import { Module } from '@nestjs/common';
import { HostResolver, WebhookAddressGuard } from './delivery/webhook-address-guard';
import { WebhookDeliveryRepository } from './delivery/webhook-delivery-repository';
import { WebhookDeliveryWorker } from './delivery/webhook-delivery-worker';
import { OutboxModule } from './outbox/outbox-module';
import { WebhookDeliveriesController } from './webhooks/webhook-deliveries-controller';
import { WebhooksController } from './webhooks/webhooks-controller';
import { WebhooksRepository } from './webhooks/webhooks-repository';
import { WebhooksService } from './webhooks/webhooks-service';

/** Registration, delivery log and the delivery worker (WEBHOOK_WORKER=false turns it off). */
@Module({
  imports: [OutboxModule],
  controllers: [WebhooksController, WebhookDeliveriesController],
  providers: [
    WebhooksService,
    WebhooksRepository,
    WebhookDeliveryWorker,
    WebhookDeliveryRepository,
    HostResolver,
    WebhookAddressGuard,
  ],
  exports: [WebhookDeliveryWorker, HostResolver],
})
export class WebhooksModule {}
