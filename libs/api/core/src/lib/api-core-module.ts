import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyStore } from './api-keys/api-key-store';
import { ApiKeysController } from './api-keys/api-keys-controller';
import { ApiKeysService } from './api-keys/api-keys-service';
import { AuditCheckpointJob } from './audit/audit-checkpoint-job';
import { AuditController } from './audit/audit-controller';
import { AuditEventsService } from './audit/audit-events-service';
import { AuditLog } from './audit/audit-log';
import { AuthController } from './auth/auth-controller';
import { AuthService } from './auth/auth-service';
import { LoginThrottle } from './auth/login-throttle';
import { PublicRateLimit } from './auth/public-rate-limit';
import { MfaAdminController } from './auth/mfa-admin-controller';
import { MfaController } from './auth/mfa-controller';
import { MfaService } from './auth/mfa-service';
import { OriginGuard } from './auth/origin-guard';
import { PasswordController } from './auth/password-controller';
import { PasswordHasher } from './auth/password-hasher';
import { PasswordPolicy } from './auth/password-policy';
import { PasswordService } from './auth/password-service';
import { SessionGuard } from './auth/session-guard';
import { SessionStore } from './auth/session-store';
import { TotpAuthenticator } from './auth/totp-authenticator';
import { Clock, SystemClock } from './clock/clock';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { databaseOptions } from './database/database-options';
import { HttpErrorFilter } from './errors/http-error-filter';
import { HealthController } from './health/health-controller';
import { Mailer } from './mail/mailer';
import { APP_LOG, AppLogger, createAppLogs } from './http/app-log';
import { MembersController } from './members/members-controller';
import { MembersService } from './members/members-service';
import { OrganizationController } from './organization/organization-controller';
import { OrganizationService } from './organization/organization-service';
import { AutocommitQueries } from './persistence/autocommit-queries';
import { UnitOfWork } from './persistence/unit-of-work';

/**
 * The cross-cutting core every feature module stands on: database, sessions and guards, audit,
 * errors, idempotency. `config.databaseUrl` must be set (main.ts starts the embedded server first).
 */
export interface ApiCoreOptions {
  /** Replaces the system clock (tests move time by hand). */
  clock?: Clock;
  /** Where structured logs go instead of stdout (tests read them back). */
  logStream?: { write(line: string): void };
}

@Module({})
export class ApiCoreModule {
  static forRoot(config: AppConfig, options: ApiCoreOptions = {}): DynamicModule {
    if (!config.databaseUrl) throw new Error('ApiCoreModule needs a database URL');
    if (!config.auditKey) throw new Error('ApiCoreModule needs the audit key (withAuditKey)');
    const url = config.databaseUrl;
    const logs = createAppLogs(config.logLevel, options.logStream);
    return {
      module: ApiCoreModule,
      global: true,
      imports: [TypeOrmModule.forRoot(databaseOptions(config, url))],
      controllers: [
        HealthController,
        AuthController,
        MfaController,
        MfaAdminController,
        MembersController,
        OrganizationController,
        AuditController,
        ApiKeysController,
        PasswordController,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        { provide: APP_GUARD, useClass: OriginGuard },
        { provide: APP_GUARD, useClass: SessionGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_LOG, useValue: logs },
        { provide: AppLogger, useValue: new AppLogger(logs.app) },
        ApiKeyStore,
        ApiKeysService,
        AuditCheckpointJob,
        AuditLog,
        AuditEventsService,
        AutocommitQueries,
        AuthService,
        LoginThrottle,
        Mailer,
        MembersService,
        MfaService,
        OrganizationService,
        PasswordHasher,
        PasswordPolicy,
        PasswordService,
        PublicRateLimit,
        SessionStore,
        TotpAuthenticator,
        UnitOfWork,
      ],
      exports: [
        APP_CONFIG,
        APP_LOG,
        AppLogger,
        AutocommitQueries,
        Clock,
        AuditCheckpointJob,
        AuditLog,
        Mailer,
        PasswordHasher,
        PublicRateLimit,
        SessionStore,
        UnitOfWork,
      ],
    };
  }
}
