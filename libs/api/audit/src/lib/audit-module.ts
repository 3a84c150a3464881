import { Global, Module } from '@nestjs/common';
import { ReplayAudit } from '@kap/api/platform';
import { AuditCheckpointJob } from './audit-checkpoint-job';
import { AuditController } from './audit-controller';
import { AuditEventsService } from './audit-events-service';
import { AuditLog } from './audit-log';
import { AuditRepository } from './audit-repository';
import { AuditedReplay } from './audited-replay';

/**
 * The audit trail: writing events (`AuditLog`, used by every area), the admin's listing, the
 * checkpoints of the chain, and the platform's `ReplayAudit` port. Needs `PlatformModule`.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [
    AuditCheckpointJob,
    AuditEventsService,
    AuditLog,
    AuditRepository,
    { provide: ReplayAudit, useClass: AuditedReplay },
  ],
  exports: [AuditCheckpointJob, AuditLog, ReplayAudit],
})
export class AuditModule {}
