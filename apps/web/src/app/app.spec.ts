import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { provideRouter, Router, TitleStrategy } from '@angular/router';
import { AUTH_URLS, PageTitleStrategy, sessionExpiredInterceptor } from '@kap/web/core';
import { App } from './app';
import { appRoutes } from './app.routes';

/** The real routes and providers, minus the browser-only bootstrap. */
describe('App routing', () => {
  let http: HttpTestingController;
  let router: Router;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [App],
      providers: [
        provideHttpClient(withInterceptors([sessionExpiredInterceptor])),
        provideHttpClientTesting(),
        provideRouter(appRoutes),
        { provide: TitleStrategy, useClass: PageTitleStrategy },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
  });

  it('shows the not-found page with a link home for an unknown address', async () => {
    const fixture = TestBed.createComponent(App);
    await router.navigateByUrl('/no/such/page');
    await fixture.whenStable();

    const page = fixture.nativeElement as HTMLElement;
    expect(page.querySelector('h1')?.textContent).toContain('Page not found');
    expect(page.querySelector('a[href="/"]')?.textContent).toContain('home');
    expect(TestBed.inject(Title).getTitle()).toBe('Page not found · KAP Care');
  });

  it('sends a signed-out visitor from / to the sign-in page, titled "Sign in · KAP Care"', async () => {
    const fixture = TestBed.createComponent(App);
    const navigation = router.navigateByUrl('/');
    const me = await vi.waitFor(() => http.expectOne(AUTH_URLS.me));
    me.flush(
      { error: 'unauthenticated', message: 'Please sign in.', requestId: 'r' },
      { status: 401, statusText: 'Unauthorized' },
    );
    await navigation;
    await fixture.whenStable();

    expect(router.url).toBe('/sign-in');
    const page = fixture.nativeElement as HTMLElement;
    expect(page.querySelector('h1')?.textContent).toContain('Sign in');
    expect(page.querySelector('label')?.textContent).toContain('Email');
    expect(TestBed.inject(Title).getTitle()).toBe('Sign in · KAP Care');
    http.verify();
  });

  it('opens a patient\'s questionnaire link without asking who is signed in, titled "Questionnaire · KAP Care"', async () => {
    const fixture = TestBed.createComponent(App);
    await router.navigateByUrl('/q/link-token');
    await fixture.whenStable();
    const open = await vi.waitFor(() => http.expectOne('/api/q/link-token'));
    open.flush(
      { error: 'not_found', message: 'Not found.', requestId: 'r' },
      { status: 404, statusText: 'Not Found' },
    );
    await vi.waitFor(() =>
      expect((fixture.nativeElement as HTMLElement).querySelector('h1')?.textContent).toBe(
        'This link is not valid.',
      ),
    );

    expect(router.url).toBe('/q/link-token');
    expect(TestBed.inject(Title).getTitle()).toBe('Questionnaire · KAP Care');
    http.expectNone(AUTH_URLS.me);
    http.verify();
  });
});
