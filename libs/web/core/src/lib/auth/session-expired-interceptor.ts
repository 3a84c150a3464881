import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';
import { errorCode } from '../errors/error-message';
import { AUTH_URLS, AuthStore } from './auth-store';

const SESSION_OVER_CODES = new Set(['session_expired', 'unauthenticated']);

/**
 * These calls answer 401 as part of their normal job: login with a wrong password (or code), `/me`
 * when nobody is signed in, logout of an already-dead session. Their callers handle it; treating it as
 * an expired session would send people in circles.
 */
const OWN_401_URLS = new Set<string>([AUTH_URLS.login, AUTH_URLS.me, AUTH_URLS.logout, AUTH_URLS.mfaVerify]);

function pathOf(url: string): string {
  try {
    return new URL(url, 'http://relative.invalid').pathname;
  } catch {
    return url;
  }
}

/**
 * When the server says the session is over (idle 15 min, 12 h absolute, revoked), forget the user
 * and go to the sign-in page with a message. The error still reaches the caller, which usually
 * no longer matters because its page is being left.
 */
export const sessionExpiredInterceptor: HttpInterceptorFn = (req, next) => {
  const auth = inject(AuthStore);
  return next(req).pipe(
    catchError((error: unknown) => {
      if (
        error instanceof HttpErrorResponse &&
        error.status === 401 &&
        SESSION_OVER_CODES.has(errorCode(error) ?? '') &&
        !OWN_401_URLS.has(pathOf(req.url))
      ) {
        auth.sessionEnded();
      }
      return throwError(() => error);
    }),
  );
};
