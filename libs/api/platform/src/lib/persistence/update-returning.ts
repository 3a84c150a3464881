import type { EntityManager } from 'typeorm';

/**
 * Runs an `UPDATE ... RETURNING` and gives back the rows. TypeORM's `query()` answers UPDATE and
 * DELETE on PostgreSQL with `[rows, rowCount]` rather than the rows alone.
 */
export async function updateReturning<Row>(
  manager: EntityManager,
  sql: string,
  params: unknown[],
): Promise<Row[]> {
  const result = await manager.query(sql, params);
  return Array.isArray(result[0]) ? (result[0] as Row[]) : (result as Row[]);
}
