import type { ApiKey } from '@kap/shared/contracts';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  created_at: Date;
  created_by: string;
  created_by_name: string;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export const API_KEY_SELECT = `
  SELECT k.id, k.name, k.prefix, k.created_at, k.created_by, c.display_name AS created_by_name, k.last_used_at, k.revoked_at
    FROM api_key k JOIN app_user c ON c.id = k.created_by`;

export function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: { id: row.created_by, displayName: row.created_by_name },
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at).toISOString() : null,
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  };
}
