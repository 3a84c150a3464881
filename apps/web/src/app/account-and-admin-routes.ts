import { Route } from '@angular/router';
import { lazyPages, roleGuard } from '@kap/web/core';
import { interopPages } from '@kap/web/interop';
import { connectionsPages } from '@kap/web/connections';

/**
 * Pages off the daily path (one's sign-in security, the practice's administration, a coordinator's
 * connections), in a chunk of their own: their route entries in the initial bundle held it at its
 * 300 kB budget. Opening one of them costs this small chunk once.
 */
export const accountAndAdminRoutes: Route[] = [
  { path: 'account/security', title: 'Sign-in security', loadComponent: lazyPages.security },
  {
    path: 'admin/users',
    title: 'Team members',
    canActivate: [roleGuard('practice_admin')],
    loadComponent: lazyPages.teamMembers,
  },
  {
    path: 'admin/audit',
    title: 'Audit log',
    canActivate: [roleGuard('practice_admin')],
    loadComponent: interopPages.auditLog,
  },
  {
    path: 'team/connections',
    title: 'Connections',
    canActivate: [roleGuard('care_coordinator')],
    loadComponent: connectionsPages.connections,
  },
];

export default accountAndAdminRoutes;
