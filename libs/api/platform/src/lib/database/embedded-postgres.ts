import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_KEY_SETTING, auditKeyPads } from './audit-key';

/** A PGlite database served over the PostgreSQL wire protocol on loopback. */
export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export class DataDirInUseError extends Error {}

/** Connections the socket server accepts; every pool that talks to it must stay at or below. */
export const EMBEDDED_MAX_CONNECTIONS = 8;

/**
 * Starts PGlite on `dataDir` (or in memory for `memory://`) behind pglite-socket, so the app uses
 * the same `pg` driver and SQL as on a real server. PGlite does not lock its directory and two
 * processes on one directory silently lose writes, so a lock file guards it.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port = 0,
  auditKey: string | null = null,
): Promise<EmbeddedPostgres> {
  const inMemory = dataDir.startsWith('memory://');
  const releaseLock = inMemory ? () => undefined : lockDataDir(dataDir);
  try {
    // Loaded on demand: a deployment on a real PostgreSQL never touches the WASM build.
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const db = await PGlite.create(inMemory ? dataDir : join(dataDir, 'pglite'));
    // Every socket connection shares this one backend, so a session setting made here reaches the
    // audit chain trigger on all of them (PGlite ignores the start-up options databaseOptions sends).
    if (auditKey)
      await db.query(`SELECT set_config($1, $2, false)`, [AUDIT_KEY_SETTING, auditKeyPads(auditKey)]);
    const server = new PGLiteSocketServer({
      db,
      host: '127.0.0.1',
      port,
      maxConnections: EMBEDDED_MAX_CONNECTIONS,
    });
    await server.start();
    const [host, boundPort] = server.getServerConn().split(':');
    return {
      url: `postgres://postgres:postgres@${host}:${boundPort}/postgres?sslmode=disable`,
      async stop() {
        await server.stop();
        await db.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/** Takes the data directory for this process; returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, 'kap-care.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
        throw new DataDirInUseError(
          `Another KAP Care process (pid ${holder}) is already using the data directory ${dataDir}. ` +
            `Stop that process first, or start this one with DATA_DIR set to a different folder.`,
        );
      }
      // The holder is gone (a crash or kill -9): the lock is stale and safe to take over.
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirInUseError(`Could not lock the data directory ${dataDir}. Try again.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
