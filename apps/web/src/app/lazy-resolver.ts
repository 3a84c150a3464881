import { EnvironmentInjector, inject, runInInjectionContext } from '@angular/core';
import type { ActivatedRouteSnapshot, ResolveFn, RouterStateSnapshot } from '@angular/router';

/** A resolver whose code is in a lazy chunk; `preload` fetches that chunk without running it. */
export type LazyResolveFn<T> = ResolveFn<T> & { readonly preload: () => Promise<unknown> };

/**
 * Wraps a resolver loaded by a dynamic import, so that its code (and the API client it uses) stays
 * out of the initial bundle. EarlyRouteLoading calls `preload` as soon as the route is recognised,
 * so the chunk arrives while the guards wait for the session check, and the resolver then runs
 * as if it had been in the bundle. The loaded resolver runs in the route's injection context
 * (taken before the await, after which `inject` would no longer work).
 */
export function lazyResolver<T>(
  load: () => Promise<(route: ActivatedRouteSnapshot, state: RouterStateSnapshot) => T>,
): LazyResolveFn<T> {
  const resolve = (route: ActivatedRouteSnapshot, state: RouterStateSnapshot): Promise<T> => {
    const injector = inject(EnvironmentInjector);
    return load().then((resolver) => runInInjectionContext(injector, () => resolver(route, state)));
  };
  return Object.assign(resolve, { preload: load });
}
