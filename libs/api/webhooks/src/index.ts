export * from './lib/outbox/outbox-module';
export * from './lib/outbox/outbox-writer';
export * from './lib/webhooks-module';
export * from './lib/delivery/webhook-delivery-worker';
export * from './lib/delivery/webhook-address-guard';
export * from './lib/delivery/webhook-signature';
