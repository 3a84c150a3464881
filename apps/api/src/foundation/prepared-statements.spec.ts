import { DataSource } from 'typeorm';
import { AutocommitQueries } from '@kap/api/platform';

// The embedded server (PGlite) serves every connection from one backend; there the statements run
// unnamed after the first refusal (42P05), which the whole API suite exercises on PGlite.
const onRealPostgres = !process.env['KAP_TEST_EMBEDDED'];

/** Decision 0010: statements through AutocommitQueries are named, so each connection plans them once. */
(onRealPostgres ? describe : describe.skip)('AutocommitQueries sends named (prepared) statements', () => {
  let dataSource: DataSource;
  let queries: AutocommitQueries;

  beforeAll(async () => {
    // TypeORM's pool with one connection, so what it prepared can be read back on that same connection.
    dataSource = new DataSource({ type: 'postgres', url: process.env['DATABASE_URL'], extra: { max: 1 } });
    await dataSource.initialize();
    queries = new AutocommitQueries(dataSource);
  });
  afterAll(() => dataSource.destroy());

  const prepared = (): Promise<{ name: string; statement: string }[]> =>
    dataSource.query(`SELECT name, statement FROM pg_prepared_statements`);

  it('prepares a text once under one name and answers as before', async () => {
    const text = `SELECT $1::int + 1 AS n`;
    expect(await queries.query(text, [1])).toEqual([{ n: 2 }]);
    expect(await queries.query(text, [41])).toEqual([{ n: 42 }]);
    const mine = (await prepared()).filter((row) => row.statement === text);
    expect(mine).toHaveLength(1);
    expect(mine[0].name).toMatch(/^kap-[0-9a-f]{20}$/);
  });

  it('runs texts beyond its 500 names unnamed instead of preparing without end', async () => {
    for (let i = 0; i < 510; i++) expect(await queries.query(`SELECT ${i} AS n`)).toEqual([{ n: i }]);
    expect((await prepared()).filter((row) => row.name.startsWith('kap-'))).toHaveLength(500);
  });
});
