import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DomainError } from '@kap/shared/domain';
import { AuditLog } from '@kap/api/audit';
import { hashToken } from '../auth/session-store';
import { type Actor, Clock } from '@kap/api/platform';
import { ApiKeysRepository } from './api-keys-repository';

/** Recognisable in logs, secret scanners and support requests: `kapk_` + 43 base64url characters. */
export const API_KEY_PREFIX = 'kapk_';
const API_KEY_PATTERN = /^kapk_[A-Za-z0-9_-]{43}$/;
/** last_used_at is written at most this often: "last used" is a day-level question. */
const TOUCH_INTERVAL_MS = 60 * 1000;

/** A new key (32 random bytes) and what is stored of it: its SHA-256 and its first characters. */
export function newApiKey(): { key: string; tokenHash: string; prefix: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, tokenHash: hashToken(key), prefix: key.slice(0, API_KEY_PREFIX.length + 4) };
}

/** `Authorization: Bearer <token>` → the token; null when the request carries no bearer credentials. */
export function bearerToken(authorization: string | string[] | undefined): string | null {
  if (typeof authorization !== 'string') return null;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  return match ? match[1] : authorization.toLowerCase().startsWith('bearer') ? '' : null;
}

/**
 * Turns a bearer key into the machine actor of its team. Looked up on every request (no cache),
 * so a revoked key is refused from the very next request on.
 */
@Injectable()
export class ApiKeyStore {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async resolve(token: string, request: { requestId: string; ip: string }): Promise<Actor> {
    const row = API_KEY_PATTERN.test(token) ? await this.keys.credentialOf(hashToken(token)) : undefined;
    if (!row || row.revoked_at !== null || !row.active) {
      // Every refused key is audited (it may be a stolen or leaked key being tried). The key itself
      // is never written anywhere; a revoked one is named by its id, an unknown one by its prefix.
      await this.audit.record({
        action: 'auth.api_key_rejected',
        outcome: 'denied',
        actorId: row?.id ?? null,
        organizationId: row?.organization_id ?? null,
        entityType: 'api_key',
        entityId: row?.id ?? null,
        requestId: request.requestId,
        ip: request.ip,
        detail: { reason: row ? 'revoked' : 'unknown', prefix: /^[A-Za-z0-9_-]{0,9}/.exec(token)?.[0] ?? '' },
      });
      throw new DomainError(
        'unauthenticated',
        row
          ? 'This API key was revoked. Ask your care coordinator for a new one.'
          : 'This API key is not valid.',
      );
    }
    const now = this.clock.now();
    if (
      row.last_used_at === null ||
      now.getTime() - new Date(row.last_used_at).getTime() >= TOUCH_INTERVAL_MS
    ) {
      await this.keys.touch(row.id, now);
    }
    return {
      id: row.id,
      apiKeyId: row.id,
      email: '',
      displayName: row.name,
      // The key acts for its team with a coordinator's record access, on the machine routes only.
      role: 'care_coordinator',
      organizationId: row.organization_id,
      organizationKind: row.kind,
      organizationTimeZone: row.time_zone,
      sessionId: '',
    };
  }
}
