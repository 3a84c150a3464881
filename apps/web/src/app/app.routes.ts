import { Route } from '@angular/router';
import { lazyPages, roleGuard, signedInGuard, signedOutGuard } from '@kap/web/core';
import { loadPatientRoutes } from '@kap/web/patients';
import { outcomePages, TREND_READS } from '@kap/web/outcomes';
import { loadSharingRoutes } from '@kap/web/sharing';
import { loadNoteRoutes, loadPatientNoteRoutes, loadPatientSessionRoutes } from '@kap/web/sessions';
import { lazyResolver } from './lazy-resolver';

/** Titles become "<title> · KAP Care" through PageTitleStrategy. */
export const appRoutes: Route[] = [
  { path: 'sign-in', title: 'Sign in', canActivate: [signedOutGuard], loadComponent: lazyPages.signIn },
  // The patient's questionnaire link: no account, so outside the signed-in frame and its guard.
  { path: 'q/:token', title: 'Questionnaire', loadComponent: outcomePages.questionnaire },
  // A password reset link from a practice admin: the token is the credential, no session needed.
  { path: 'reset-password', loadChildren: lazyPages.resetPassword },
  {
    path: '',
    canActivate: [signedInGuard],
    loadComponent: lazyPages.shell,
    children: [
      // Before `patients`, so these full paths are matched ahead of the patient routes; and before
      // the empty path below, so recognising them needs no route configuration from another chunk
      // (one round trip less before a score page's own chunks are asked for).
      {
        path: 'patients/:id/scores/new',
        title: 'Enter a score',
        canActivate: [roleGuard('therapist', 'prescriber', 'care_coordinator')],
        loadComponent: outcomePages.scoreEntry,
      },
      {
        path: 'patients/:id/scores/:instrument',
        title: 'Score trend',
        loadComponent: outcomePages.trend,
        // Starts the page's reads once the guards pass, while its chunks are still loading. Its code
        // (and the outcomes API client) is a small lazy chunk, preloaded when the route is recognised.
        resolve: { [TREND_READS]: lazyResolver(outcomePages.trendReads) },
      },
      // The home dashboard ("Today") and `patients/:id/packet`; other paths fall through.
      { path: '', loadChildren: loadSharingRoutes },
      { path: 'patients/:id/sessions', loadChildren: loadPatientSessionRoutes },
      { path: 'patients/:id/notes', loadChildren: loadPatientNoteRoutes },
      { path: 'patients', loadChildren: loadPatientRoutes },
      { path: 'notes', loadChildren: loadNoteRoutes },
      { path: 'alerts', title: 'Alerts', loadComponent: outcomePages.alerts },
      // Last: only a path none of the above matches loads this chunk's configuration.
      { path: '', loadChildren: () => import('./account-and-admin-routes') },
    ],
  },
  { path: '**', title: 'Page not found', loadComponent: lazyPages.notFound },
];
