import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { SignedInUser } from '@kap/shared/contracts';
import { clinicTimeZone } from '../organization/clinic-calendar-settings';
import { AUTH_URLS, AuthStore, SESSION_EXPIRED_MESSAGE } from './auth-store';

const therapist: SignedInUser = {
  id: '0b9f6c1e-0000-4000-8000-000000000001',
  email: 'therapist@demo.test',
  displayName: 'Dana Therapist',
  role: 'therapist',
  organizationId: '0b9f6c1e-0000-4000-8000-0000000000aa',
  organizationKind: 'practice',
  organizationTimeZone: 'America/New_York',
};

describe('AuthStore', () => {
  let store: AuthStore;
  let http: HttpTestingController;
  let router: Router;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    store = TestBed.inject(AuthStore);
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    vi.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
  });

  afterEach(() => http.verify());

  it('starts signed out and not loading', () => {
    expect(store.user()).toBeNull();
    expect(store.signedIn()).toBe(false);
    expect(store.loading()).toBe(false);
  });

  it('signIn posts the credentials, keeps the user and clears an old notice', async () => {
    store.setNotice(SESSION_EXPIRED_MESSAGE);
    const result = store.signIn({ email: therapist.email, password: 'kap-demo-2026' });

    expect(store.loading()).toBe(true);
    const req = http.expectOne(AUTH_URLS.login);
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ email: therapist.email, password: 'kap-demo-2026' });
    req.flush({ user: therapist });

    await expect(result).resolves.toEqual({ user: therapist });
    expect(store.user()).toEqual(therapist);
    expect(store.signedIn()).toBe(true);
    expect(store.hasRole('therapist')).toBe(true);
    expect(store.hasRole('practice_admin')).toBe(false);
    expect(store.notice()).toBeNull();
    expect(store.loading()).toBe(false);
  });

  it('signIn answers a second-step challenge without signing in; acceptSignIn finishes later', async () => {
    const result = store.signIn({ email: therapist.email, password: 'kap-demo-2026' });
    const challenge = {
      mfaRequired: true,
      challenge: 'c'.repeat(43),
      expiresAt: '2026-01-01T00:05:00.000Z',
      enrolment: null,
    };
    http.expectOne(AUTH_URLS.login).flush(challenge);
    await expect(result).resolves.toEqual(challenge);
    expect(store.signedIn()).toBe(false);
    store.acceptSignIn(therapist);
    expect(store.user()).toEqual(therapist);
    expect(clinicTimeZone()).toBe('America/New_York');
  });

  it('signIn rejects with the HTTP error and stays signed out on wrong credentials', async () => {
    const result = store.signIn({ email: therapist.email, password: 'wrong' });
    http
      .expectOne(AUTH_URLS.login)
      .flush(
        { error: 'invalid_credentials', message: 'Email or password is wrong.', requestId: 'r1' },
        { status: 401, statusText: 'Unauthorized' },
      );

    await expect(result).rejects.toMatchObject({ status: 401 });
    expect(store.user()).toBeNull();
    expect(store.loading()).toBe(false);
  });

  it('loadMe resolves to the user, and ensureLoaded does not ask again', async () => {
    const first = store.ensureLoaded();
    expect(clinicTimeZone()).toBe('UTC');
    http.expectOne(AUTH_URLS.me).flush(therapist);
    await expect(first).resolves.toEqual(therapist);
    // The calendar writes dates in the organization's zone as soon as /me has said which it is.
    expect(clinicTimeZone()).toBe('America/New_York');

    await expect(store.ensureLoaded()).resolves.toEqual(therapist);
    http.expectNone(AUTH_URLS.me);
  });

  it('loadMe shares one request between concurrent callers', async () => {
    const a = store.loadMe();
    const b = store.loadMe();
    http.expectOne(AUTH_URLS.me).flush(therapist);
    await expect(Promise.all([a, b])).resolves.toEqual([therapist, therapist]);
  });

  it('loadMe resolves to null when nobody is signed in (401)', async () => {
    const result = store.loadMe();
    http
      .expectOne(AUTH_URLS.me)
      .flush(
        { error: 'unauthenticated', message: 'Please sign in.', requestId: 'r2' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await expect(result).resolves.toBeNull();
    expect(store.signedIn()).toBe(false);
  });

  it('loadMe rejects when the server cannot be reached, so callers can tell it from "signed out"', async () => {
    const result = store.loadMe();
    http.expectOne(AUTH_URLS.me).error(new ProgressEvent('error'), { status: 0 });
    await expect(result).rejects.toMatchObject({ status: 0 });
  });

  it('signOut posts logout, forgets the user and goes to the sign-in page, even if logout fails', async () => {
    const signIn = store.signIn({ email: therapist.email, password: 'kap-demo-2026' });
    http.expectOne(AUTH_URLS.login).flush({ user: therapist });
    await signIn;

    const out = store.signOut();
    http
      .expectOne(AUTH_URLS.logout)
      .flush(
        { error: 'session_expired', message: 'x', requestId: 'r3' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await out;

    expect(store.user()).toBeNull();
    expect(store.notice()).toBeNull();
    expect(router.navigateByUrl).toHaveBeenCalledWith('/sign-in');
  });

  it('sessionEnded after signing out is no news: a late answer does not say the session expired', async () => {
    const signIn = store.signIn({ email: therapist.email, password: 'kap-demo-2026' });
    http.expectOne(AUTH_URLS.login).flush({ user: therapist });
    await signIn;
    const out = store.signOut();
    http.expectOne(AUTH_URLS.logout).flush(null, { status: 204, statusText: 'No Content' });
    await out;

    // A request of the page that was left answers 401 after the session ended.
    store.sessionEnded();
    expect(store.notice()).toBeNull();
    expect(router.navigateByUrl).toHaveBeenCalledTimes(1);
  });

  it('sessionEnded forgets the user, keeps the message in state and remembers where the person was', async () => {
    const signIn = store.signIn({ email: therapist.email, password: 'kap-demo-2026' });
    http.expectOne(AUTH_URLS.login).flush({ user: therapist });
    await signIn;
    vi.spyOn(router, 'url', 'get').mockReturnValue('/admin/users');

    store.sessionEnded();
    store.sessionEnded(); // a second failing request at the same moment changes nothing

    expect(store.user()).toBeNull();
    expect(store.notice()).toBe(SESSION_EXPIRED_MESSAGE);
    expect(router.navigateByUrl).toHaveBeenCalledTimes(1);
    expect(router.navigateByUrl).toHaveBeenCalledWith('/sign-in');
    expect(store.takeReturnUrl()).toBe('/admin/users');
    expect(store.takeReturnUrl()).toBe('/'); // read once
  });
});
