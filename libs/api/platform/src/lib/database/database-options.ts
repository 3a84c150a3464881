// Static import so the build's generated package.json lists `pg`: TypeORM only require()s it lazily.
import 'pg';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { AUDIT_KEY_SETTING, auditKeyPads } from './audit-key';
import { MIGRATIONS } from './migrations';

/** One set of options for the app, the CLI and the tests: the same SQL path everywhere. */
export function databaseOptions(
  config: Pick<AppConfig, 'dbPoolMax' | 'dbConnectTimeoutMs' | 'auditKey'>,
  url: string,
): DataSourceOptions {
  // The audit key reaches the chain trigger as a setting of each connection, given in the
  // connection's start-up message: no statement per connection or per row, and no statement text
  // (logs, pg_stat_activity) ever holds it. Without a key the trigger refuses every audit row.
  // (PGlite ignores start-up options; startEmbeddedPostgres sets it on its one backend instead.)
  const auditKey = config.auditKey
    ? { options: `-c ${AUDIT_KEY_SETTING}=${auditKeyPads(config.auditKey)}` }
    : {};
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
      ...auditKey,
    },
  };
}
