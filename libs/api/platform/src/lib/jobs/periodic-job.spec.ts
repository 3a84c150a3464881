import { Logger } from '@nestjs/common';
import { PeriodicJob } from './periodic-job';

/** A job whose runs finish only when the test says so. */
class HeldJob extends PeriodicJob {
  runs = 0;
  private release: (() => void) | null = null;
  failNext = false;

  constructor(enabled: boolean) {
    super('held work', 1000, enabled);
  }

  finish(): void {
    this.release?.();
  }

  protected runDue(): Promise<number> {
    this.runs++;
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('database gone'));
    }
    return new Promise((resolve) => (this.release = () => resolve(1)));
  }
}

describe('PeriodicJob', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('does not start where it is not enabled', async () => {
    const job = new HeldJob(false);
    job.onApplicationBootstrap();
    jest.advanceTimersByTime(5000);
    expect(job.runs).toBe(0);
    await job.onModuleDestroy();
  });

  it('runs one at a time: a tick while a run is busy is skipped; shutdown waits for the run in flight', async () => {
    const job = new HeldJob(true);
    job.onApplicationBootstrap();
    jest.advanceTimersByTime(3000);
    expect(job.runs).toBe(1);
    let stopped = false;
    const stopping = job.onModuleDestroy().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    job.finish();
    await stopping;
    expect(stopped).toBe(true);
    jest.advanceTimersByTime(3000);
    expect(job.runs).toBe(1);
  });

  it('logs a failed run and runs again on the next tick', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const job = new HeldJob(true);
    job.failNext = true;
    job.start();
    jest.advanceTimersByTime(1000);
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
    expect(errors).toHaveBeenCalledWith('held work failed: database gone');
    jest.advanceTimersByTime(1000);
    expect(job.runs).toBe(2);
    job.finish();
    await job.stop();
    errors.mockRestore();
  });
});
