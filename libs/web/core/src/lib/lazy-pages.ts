/**
 * Loaders for the pages, for `loadComponent` in the app's routes. The pages are reached only
 * through these dynamic imports and never through the barrel: importing a page from
 * `@kap/web/core` would put it (and Angular Material) into the initial bundle, because the
 * barrel is already loaded at start-up for the store and the interceptor.
 */
export const lazyPages = {
  signIn: () => import('./sign-in/sign-in-page').then((m) => m.SignInPage),
  shell: () => import('./shell/shell-layout').then((m) => m.ShellLayout),
  teamMembers: () => import('./team-members/team-members-page').then((m) => m.TeamMembersPage),
  security: () => import('./security/security-page').then((m) => m.SecurityPage),
  notFound: () => import('./not-found/not-found-page').then((m) => m.NotFoundPage),
};
