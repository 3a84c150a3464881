import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, inject, provideAppInitializer } from '@angular/core';
import { provideRouter, TitleStrategy } from '@angular/router';
import { NavigationFocus, PageTitleStrategy, sessionExpiredInterceptor } from '@kap/web/core';
import { appRoutes } from './app.routes';
import { EarlyRouteLoading } from './early-route-loading';

// Angular Material 21 animates with CSS, so no animations provider is needed. Angular 21 detects
// changes without Zone.js by default, so provideZonelessChangeDetection() would only add bytes.
// No provideBrowserGlobalErrorListeners() either (550 bytes of the initial budget): it hands
// uncaught errors to the ErrorHandler, which here is Angular's default and only logs them, as the
// browser does by itself. Add it back together with an ErrorHandler that reports somewhere.
export const appConfig: ApplicationConfig = {
  providers: [
    // No withFetch(): provideHttpClient always bundles the XMLHttpRequest backend, so the fetch
    // backend was a second one in the initial bundle (3 kB), and no call uses a fetch-only option.
    provideHttpClient(withInterceptors([sessionExpiredInterceptor])),
    // No in-memory scrolling feature: NavigationFocus moves focus (and so the view) to the new h1.
    provideRouter(appRoutes),
    { provide: TitleStrategy, useClass: PageTitleStrategy },
    provideAppInitializer(() => inject(NavigationFocus).start()),
    // The session check and the first page's chunks start before the router would ask for them.
    provideAppInitializer(() => inject(EarlyRouteLoading).start()),
  ],
};
