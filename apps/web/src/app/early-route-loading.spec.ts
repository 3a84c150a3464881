import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MOCK_PLATFORM_LOCATION_CONFIG, provideLocationMocks } from '@angular/common/testing';
import { provideRouter, Router } from '@angular/router';
import { AUTH_URLS, signedInGuard } from '@kap/web/core';
import { EarlyRouteLoading } from './early-route-loading';
import { lazyResolver } from './lazy-resolver';

@Component({ template: '<p>page</p>' })
class Page {}

describe('EarlyRouteLoading', () => {
  it('asks who is signed in at once, and fetches the page while the guard waits for the answer', async () => {
    const loadPage = vi.fn(() => Promise.resolve(Page));
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'page', canActivate: [signedInGuard], loadComponent: loadPage }]),
      ],
    });
    const http = TestBed.inject(HttpTestingController);
    TestBed.inject(EarlyRouteLoading).start();
    // The session check is out before any navigation.
    const me = http.expectOne(AUTH_URLS.me);

    const navigation = TestBed.inject(Router).navigateByUrl('/page');
    // The guard is still waiting for /me, and the page's chunk is already asked for.
    await vi.waitFor(() => expect(loadPage).toHaveBeenCalled());
    me.flush({
      id: 'u-1',
      email: 'a@b.test',
      displayName: 'A',
      role: 'therapist',
      organizationId: 'o-1',
      organizationKind: 'practice',
    });

    expect(await navigation).toBe(true);
    expect(TestBed.inject(Router).url).toBe('/page');
    http.verify();
  });

  it("asks for a lazy resolver's chunk while the guard waits, and runs the resolver once it lets the page through", async () => {
    const resolve = vi.fn(() => 'reads');
    const loadResolver = vi.fn(() => Promise.resolve(resolve));
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          {
            path: 'page',
            canActivate: [signedInGuard],
            loadComponent: () => Promise.resolve(Page),
            resolve: { reads: lazyResolver(loadResolver) },
          },
        ]),
      ],
    });
    const http = TestBed.inject(HttpTestingController);
    TestBed.inject(EarlyRouteLoading).start();
    const me = http.expectOne(AUTH_URLS.me);

    const navigation = TestBed.inject(Router).navigateByUrl('/page');
    await vi.waitFor(() => expect(loadResolver).toHaveBeenCalled());
    // Preloaded only: the resolver itself waits for the guard.
    expect(resolve).not.toHaveBeenCalled();
    me.flush({
      id: 'u-1',
      email: 'a@b.test',
      displayName: 'A',
      role: 'therapist',
      organizationId: 'o-1',
      organizationKind: 'practice',
    });

    expect(await navigation).toBe(true);
    expect(resolve).toHaveBeenCalledTimes(1);
    http.verify();
  });

  it("does not ask who is signed in on a patient's questionnaire link, and still fetches its page early", async () => {
    const loadPage = vi.fn(() => Promise.resolve(Page));
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideLocationMocks(),
        { provide: MOCK_PLATFORM_LOCATION_CONFIG, useValue: { startUrl: 'http://localhost/q/link-token' } },
        provideRouter([{ path: 'q/:token', loadComponent: loadPage }]),
      ],
    });
    const http = TestBed.inject(HttpTestingController);
    TestBed.inject(EarlyRouteLoading).start();

    expect(await TestBed.inject(Router).navigateByUrl('/q/link-token')).toBe(true);
    expect(loadPage).toHaveBeenCalled();
    http.expectNone(AUTH_URLS.me);
    http.verify();
  });
});
