import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { User } from '@kap/shared/contracts';
import { firstValueFrom } from 'rxjs';
import { AUTH_URLS, AuthStore, SESSION_EXPIRED_MESSAGE } from './auth-store';
import { sessionExpiredInterceptor } from './session-expired-interceptor';

@Component({ template: '' })
class BlankPage {}

const admin: User = {
  id: 'u-admin',
  email: 'admin@demo.test',
  displayName: 'Ada Admin',
  role: 'practice_admin',
  organizationId: 'org-1',
  organizationKind: 'practice',
};

function unauthorized(code: string) {
  return [
    { error: code, message: 'Your session has ended.', requestId: 'req-401' },
    { status: 401, statusText: 'Unauthorized' },
  ] as const;
}

describe('sessionExpiredInterceptor', () => {
  let http: HttpClient;
  let controller: HttpTestingController;
  let store: AuthStore;
  let router: Router;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([sessionExpiredInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'sign-in', component: BlankPage },
          { path: 'admin/users', component: BlankPage },
        ]),
      ],
    });
    http = TestBed.inject(HttpClient);
    controller = TestBed.inject(HttpTestingController);
    store = TestBed.inject(AuthStore);
    router = TestBed.inject(Router);

    const signIn = store.signIn({ email: admin.email, password: 'kap-demo-2026' });
    controller.expectOne(AUTH_URLS.login).flush({ user: admin });
    await signIn;
    await router.navigateByUrl('/admin/users');
  });

  afterEach(() => controller.verify());

  it('on 401 session_expired clears the user and navigates to /sign-in with the message in state, not the URL', async () => {
    const call = firstValueFrom(http.get('/api/users'));
    controller.expectOne('/api/users').flush(...unauthorized('session_expired'));

    await expect(call).rejects.toMatchObject({ status: 401 });
    await vi.waitFor(() => expect(router.url).toBe('/sign-in'));
    expect(store.user()).toBeNull();
    expect(store.notice()).toBe(SESSION_EXPIRED_MESSAGE);
    expect(router.url).not.toContain('?');
    expect(store.takeReturnUrl()).toBe('/admin/users');
  });

  it('treats 401 unauthenticated (session revoked elsewhere) the same way', async () => {
    const call = firstValueFrom(http.patch('/api/users/u-2', { active: false }));
    controller.expectOne('/api/users/u-2').flush(...unauthorized('unauthenticated'));

    await expect(call).rejects.toMatchObject({ status: 401 });
    await vi.waitFor(() => expect(router.url).toBe('/sign-in'));
    expect(store.notice()).toBe(SESSION_EXPIRED_MESSAGE);
  });

  it.each([AUTH_URLS.login, AUTH_URLS.me, AUTH_URLS.logout])(
    'leaves a 401 from %s to its caller',
    async (url) => {
      const call = firstValueFrom(http.post(url, {}));
      controller
        .expectOne(url)
        .flush(...unauthorized(url === AUTH_URLS.login ? 'invalid_credentials' : 'unauthenticated'));

      await expect(call).rejects.toMatchObject({ status: 401 });
      expect(store.user()).toEqual(admin);
      expect(store.notice()).toBeNull();
      expect(router.url).toBe('/admin/users');
    },
  );

  it('ignores other failures such as 403 forbidden or 412 version_conflict', async () => {
    const forbidden = firstValueFrom(http.get('/api/audit'));
    controller
      .expectOne('/api/audit')
      .flush(
        { error: 'forbidden', message: 'Not allowed.', requestId: 'r' },
        { status: 403, statusText: 'Forbidden' },
      );
    await expect(forbidden).rejects.toMatchObject({ status: 403 });

    const conflict = firstValueFrom(http.patch('/api/users/u-2', {}));
    controller
      .expectOne('/api/users/u-2')
      .flush(
        { error: 'version_conflict', message: 'Stale.', requestId: 'r' },
        { status: 412, statusText: 'Precondition Failed' },
      );
    await expect(conflict).rejects.toMatchObject({ status: 412 });

    expect(store.user()).toEqual(admin);
    expect(router.url).toBe('/admin/users');
  });

  it('passes successful answers through untouched', async () => {
    const call = firstValueFrom(http.get<{ items: unknown[] }>('/api/users'));
    controller.expectOne('/api/users').flush({ items: [], nextCursor: null });
    await expect(call).resolves.toEqual({ items: [], nextCursor: null });
  });
});
