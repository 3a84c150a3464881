import { Module } from '@nestjs/common';
import { OutboxWriter } from './outbox-writer';

/** Imported by every area that changes something a medical team is told about by webhook. */
@Module({ providers: [OutboxWriter], exports: [OutboxWriter] })
export class OutboxModule {}
