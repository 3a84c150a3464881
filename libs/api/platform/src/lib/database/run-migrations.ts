import type { DataSource } from 'typeorm';

/**
 * Runs pending migrations under an advisory lock, so several API instances (or test workers)
 * starting at once do not race each other on a new database.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock(727273)');
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock(727273)');
    }
  } finally {
    await runner.release();
  }
}
