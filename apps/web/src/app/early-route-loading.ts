import { PlatformLocation } from '@angular/common';
import { EnvironmentInjector, inject, Injectable, runInInjectionContext } from '@angular/core';
import { type ActivatedRouteSnapshot, Router, RoutesRecognized } from '@angular/router';
import { AuthStore, clinicLocale } from '@kap/web/core';
import type { LazyResolveFn } from './lazy-resolver';

/**
 * Takes two waits, and one cost, off the first page's critical path. Without this, a signed-in page loads as a
 * chain: main bundle → the route configuration's chunks → `GET /api/auth/me` (the guards) → the
 * page's chunk → the chunks it imports → the page's reads. On a phone (Lighthouse's 150 ms round
 * trips) every link costs at least a round trip, and two links wait for nothing they need:
 *
 * - the session check needs only the cookie, so it is asked at start-up and answers while the
 *   router is still fetching its configuration (the guards then share the same request);
 * - a page's chunk needs only the route to be recognised, but the router fetches `loadComponent`
 *   after the guards (and resolvers) have run. Here the chunks of the recognised routes are asked
 *   for as soon as the routes are recognised, so they load while the guards wait for `/me`. An
 *   `import()` of a module already on its way is the same fetch, so the router's own call later
 *   finds it loaded; a route the guards then refuse has cost one chunk download, nothing else.
 *   The same goes for a resolver kept in a lazy chunk (`lazyResolver`): its chunk is asked for here,
 *   so it is loaded by the time the guards let the resolver run.
 */
@Injectable({ providedIn: 'root' })
export class EarlyRouteLoading {
  private readonly router = inject(Router);
  private readonly auth = inject(AuthStore);
  private readonly injector = inject(EnvironmentInjector);
  private readonly location = inject(PlatformLocation);
  private started = false;

  /** Call once at start-up. The service is a root singleton, so the subscription lives as long as the app. */
  start(): void {
    if (this.started) return;
    this.started = true;
    // "Cannot tell" (server down) is the guards' to report when they ask again. A patient's
    // questionnaire link (`/q/:token`) is outside the signed-in app: nobody there to ask about.
    if (!/^\/q\//.test(this.location.pathname)) this.auth.ensureLoaded().catch(() => undefined);
    // The signed-in pages show dates in the browser's language (the clinic calendar's), and the
    // first date format of a page load costs the browser its locale data (measured ~10–20 ms here,
    // ~130 ms on Lighthouse's throttled phone, in the task that first draws the page). The main
    // thread is idle while the session check and the page's chunks are on their way: loading that
    // data now, in a task of its own, takes it off the first drawing. The calendar makes its own
    // formats, from the data loaded here.
    setTimeout(() =>
      new Intl.DateTimeFormat(clinicLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(0),
    );
    this.router.events.subscribe((event) => {
      if (event instanceof RoutesRecognized) this.loadComponents(event.state.root);
    });
  }

  private loadComponents(route: ActivatedRouteSnapshot): void {
    const load = route.routeConfig?.loadComponent;
    // The router runs loaders in an injection context; so does this, in case one injects.
    // A failure is left to the router, which loads again and reports it.
    if (load && !route.component)
      void runInInjectionContext(this.injector, () => Promise.resolve(load()).catch(() => undefined));
    for (const resolver of Object.values(route.routeConfig?.resolve ?? {})) {
      (resolver as Partial<LazyResolveFn<unknown>>).preload?.().catch(() => undefined);
    }
    for (const child of route.children) this.loadComponents(child);
  }
}
