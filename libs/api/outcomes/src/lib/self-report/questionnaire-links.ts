import { createHash, randomBytes } from 'node:crypto';
import type { AppConfig } from '@kap/api/platform';

/** 32 random bytes (256 bits, at least the 128 docs/api.md asks), in base64url: 43 characters. */
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new link token and the hash that is stored in its place (the token itself is shown once). */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, hash: tokenHash(token) };
}

/**
 * SHA-256 of the token, hex. The token is 256 random bits, so a fast hash is enough (no salt,
 * no stretching): nothing can be guessed from a stored hash, and lookups stay one index probe.
 */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether a path segment could be a token at all (anything else is answered 404 at once). */
export function looksLikeToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/** The patient's page for a token, on the app's public origin (PUBLIC_URL, else `fallbackOrigin`). */
export function linkUrl(config: Pick<AppConfig, 'publicUrl'>, fallbackOrigin: string, token: string): string {
  return `${config.publicUrl ?? fallbackOrigin}/q/${token}`;
}

/** The origin for links made outside a request (the plan's job): PUBLIC_URL, the first APP_ORIGINS, or this host. */
export function jobOrigin(config: Pick<AppConfig, 'publicUrl' | 'extraOrigins' | 'port'>): string {
  return config.publicUrl ?? config.extraOrigins[0] ?? `http://localhost:${config.port}`;
}
