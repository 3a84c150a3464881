import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, Clock, PeriodicJob } from '@kap/api/platform';
import { writeAuditCheckpoint } from './audit-checkpoints';

/**
 * Writes an audit checkpoint every AUDIT_CHECKPOINT_INTERVAL_MINUTES (default hourly; 0 turns it
 * off). The interval bounds what a deleted tail can hide: rows written since the last checkpoint.
 * On several instances each writes its own (to its own AUDIT_CHECKPOINT_DIR or a shared one); a
 * checkpoint is only a reading of the heads, so extra ones are harmless.
 */
@Injectable()
export class AuditCheckpointJob extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(
      'audit checkpoint',
      Math.max(config.auditCheckpointIntervalMs, 60_000),
      config.auditCheckpointIntervalMs > 0,
    );
  }

  protected async runDue(): Promise<number> {
    await this.checkpoint();
    return 1;
  }

  /** Appends one checkpoint now (tests call this instead of waiting for the timer). */
  checkpoint() {
    if (!this.config.auditKey) throw new Error('No audit key: the API was configured without withAuditKey.');
    return writeAuditCheckpoint(
      this.dataSource,
      this.config.auditKey,
      this.config.auditCheckpointDir,
      this.clock.now(),
    );
  }
}
