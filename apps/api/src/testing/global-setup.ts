/* eslint-disable @nx/enforce-module-boundaries -- Jest's global setup runs outside the module
   resolver that maps tsconfig paths, so it reaches the platform library by a relative path. */
import { DataSource } from 'typeorm';
import { startEmbeddedPostgres } from '../../../../libs/api/platform/src/lib/database/embedded-postgres';
import { databaseOptions } from '../../../../libs/api/platform/src/lib/database/database-options';
import { runMigrations } from '../../../../libs/api/platform/src/lib/database/run-migrations';

/**
 * Tests run against a real PostgreSQL when DATABASE_URL is set (CI gives each run its own
 * database) and otherwise against an in-memory PGlite started here, in Jest's parent process
 * (PGlite cannot start inside Jest's VM). Either way every migration runs on an empty database.
 */
export default async function globalSetup(): Promise<void> {
  // One audit key for the run (the workers inherit it); a fixed one, because the test database on
  // PostgreSQL is kept between runs and its chain must verify with the key of the last run.
  process.env['AUDIT_KEY'] ||= 'kap-care-test-audit-key-0123456789abcdef';
  if (!process.env['DATABASE_URL']) {
    const embedded = await startEmbeddedPostgres('memory://', 0, process.env['AUDIT_KEY']);
    (globalThis as { kapEmbedded?: unknown }).kapEmbedded = embedded;
    process.env['DATABASE_URL'] = embedded.url;
    process.env['KAP_TEST_EMBEDDED'] = 'true';
  }
  const dataSource = new DataSource(
    databaseOptions(
      { dbPoolMax: 2, dbConnectTimeoutMs: 5000, auditKey: process.env['AUDIT_KEY'] },
      process.env['DATABASE_URL']!,
    ),
  );
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
