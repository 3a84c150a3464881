import { Module } from '@nestjs/common';
import { OutboxRepository } from './outbox-repository';
import { OutboxWriter } from './outbox-writer';

/** Imported by every area that changes something a medical team is told about by webhook. */
@Module({ providers: [OutboxWriter, OutboxRepository], exports: [OutboxWriter] })
export class OutboxModule {}
