import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrganizationKind } from '@kap/shared/contracts';
import { API_KEY_SELECT, type ApiKeyRow } from './api-key-mapper';

/** A key as a bearer token finds it: enough to refuse it or to act as its team. */
export interface KeyCredentialRow {
  id: string;
  name: string;
  organization_id: string;
  last_used_at: Date | null;
  revoked_at: Date | null;
  active: boolean;
  kind: OrganizationKind;
  time_zone: string;
}

/** A new key as stored: its hash and first characters, never the key. */
export interface NewApiKeyRow {
  id: string;
  organizationId: string;
  name: string;
  prefix: string;
  tokenHash: string;
  createdBy: string;
  now: Date;
}

/** The SQL of `api_key` and of the `app_user` principal each key has. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A page of the team's keys, newest first, after the `(created_at, id)` cursor. */
  page(
    organizationId: string,
    after: readonly (string | number)[] | null,
    take: number,
  ): Promise<ApiKeyRow[]> {
    return this.dataSource.query<ApiKeyRow[]>(
      `${API_KEY_SELECT}
        WHERE k.organization_id = $1
          AND ($2::timestamptz IS NULL OR (k.created_at, k.id) < ($2::timestamptz, $3::uuid))
        ORDER BY k.created_at DESC, k.id DESC
        LIMIT $4`,
      [organizationId, after?.[0] ?? null, after?.[1] ?? null, take],
    );
  }

  async find(manager: EntityManager, id: string): Promise<ApiKeyRow> {
    const [row] = await manager.query<ApiKeyRow[]>(`${API_KEY_SELECT} WHERE k.id = $1`, [id]);
    return row;
  }

  /** The key's principal: a care coordinator of the team who can never sign in. */
  async insertPrincipal(
    manager: EntityManager,
    key: Pick<NewApiKeyRow, 'id' | 'organizationId' | 'now'>,
    email: string,
    displayName: string,
    passwordHash: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO app_user (id, organization_id, email, email_key, display_name, role, password_hash, created_at, updated_at)
       VALUES ($1, $2, $3, $3, $4, 'care_coordinator', $5, $6, $6)`,
      [key.id, key.organizationId, email, displayName, passwordHash, key.now],
    );
  }

  async insert(manager: EntityManager, key: NewApiKeyRow): Promise<void> {
    await manager.query(
      `INSERT INTO api_key (id, organization_id, name, prefix, token_hash, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [key.id, key.organizationId, key.name, key.prefix, key.tokenHash, key.createdBy, key.now],
    );
  }

  /** Whether the team's key is revoked, locked until the transaction ends; undefined: no such key. */
  async lockRevocation(
    manager: EntityManager,
    id: string,
    organizationId: string,
  ): Promise<Pick<ApiKeyRow, 'revoked_at'> | undefined> {
    const [current] = await manager.query<Pick<ApiKeyRow, 'revoked_at'>[]>(
      `SELECT revoked_at FROM api_key WHERE id = $1 AND organization_id = $2 FOR UPDATE`,
      [id, organizationId],
    );
    return current;
  }

  /** Revokes the key and switches its principal off: nothing can ever act as this key again. */
  async revoke(manager: EntityManager, id: string, now: Date, revokedBy: string): Promise<void> {
    await manager.query(`UPDATE api_key SET revoked_at = $2, revoked_by = $3 WHERE id = $1`, [
      id,
      now,
      revokedBy,
    ]);
    await manager.query(
      `UPDATE app_user SET active = false, updated_at = $2, version = version + 1 WHERE id = $1`,
      [id, now],
    );
  }

  /** Read on every request that carries a key (no cache: a revoked key is refused at once). */
  async credentialOf(tokenHash: string): Promise<KeyCredentialRow | undefined> {
    const [row] = await this.dataSource.query<KeyCredentialRow[]>(
      `SELECT k.id, k.name, k.organization_id, k.last_used_at, k.revoked_at, u.active, o.kind, o.time_zone
         FROM api_key k
         JOIN app_user u ON u.id = k.id
         JOIN organization o ON o.id = k.organization_id
        WHERE k.token_hash = $1`,
      [tokenHash],
    );
    return row;
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.dataSource.query(`UPDATE api_key SET last_used_at = $2 WHERE id = $1`, [id, now]);
  }
}
