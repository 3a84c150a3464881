/**
 * Loaders for the pages, for `loadComponent` in the app's routes. The pages are reached only
 * through these dynamic imports and never through the barrel: importing a page from
 * `@kap/web/core` would put it (and Angular Material) into the initial bundle, because the
 * barrel is already loaded at start-up for the store and the interceptor. Each page is its
 * module's default export, which the router takes as it is: no `.then((m) => m.Page)` in the
 * initial bundle, which is at its 300 kB budget.
 */
export const lazyPages = {
  signIn: () => import('./sign-in/sign-in-page'),
  /** Routes, not a page: `/reset-password/:token` with its title (see there). */
  resetPassword: () => import('./reset-password/reset-password-routes'),
  shell: () => import('./shell/shell-layout'),
  teamMembers: () => import('./team-members/team-members-page'),
  security: () => import('./security/security-page'),
  notFound: () => import('./not-found/not-found-page'),
};
