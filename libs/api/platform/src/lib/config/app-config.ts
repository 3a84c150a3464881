import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { MIN_AUDIT_KEY_LENGTH } from '../database/audit-key';

/**
 * Everything the API reads from its environment, validated once at start-up. Nothing else in the
 * code base reads `process.env`: a typo in a variable name fails loudly here, not later.
 */
export interface AppConfig {
  port: number;
  host: string;
  /** A real PostgreSQL; when null the process starts the embedded PGlite server on `dataDir`. */
  databaseUrl: string | null;
  /** Where the embedded database lives; `memory://` keeps it in memory (tests, demos). */
  dataDir: string;
  /** Port of the embedded database server on loopback; 0 picks a free one. */
  pglitePort: number;
  /** `true` seeds the demo practice; `null` seeds it only into a new, empty embedded database. */
  seedDemo: boolean | null;
  demoPassword: string;
  webDistDir: string;
  /** Origins besides the app's own that may send state-changing requests. */
  extraOrigins: string[];
  logLevel: string;
  production: boolean;
  dbPoolMax: number;
  dbConnectTimeoutMs: number;
  /** Whether this process sends due webhook deliveries (WEBHOOK_WORKER, default true). */
  webhookWorker: boolean;
  /** Accept `http://127.0.0.1`/`localhost` webhook endpoints (WEBHOOK_ALLOW_LOOPBACK; development and tests only). */
  webhookAllowLoopback: boolean;
  /**
   * The app's public origin (PUBLIC_URL, e.g. `https://care.example.org`), for links that leave the
   * app: questionnaire links in mails and those the measurement plan's job creates. When unset, a
   * link made during a request uses that request's own origin, and the job's uses the first of
   * APP_ORIGINS, else `http://localhost:<PORT>`.
   */
  publicUrl: string | null;
  /** Where mail is sent (SMTP_URL, `smtp://user:pass@host:587` or `smtps://…`); no mail is sent when unset. */
  smtpUrl: string | null;
  /** The sender of the app's mail (MAIL_FROM). */
  mailFrom: string;
  /**
   * Which proxies' X-Forwarded-* headers count (TRUST_PROXY: a hop count, or proxy addresses and
   * CIDRs separated by commas); `false` (the default) believes no forwarded header.
   */
  trustProxy: false | number | string[];
  /**
   * The key of the audit chain's HMAC (AUDIT_KEY), held outside the database. Null until
   * `withAuditKey` fills it from the key file in `dataDir` (a deployment without AUDIT_KEY that is
   * not production on PostgreSQL: the embedded database, development).
   */
  auditKey: string | null;
  /**
   * Where audit checkpoints are appended (AUDIT_CHECKPOINT_DIR, default `DATA_DIR/audit`, and
   * `.data/audit` when DATA_DIR is `memory://`: the default data directory, ignored by git).
   */
  auditCheckpointDir: string;
  /** How often the API writes a checkpoint (AUDIT_CHECKPOINT_INTERVAL_MINUTES, default 60; 0: never). */
  auditCheckpointIntervalMs: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env): AppConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string): boolean | null => {
    const raw = env[name];
    if (raw === undefined || raw === '') return null;
    if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
    problems.push(`${name} must be true or false (got "${raw}").`);
    return null;
  };

  const databaseUrl = env['DATABASE_URL']?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://.');
  }
  const dataDir = env['DATA_DIR']?.trim() || '.data';
  const embedded = !databaseUrl;
  const publicUrl = env['PUBLIC_URL']?.trim().replace(/\/+$/, '') || null;
  if (publicUrl && !/^https?:\/\/[^/\s]+$/.test(publicUrl)) {
    problems.push('PUBLIC_URL must be an origin like https://care.example.org (no path).');
  }
  const trustProxy = parseTrustProxy(env['TRUST_PROXY'], problems);
  const smtpUrl = env['SMTP_URL']?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl))
    problems.push('SMTP_URL must start with smtp:// or smtps://.');
  const auditKey = parseAuditKey(env, databaseUrl, dataDir, problems);
  const config: AppConfig = {
    port: int('PORT', 3000, 0, 65535),
    host: env['HOST']?.trim() || '0.0.0.0',
    databaseUrl,
    dataDir: dataDir.startsWith('memory://') ? dataDir : resolve(dataDir),
    pglitePort: int('PGLITE_PORT', 0, 0, 65535),
    seedDemo: bool('SEED_DEMO'),
    demoPassword: env['DEMO_PASSWORD'] || 'kap-demo-2026',
    webDistDir: resolve(env['WEB_DIST_DIR']?.trim() || 'dist/apps/web/browser'),
    extraOrigins: (env['APP_ORIGINS'] ?? '')
      .split(',')
      .map((o) => o.trim().replace(/\/$/, ''))
      .filter(Boolean),
    logLevel: env['LOG_LEVEL']?.trim() || 'info',
    production: env['NODE_ENV'] === 'production',
    // The embedded server runs one backend for all its connections, and pglite-socket interleaves
    // their extended-protocol messages: two connections running plain queries at once can lose each
    // other's unnamed statement ("portal does not exist"). One connection serialises them safely.
    dbPoolMax: int('DB_POOL_MAX', embedded ? 1 : defaultPoolSize(), 1, 200),
    // Never wait forever for a connection: a database outage must turn into errors within seconds.
    dbConnectTimeoutMs: int('DB_CONNECT_TIMEOUT_MS', 2000, 100, 60000),
    webhookWorker: bool('WEBHOOK_WORKER') ?? true,
    webhookAllowLoopback: bool('WEBHOOK_ALLOW_LOOPBACK') ?? false,
    publicUrl,
    smtpUrl,
    mailFrom: env['MAIL_FROM']?.trim() || 'KAP Care <no-reply@kap-care.invalid>',
    trustProxy,
    auditKey,
    auditCheckpointDir: resolve(
      env['AUDIT_CHECKPOINT_DIR']?.trim() ||
        (dataDir.startsWith('memory://') ? join('.data', 'audit') : join(dataDir, 'audit')),
    ),
    auditCheckpointIntervalMs: int('AUDIT_CHECKPOINT_INTERVAL_MINUTES', 60, 0, 10080) * 60_000,
  };
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(config.logLevel)) {
    problems.push(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent.`);
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  return config;
}

/**
 * The audit key must come from outside the database. On PostgreSQL in production it is AUDIT_KEY
 * (from the secret store): a key file on one API host would differ between instances and be lost
 * with the host. Elsewhere a missing AUDIT_KEY means the key file in DATA_DIR (`withAuditKey`).
 */
function parseAuditKey(
  env: Env,
  databaseUrl: string | null,
  dataDir: string,
  problems: string[],
): string | null {
  const key = env['AUDIT_KEY']?.trim() || null;
  if (key && key.length < MIN_AUDIT_KEY_LENGTH) {
    problems.push(
      `AUDIT_KEY must be at least ${MIN_AUDIT_KEY_LENGTH} characters long (generate one with: openssl rand -hex 32).`,
    );
  }
  if (!key && databaseUrl && env['NODE_ENV'] === 'production') {
    problems.push(
      'AUDIT_KEY must be set in production on PostgreSQL: the audit chain is keyed with it. Generate one once with ' +
        '`openssl rand -hex 32`, keep it in your secret store (not in the database), and give every API instance the same key.',
    );
  }
  if (!key && databaseUrl && dataDir.startsWith('memory://')) {
    problems.push(
      'AUDIT_KEY must be set when DATA_DIR is memory:// and DATABASE_URL is set: a key kept only in memory would be lost at the next start.',
    );
  }
  return key;
}

/** Never `true`: trusting every hop would let any client claim https or another host. */
function parseTrustProxy(raw: string | undefined, problems: string[]): false | number | string[] {
  const value = raw?.trim() ?? '';
  if (value === '' || ['false', '0', 'no'].includes(value.toLowerCase())) return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops <= 10) return hops;
  }
  const addresses = value
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (
    addresses.length > 0 &&
    addresses.every((a) => /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(a) && /[.:]/.test(a))
  )
    return addresses;
  problems.push(
    `TRUST_PROXY must be a hop count (1 to 10) or proxy addresses separated by commas (got "${value}").`,
  );
  return false;
}

/**
 * PostgreSQL's own rule of thumb for a pool (twice the cores, plus one), with this machine's cores:
 * the one-machine deployment runs the database beside the API. More connections than the cores can
 * serve only queue inside PostgreSQL instead of in the pool, where they lengthen the slow tail
 * (measured on 2 cores, patient list at 50 concurrent requests: p99 297 ms with 10 connections,
 * 191 ms with 5, at the same throughput). A larger database server elsewhere: set DB_POOL_MAX.
 */
export function defaultPoolSize(): number {
  return 2 * availableParallelism() + 1;
}
