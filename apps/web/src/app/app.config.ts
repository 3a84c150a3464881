import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter, TitleStrategy } from '@angular/router';
import { NavigationFocus, PageTitleStrategy, sessionExpiredInterceptor } from '@kap/web/core';
import { appRoutes } from './app.routes';
import { EarlyRouteLoading } from './early-route-loading';

// Angular Material 21 animates with CSS, so no animations provider is needed.
export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideHttpClient(withFetch(), withInterceptors([sessionExpiredInterceptor])),
    // No in-memory scrolling feature: NavigationFocus moves focus (and so the view) to the new h1.
    provideRouter(appRoutes),
    { provide: TitleStrategy, useClass: PageTitleStrategy },
    provideAppInitializer(() => inject(NavigationFocus).start()),
    // The session check and the first page's chunks start before the router would ask for them.
    provideAppInitializer(() => inject(EarlyRouteLoading).start()),
  ],
};
