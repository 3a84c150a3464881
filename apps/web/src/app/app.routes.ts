import { Route } from '@angular/router';
import { lazyPages, roleGuard, signedInGuard, signedOutGuard } from '@kap/web/core';
import { loadPatientRoutes } from '@kap/web/patients';
import { outcomePages } from '@kap/web/outcomes';
import { loadSharingRoutes } from '@kap/web/sharing';
import { loadNoteRoutes, loadPatientNoteRoutes, loadPatientSessionRoutes } from '@kap/web/sessions';

/** Titles become "<title> · KAP Care" through PageTitleStrategy. */
export const appRoutes: Route[] = [
  { path: 'sign-in', title: 'Sign in', canActivate: [signedOutGuard], loadComponent: lazyPages.signIn },
  {
    path: '',
    canActivate: [signedInGuard],
    loadComponent: lazyPages.shell,
    children: [
      // The home dashboard ("Today") and `patients/:id/packet`; other paths fall through.
      { path: '', loadChildren: loadSharingRoutes },
      // Before `patients`, so these full paths are matched ahead of the patient routes.
      {
        path: 'patients/:id/scores/new',
        title: 'Enter a score',
        canActivate: [roleGuard('therapist', 'prescriber', 'care_coordinator')],
        loadComponent: outcomePages.scoreEntry,
      },
      { path: 'patients/:id/scores/:instrument', title: 'Score trend', loadComponent: outcomePages.trend },
      { path: 'patients/:id/sessions', loadChildren: loadPatientSessionRoutes },
      { path: 'patients/:id/notes', loadChildren: loadPatientNoteRoutes },
      { path: 'patients', loadChildren: loadPatientRoutes },
      { path: 'notes', loadChildren: loadNoteRoutes },
      { path: 'alerts', title: 'Alerts', loadComponent: outcomePages.alerts },
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
