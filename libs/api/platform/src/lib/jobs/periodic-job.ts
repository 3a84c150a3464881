import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';

/**
 * A job that runs its due work every `intervalMs` on instances that enable it, one run at a time
 * (a tick while the last run is busy is skipped), and lets the run in flight finish at shutdown so
 * no half-written record is cut off. Subclasses say what is due in `runDue()`; tests call that
 * directly instead of waiting for a timer.
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(this.constructor.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  protected constructor(
    /** What fails, in the log line ("webhook delivery"). */
    private readonly work: string,
    private readonly intervalMs: number,
    private readonly enabled: boolean,
  ) {}

  /** Does everything due now; answers how much was done. */
  protected abstract runDue(): Promise<number>;

  onApplicationBootstrap(): void {
    if (this.enabled) this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  start(intervalMs = this.intervalMs): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.runDue()
      .catch((error: unknown) =>
        this.logger.error(`${this.work} failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => (this.running = null));
  }
}
