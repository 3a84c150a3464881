import { DataSource } from 'typeorm';
import { isDatabaseEmpty, PasswordHasher, seedDemo } from '@kap/api/identity';
import {
  databaseOptions,
  runMigrations,
  startEmbeddedPostgres,
  type AppConfig,
  withAuditKey,
  type EmbeddedPostgres,
} from '@kap/api/platform';
import { seedDemoOutcomes } from '@kap/api/outcomes';
import { seedDemoPatients } from '@kap/api/patients';
import { seedDemoSessions } from '@kap/api/sessions-notes';

export interface ReadyDatabase {
  /** The configuration with `databaseUrl` pointing at the database that is now ready. */
  config: AppConfig;
  embedded: EmbeddedPostgres | null;
}

/**
 * Settles the audit key (AUDIT_KEY, else the key file in DATA_DIR), starts the embedded database
 * when no DATABASE_URL is given, applies migrations, and seeds the demo practice when asked to (or
 * when a new embedded database is empty).
 */
export async function startDatabase(unkeyed: AppConfig, options: { seed: boolean }): Promise<ReadyDatabase> {
  const config = withAuditKey(unkeyed);
  const embedded = config.databaseUrl
    ? null
    : await startEmbeddedPostgres(config.dataDir, config.pglitePort, config.auditKey);
  const ready = { ...config, databaseUrl: config.databaseUrl ?? embedded!.url };
  const dataSource = new DataSource({ ...databaseOptions({ ...ready, dbPoolMax: 2 }, ready.databaseUrl) });
  try {
    await dataSource.initialize();
    await runMigrations(dataSource);
    const seed =
      options.seed && (config.seedDemo ?? (embedded !== null && (await isDatabaseEmpty(dataSource))));
    if (seed) {
      const now = new Date();
      await seedDemo(dataSource, new PasswordHasher(), config.demoPassword, now);
      await seedDemoPatients(dataSource, now);
      await seedDemoOutcomes(dataSource, now);
      await seedDemoSessions(dataSource, now);
    }
  } catch (error) {
    await embedded?.stop();
    throw error;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
  return { config: ready, embedded };
}
