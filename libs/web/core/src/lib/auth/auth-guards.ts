import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import type { Role } from '@kap/shared/contracts';
import { errorMessage } from '../errors/error-message';
import { AuthStore } from './auth-store';

/** Lets signed-in people through; everyone else goes to the sign-in page. */
export const signedInGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthStore);
  const router = inject(Router);
  try {
    if (await auth.ensureLoaded()) return true;
  } catch (error) {
    // The server could not say who we are (down, unreachable): say so on the sign-in page.
    auth.setNotice(errorMessage(error));
  }
  auth.rememberReturnUrl(state.url);
  return router.parseUrl('/sign-in');
};

/** The sign-in page is pointless when already signed in. */
export const signedOutGuard: CanActivateFn = async () => {
  const auth = inject(AuthStore);
  const router = inject(Router);
  try {
    return (await auth.ensureLoaded()) ? router.parseUrl('/') : true;
  } catch {
    return true; // cannot tell; the sign-in form will report the failure when used
  }
};

/**
 * Only the given roles may enter. The API enforces the same rule; this guard only spares people
 * a page that would answer 403. Assumes `signedInGuard` ran on a parent route.
 */
export function roleGuard(...roles: Role[]): CanActivateFn {
  return async () => {
    const auth = inject(AuthStore);
    const router = inject(Router);
    const user = await auth.ensureLoaded().catch(() => null);
    return user && roles.includes(user.role) ? true : router.parseUrl('/');
  };
}
