import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';

/** Anything that runs SQL: a transaction's EntityManager, or `AutocommitQueries` outside one. */
export type Queryable = Pick<EntityManager, 'query'>;

/**
 * Single statements outside a transaction, straight through the `pg` pool TypeORM opened. Hot
 * reads (and the audit row a read leaves) go this way: `DataSource.query` builds and releases a
 * query runner and broadcasts events around every statement, a measurable share of a request
 * whose SQL takes a tenth of a millisecond (P3 in quality.md). Same pool, same connections, same
 * type parsing; a statement's rows are the answer, as with `EntityManager.query` for a SELECT.
 * Writes that belong together still go through `UnitOfWork` and its manager.
 */
@Injectable()
export class AutocommitQueries implements Queryable {
  constructor(private readonly dataSource: DataSource) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same loose type as EntityManager.query
  async query<T = any>(text: string, parameters: unknown[] = []): Promise<T> {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const result = await pool.query(text, parameters);
    return result.rows as T;
  }
}
