import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { LoginAnswer, LoginRequest, Role, SignedInUser } from '@kap/shared/contracts';
import { firstValueFrom } from 'rxjs';
import { setClinicTimeZone } from '../organization/clinic-calendar-settings';

export const SESSION_EXPIRED_MESSAGE = 'Your session expired. Please sign in again.';

export const AUTH_URLS = {
  login: '/api/auth/login',
  logout: '/api/auth/logout',
  me: '/api/auth/me',
  mfaVerify: '/api/auth/mfa/verify',
} as const;

/**
 * Who is signed in, held in signals. The session itself is an httpOnly cookie the script never
 * sees, so the only way to know whether it is still valid is to ask `GET /api/auth/me`.
 */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);

  private readonly userState = signal<SignedInUser | null>(null);
  private readonly loadingState = signal(false);
  private readonly noticeState = signal<string | null>(null);
  /** Set once `/me` has answered, so guards do not ask again on every navigation. */
  private known = false;
  private pendingMe: Promise<SignedInUser | null> | null = null;
  /**
   * Where to go after signing in. Kept in memory, not in a `?returnUrl=` query string: URLs end up in
   * logs and browser history, and docs/requirements.md keeps them free of anything but ids.
   */
  private returnUrl = '/';

  readonly user = this.userState.asReadonly();
  readonly loading = this.loadingState.asReadonly();
  /** A message for the sign-in page, e.g. why the person was signed out. */
  readonly notice = this.noticeState.asReadonly();
  readonly signedIn = computed(() => this.userState() !== null);

  hasRole(role: Role): boolean {
    return this.userState()?.role === role;
  }

  /**
   * Asks the server who is signed in. Resolves to null when nobody is (401); other failures
   * (server down) reject, so the caller can tell "signed out" from "cannot tell".
   */
  loadMe(): Promise<SignedInUser | null> {
    // Several guards may ask during one navigation; they share one request.
    this.pendingMe ??= this.fetchMe().finally(() => (this.pendingMe = null));
    return this.pendingMe;
  }

  /** The current user, asking the server only the first time. */
  async ensureLoaded(): Promise<SignedInUser | null> {
    if (this.known) return this.userState();
    return this.loadMe();
  }

  /**
   * The password step. Answers the user when that was enough, or the challenge for a second step
   * (the sign-in page finishes it and calls `acceptSignIn`). Rejects with the HttpErrorResponse so the
   * page can show the API's message.
   */
  async signIn(credentials: LoginRequest): Promise<LoginAnswer> {
    this.loadingState.set(true);
    try {
      const answer = await firstValueFrom(this.http.post<LoginAnswer>(AUTH_URLS.login, credentials));
      if ('user' in answer) this.acceptSignIn(answer.user);
      return answer;
    } finally {
      this.loadingState.set(false);
    }
  }

  /** The server opened a session for this person (after the password, or after the second step). */
  acceptSignIn(user: SignedInUser): void {
    this.keep(user);
    this.known = true;
    this.noticeState.set(null);
  }

  /** Where the person wanted to go before being sent to sign in; read once. */
  takeReturnUrl(): string {
    const url = this.returnUrl;
    this.returnUrl = '/';
    return url;
  }

  rememberReturnUrl(url: string): void {
    this.returnUrl = url.startsWith('/sign-in') ? '/' : url;
  }

  async signOut(): Promise<void> {
    try {
      await firstValueFrom(this.http.post<void>(AUTH_URLS.logout, null));
    } catch {
      // The server may already consider the session gone (expired, revoked); locally we are out either way.
    }
    this.clear(null);
    await this.router.navigateByUrl('/sign-in');
  }

  /** Called when any API call answers that the session is over. */
  sessionEnded(): void {
    // Nobody is signed in here any more: parallel requests all fail at once (one redirect is
    // enough), and an answer that arrives after signing out is no news ("expired" would be wrong).
    if (this.known && this.userState() === null) return;
    this.rememberReturnUrl(this.router.url);
    this.clear(SESSION_EXPIRED_MESSAGE);
    void this.router.navigateByUrl('/sign-in');
  }

  /** Shows a message on the sign-in page (e.g. the server could not be reached). */
  setNotice(message: string | null): void {
    this.noticeState.set(message);
  }

  private clear(notice: string | null): void {
    this.userState.set(null);
    this.known = true;
    this.noticeState.set(notice);
  }

  /** Dates are written on the calendar of the person's organization from the moment they are known. */
  private keep(user: SignedInUser): void {
    this.userState.set(user);
    setClinicTimeZone(user.organizationTimeZone);
  }

  private async fetchMe(): Promise<SignedInUser | null> {
    this.loadingState.set(true);
    try {
      const user = await firstValueFrom(this.http.get<SignedInUser>(AUTH_URLS.me));
      this.keep(user);
      this.known = true;
      return user;
    } catch (error) {
      if (error instanceof HttpErrorResponse && error.status === 401) {
        this.userState.set(null);
        this.known = true;
        return null;
      }
      throw error;
    } finally {
      this.loadingState.set(false);
    }
  }
}
