import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { User } from '@kap/shared/contracts';
import { roleGuard, signedInGuard, signedOutGuard } from './auth-guards';
import { AUTH_URLS, AuthStore } from './auth-store';

@Component({ template: '' })
class BlankPage {}

const therapist: User = {
  id: 'u-1',
  email: 'therapist@demo.test',
  displayName: 'Dana Therapist',
  role: 'therapist',
  organizationId: 'org-1',
  organizationKind: 'practice',
};

describe('auth guards', () => {
  let router: Router;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'sign-in', component: BlankPage, canActivate: [signedOutGuard] },
          {
            path: '',
            canActivate: [signedInGuard],
            children: [
              { path: '', pathMatch: 'full', component: BlankPage },
              { path: 'admin/users', component: BlankPage, canActivate: [roleGuard('practice_admin')] },
            ],
          },
        ]),
      ],
    });
    router = TestBed.inject(Router);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function navigate(url: string, me: User | 'nobody' | 'down'): Promise<void> {
    const done = router.navigateByUrl(url);
    const req = await vi.waitFor(() => http.expectOne(AUTH_URLS.me));
    if (me === 'nobody') {
      req.flush(
        { error: 'unauthenticated', message: 'Please sign in.', requestId: 'r' },
        { status: 401, statusText: 'Unauthorized' },
      );
    } else if (me === 'down') {
      req.error(new ProgressEvent('error'), { status: 0 });
      // The sign-in page's own guard asks again (the server may be back); it is still down.
      const again = await vi.waitFor(() => http.expectOne(AUTH_URLS.me));
      again.error(new ProgressEvent('error'), { status: 0 });
    } else {
      req.flush(me);
    }
    await done;
  }

  it('sends a signed-out visitor to /sign-in and remembers the page for after sign-in', async () => {
    await navigate('/admin/users', 'nobody');
    expect(router.url).toBe('/sign-in');
    expect(TestBed.inject(AuthStore).takeReturnUrl()).toBe('/admin/users');
  });

  it('lets a signed-in person in', async () => {
    await navigate('/', therapist);
    expect(router.url).toBe('/');
  });

  it('keeps a therapist out of the admin pages', async () => {
    await navigate('/admin/users', therapist);
    expect(router.url).toBe('/');
  });

  it('lets a practice admin into the admin pages', async () => {
    await navigate('/admin/users', { ...therapist, role: 'practice_admin' });
    expect(router.url).toBe('/admin/users');
  });

  it('sends a signed-in person away from /sign-in', async () => {
    await navigate('/sign-in', therapist);
    expect(router.url).toBe('/');
  });

  it('explains on the sign-in page when the server cannot be reached', async () => {
    await navigate('/', 'down');
    expect(router.url).toBe('/sign-in');
    expect(TestBed.inject(AuthStore).notice()).toBe('Cannot reach the server.');
  });
});
