import type { Client } from 'pg';

/**
 * `COPY … FROM STDIN` through node-postgres without an extra package: a submittable query that
 * answers the server's CopyInResponse by pulling chunks from an async iterable. Back-pressure
 * follows the socket, so a fast generator never buffers the whole table in memory.
 */
export function copyFrom(
  client: Client,
  sql: string,
  chunks: AsyncIterable<string> | Iterable<string>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    let failed: Error | null = null;
    const submittable = {
      submit(connection: PgConnection) {
        connection.query(sql);
      },
      async handleCopyInResponse(connection: PgConnection) {
        try {
          for await (const chunk of chunks) {
            connection.sendCopyFromChunk(Buffer.from(chunk, 'utf8'));
            if (connection.stream.writableNeedDrain)
              await new Promise((done) => connection.stream.once('drain', done));
            // Let the other connections' replies in: a synchronous source would otherwise starve them.
            else await new Promise((done) => setImmediate(done));
          }
          connection.endCopyFrom();
        } catch (error) {
          failed = error as Error;
          connection.sendCopyFail(String((error as Error).message));
        }
      },
      handleCommandComplete(message: { text: string }) {
        rows = Number(/COPY (\d+)/.exec(message.text)?.[1] ?? 0);
      },
      handleReadyForQuery() {
        if (failed) reject(failed);
        else resolve(rows);
      },
      handleError(error: Error) {
        failed = error;
      },
      // COPY FROM answers with none of these; pg calls them only on other statements.
      handleRowDescription: ignore,
      handleDataRow: ignore,
      handleEmptyQuery: ignore,
      handlePortalSuspended: ignore,
      handleCopyData: ignore,
    };
    void client.query(submittable as never);
  });
}

const ignore = (): void => undefined;

interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain: boolean };
}

/** A value in COPY's text format: backslash, tab and newlines escaped, `\N` for null. */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
