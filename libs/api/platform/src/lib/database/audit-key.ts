import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';

/** AUDIT_KEY is at least this long: `openssl rand -hex 32` gives 64 characters. */
export const MIN_AUDIT_KEY_LENGTH = 32;

/** The session setting the chain trigger reads the key from (never a table, never a file in the database). */
export const AUDIT_KEY_SETTING = 'kap.audit_key';

/** The key file for a database without AUDIT_KEY (the embedded one), inside DATA_DIR. */
export const AUDIT_KEY_FILE = 'audit.key';

const BLOCK = 64;

/**
 * The HMAC-SHA-256 key in the form the chain trigger uses: the key padded to the block and XORed
 * with ipad and opad, hex, one after the other (256 characters). The trigger then needs only
 * `sha256()`, which PostgreSQL and PGlite both have, no pgcrypto: HMAC(k, m) = H(k⊕opad ‖ H(k⊕ipad ‖ m)).
 * These pads are as secret as the key itself.
 */
export function auditKeyPads(key: string): string {
  let bytes = Buffer.from(key, 'utf8');
  if (bytes.length > BLOCK) bytes = createHash('sha256').update(bytes).digest();
  const block = Buffer.alloc(BLOCK);
  bytes.copy(block);
  const inner = Buffer.from(block.map((b) => b ^ 0x36));
  const outer = Buffer.from(block.map((b) => b ^ 0x5c));
  return inner.toString('hex') + outer.toString('hex');
}

/** HMAC-SHA-256 in Node with the same key, for what is kept outside the database (checkpoints). */
export function auditHmac(key: string, message: string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(message, 'utf8').digest('hex');
}

/**
 * The key for a deployment without AUDIT_KEY: `DATA_DIR/audit.key`, made on first start with mode
 * 0600 (only the API's user reads it). The file sits beside the embedded database's files, not in
 * it: a copy of the database alone cannot recompute the chain. An in-memory database (`memory://`)
 * lives only as long as the process, and so does its key.
 */
export function auditKeyFromDataDir(dataDir: string): string {
  if (dataDir.startsWith('memory://')) return randomBytes(32).toString('hex');
  const path = join(dataDir, AUDIT_KEY_FILE);
  try {
    return readKey(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  try {
    // 'wx': two processes starting at once cannot both write a key; the second reads the first's.
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readKey(path);
}

function readKey(path: string): string {
  const key = readFileSync(path, 'utf8').trim();
  if (key.length < MIN_AUDIT_KEY_LENGTH) {
    throw new Error(
      `The audit key file ${path} holds fewer than ${MIN_AUDIT_KEY_LENGTH} characters; restore it from the backup of DATA_DIR.`,
    );
  }
  return key;
}

/** The configuration with its audit key: AUDIT_KEY, else the key file in DATA_DIR (made if missing). */
export function withAuditKey<T extends Pick<AppConfig, 'auditKey' | 'dataDir'>>(
  config: T,
): T & { auditKey: string } {
  return { ...config, auditKey: config.auditKey ?? auditKeyFromDataDir(config.dataDir) };
}
