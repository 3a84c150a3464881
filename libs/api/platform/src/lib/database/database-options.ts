// Static import so the build's generated package.json lists `pg`: TypeORM only require()s it lazily.
import 'pg';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { connectionSettings } from './connection-settings';
import { MIGRATIONS } from './migrations';

/** One set of options for the app, the CLI and the tests: the same SQL path everywhere. */
export function databaseOptions(
  config: Pick<AppConfig, 'dbPoolMax' | 'dbConnectTimeoutMs' | 'auditKey'>,
  url: string,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    connectTimeoutMS: config.dbConnectTimeoutMs,
    extra: {
      max: config.dbPoolMax,
      connectionTimeoutMillis: config.dbConnectTimeoutMs,
      idleTimeoutMillis: 30_000,
      // A connection whose peer vanished without closing it (a dropped network, not a restart)
      // is noticed by TCP keepalive instead of hanging its requests until the OS gives up.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      // PGlite ignores start-up options; startEmbeddedPostgres sets the audit key on its one backend.
      options: connectionSettings(config.auditKey),
    },
  };
}
