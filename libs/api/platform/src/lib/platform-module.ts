import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock, SystemClock } from './clock/clock';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { databaseOptions } from './database/database-options';
import { HttpErrorFilter } from './errors/http-error-filter';
import { HealthController } from './health/health-controller';
import { APP_LOG, AppLogger, createAppLogs } from './http/app-log';
import { Mailer } from './mail/mailer';
import { AutocommitQueries } from './persistence/autocommit-queries';
import { UnitOfWork } from './persistence/unit-of-work';

/** What a test may replace in the platform. */
export interface PlatformOptions {
  /** Replaces the system clock (tests move time by hand). */
  clock?: Clock;
  /** Where structured logs go instead of stdout (tests read them back). */
  logStream?: { write(line: string): void };
}

/**
 * What every other module stands on: configuration, clock, database and transactions, logs,
 * errors, mail and the health check. `config.databaseUrl` must be set (main.ts starts the embedded
 * server first). `UnitOfWork` needs a `ReplayAudit`, which the audit module provides.
 */
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, options: PlatformOptions = {}): DynamicModule {
    if (!config.databaseUrl) throw new Error('PlatformModule needs a database URL');
    if (!config.auditKey) throw new Error('PlatformModule needs the audit key (withAuditKey)');
    const logs = createAppLogs(config.logLevel, options.logStream);
    return {
      module: PlatformModule,
      global: true,
      // The modules that own tables TypeORM maps register their entities (`forFeature`).
      imports: [
        TypeOrmModule.forRoot({ ...databaseOptions(config, config.databaseUrl), autoLoadEntities: true }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_LOG, useValue: logs },
        { provide: AppLogger, useValue: new AppLogger(logs.app) },
        AutocommitQueries,
        Mailer,
        UnitOfWork,
      ],
      exports: [APP_CONFIG, APP_LOG, AppLogger, AutocommitQueries, Clock, Mailer, UnitOfWork],
    };
  }
}
