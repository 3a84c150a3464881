import { Route } from '@angular/router';
import { lazyPages, roleGuard, signedInGuard, signedOutGuard } from '@kap/web/core';
import { loadPatientRoutes } from '@kap/web/patients';

/** Titles become "<title> · KAP Care" through PageTitleStrategy. */
export const appRoutes: Route[] = [
  { path: 'sign-in', title: 'Sign in', canActivate: [signedOutGuard], loadComponent: lazyPages.signIn },
  {
    path: '',
    canActivate: [signedInGuard],
    loadComponent: lazyPages.shell,
    children: [
      { path: '', pathMatch: 'full', title: 'Today', loadComponent: lazyPages.home },
      { path: 'patients', loadChildren: loadPatientRoutes },
      {
        path: 'admin/users',
        title: 'Team members',
        canActivate: [roleGuard('practice_admin')],
        loadComponent: lazyPages.teamMembers,
      },
    ],
  },
  { path: '**', title: 'Page not found', loadComponent: lazyPages.notFound },
];
