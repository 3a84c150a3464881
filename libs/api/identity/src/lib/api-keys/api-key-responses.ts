import { PersonRefResponse } from '@kap/api/platform';
import type { ApiKey, CreatedApiKey, Page } from '@kap/shared/contracts';

/** An API key as listed: the key itself is shown once, at creation (decision 0008). */
export class ApiKeyResponse implements ApiKey {
  id!: string;
  name!: string;
  /** The key's first characters (`kapk_` + 4), to tell keys apart in the list. */
  prefix!: string;
  createdAt!: string;
  createdBy!: PersonRefResponse;
  lastUsedAt!: string | null;
  revokedAt!: string | null;
}

/** The answer to creating a key: the only time `key` is ever shown. */
export class CreatedApiKeyResponse extends ApiKeyResponse implements CreatedApiKey {
  key!: string;
}

export class ApiKeyPage implements Page<ApiKey> {
  items!: ApiKeyResponse[];
  nextCursor!: string | null;
}
