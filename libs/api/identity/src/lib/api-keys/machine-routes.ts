/**
 * What a medical team's system may do with an API key: post medical status and scores, and read
 * what is shared with its team. Deny by default: every other route answers 403 to a key, even
 * where a coordinator (whose rights the key otherwise has) would be let in. Keys are keyed by the
 * router's own "METHOD /path"; the API-key suite calls each of them and a sample of the others.
 */
export const MACHINE_ROUTES: ReadonlySet<string> = new Set([
  'GET /api/instruments',
  'GET /api/patients',
  'GET /api/patients/:id',
  'GET /api/patients/:id/medical-status',
  'POST /api/patients/:id/medical-status',
  'GET /api/patients/:id/outcomes',
  'POST /api/patients/:id/outcomes',
  'GET /api/patients/:id/outcomes/trend',
  'GET /api/patients/:id/status-updates',
  'GET /api/alerts',
]);

export function isMachineRoute(method: string, routeUrl: string | undefined): boolean {
  return routeUrl !== undefined && MACHINE_ROUTES.has(`${method} ${routeUrl}`);
}
