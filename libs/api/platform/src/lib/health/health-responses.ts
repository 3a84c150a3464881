import type { HealthResponse } from '@kap/shared/contracts';

/** `GET /api/health` (docs/api.md "Health and identity"). */
export class HealthStatusResponse implements HealthResponse {
  status!: 'ok' | 'degraded';
  database!: 'ok' | 'down';
}
