import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { PoolClient, QueryConfig } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';

/** Anything that runs SQL: a transaction's EntityManager, or `AutocommitQueries` outside one. */
export type Queryable = Pick<EntityManager, 'query'>;

/**
 * Statement names a process hands out. The SQL of this codebase is a fixed set of texts (values
 * travel as parameters), so this stays small; the cap only guards against a text built with a
 * varying shape, which then simply runs unnamed.
 */
const MAX_NAMED_STATEMENTS = 500;

/** What `obtainMasterConnection()` resolves to on PostgreSQL: a client of the pool and its release. */
type PooledClient = [PoolClient, (error?: Error) => void];

/**
 * Single statements outside a transaction, straight through the `pg` pool TypeORM opened. Hot
 * reads (and the audit row a read leaves) go this way: `DataSource.query` builds and releases a
 * query runner and broadcasts events around every statement, a measurable share of a request
 * whose SQL takes a tenth of a millisecond (P3 in docs/requirements.md). Same pool, same connections, same
 * type parsing; a statement's rows are the answer, as with `EntityManager.query` for a SELECT.
 * Writes that belong together still go through `UnitOfWork` and its manager.
 *
 * The connection comes from `Driver.obtainMasterConnection()`, TypeORM's public way to a client of
 * its pool (its own query runners use it): no query runner per statement, and no second pool,
 * which would double the connections and break the embedded server's one-connection rule.
 *
 * Every statement is sent as a named (prepared) statement: PostgreSQL parses and plans it once per
 * connection instead of on every call, and may then keep one generic plan. For the trend's short
 * reads the parse and plan cost more than running them (measured with pgbench on the scale data:
 * the trend's five statements 1,800–2,100 per second unnamed, 3,300–3,600 prepared).
 */
@Injectable()
export class AutocommitQueries implements Queryable {
  private readonly names = new Map<string, string>();
  private namedStatements = true;

  constructor(private readonly dataSource: DataSource) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same loose type as EntityManager.query
  async query<T = any>(text: string, parameters: unknown[] = []): Promise<T> {
    const name = this.namedStatements ? this.nameOf(text) : undefined;
    if (name) {
      try {
        return (await this.run({ name, text, values: parameters })) as T;
      } catch (error) {
        // The embedded server (PGlite) runs one backend for every connection, so a statement an
        // earlier connection prepared is still there under its name (42P05): plan per query there.
        if ((error as { code?: string }).code !== '42P05') throw error;
        this.namedStatements = false;
      }
    }
    return (await this.run({ text, values: parameters })) as T;
  }

  /**
   * One statement on a client of the pool, released as `Pool.query` releases it: a client whose
   * statement failed is closed rather than reused, and a connection error while it runs is
   * handled here instead of crashing the process.
   */
  private async run(statement: QueryConfig<unknown[]>): Promise<unknown[]> {
    const [client, release] = (await this.dataSource.driver.obtainMasterConnection()) as PooledClient;
    let released = false;
    const releaseOnce = (error?: Error): void => {
      if (released) return;
      released = true;
      release(error);
    };
    client.once('error', releaseOnce);
    try {
      return (await client.query(statement)).rows;
    } catch (error) {
      releaseOnce(error as Error);
      throw error;
    } finally {
      client.removeListener('error', releaseOnce);
      releaseOnce();
    }
  }

  private nameOf(text: string): string | undefined {
    let name = this.names.get(text);
    if (name === undefined && this.names.size < MAX_NAMED_STATEMENTS) {
      name = `kap-${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      this.names.set(text, name);
    }
    return name;
  }
}
