import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Clock, createHttpApp, loadConfig } from '@kap/api/platform';
import { AppModule } from '../app/app-module';
import openApiMetadata from '../app/openapi-metadata';

/** A clock the test moves by hand (session expiry, throttle windows). Starts at the real now. */
export class FakeClock extends Clock {
  private current = new Date();

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestApp {
  app: NestFastifyApplication;
  clock: FakeClock;
  close(): Promise<void>;
}

/** The real application (same setup as production) on the test database, with a fake clock. */
export async function createTestApp(
  options: {
    logLevel?: string;
    logStream?: { write(line: string): void };
    env?: Record<string, string>;
  } = {},
): Promise<TestApp> {
  const config = loadConfig({
    DATABASE_URL: process.env['DATABASE_URL'],
    LOG_LEVEL: options.logLevel ?? process.env['TEST_LOG_LEVEL'] ?? 'silent',
    WEB_DIST_DIR: '/nonexistent-web-dist',
    DB_POOL_MAX: process.env['KAP_TEST_EMBEDDED'] ? '1' : '8',
    // Webhook deliveries are sent only when a test calls WebhookDeliveryWorker.deliverDue().
    WEBHOOK_WORKER: 'false',
    WEBHOOK_ALLOW_LOOPBACK: 'true',
    // Set by global-setup; checkpoints go where no test reads unless it says so (AUDIT_CHECKPOINT_DIR).
    AUDIT_KEY: process.env['AUDIT_KEY'],
    AUDIT_CHECKPOINT_INTERVAL_MINUTES: '0',
    // A suite's own settings (SMTP_URL to its mail server, PUBLIC_URL).
    ...options.env,
  });
  const clock = new FakeClock();
  const app = await createHttpApp(
    AppModule.forRoot(config, { clock, logStream: options.logStream }),
    config,
    openApiMetadata,
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, clock, close: () => app.close() };
}
