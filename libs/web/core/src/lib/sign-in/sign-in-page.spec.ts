import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { User } from '@kap/shared/contracts';
import { AUTH_URLS, AuthStore, SESSION_EXPIRED_MESSAGE } from '../auth/auth-store';
import { SignInPage } from './sign-in-page';

const therapist: User = {
  id: 'u-1',
  email: 'therapist@demo.test',
  displayName: 'Dana Therapist',
  role: 'therapist',
  organizationId: 'org-1',
  organizationKind: 'practice',
};

describe('SignInPage', () => {
  let fixture: ComponentFixture<SignInPage>;
  let page: HTMLElement;
  let http: HttpTestingController;
  let router: Router;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [SignInPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    vi.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
    fixture = TestBed.createComponent(SignInPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function type(label: 'email' | 'password', value: string): void {
    const input = page.querySelector<HTMLInputElement>(`input[formcontrolname="${label}"]`);
    if (!input) throw new Error(`no ${label} input`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function submit(): Promise<void> {
    page.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await fixture.whenStable();
  }

  function alertText(): string {
    return page.querySelector('[role="alert"]')?.textContent?.trim() ?? '';
  }

  it('has one h1 and labelled fields', () => {
    expect(page.querySelectorAll('h1')).toHaveLength(1);
    const labels = Array.from(page.querySelectorAll('label'), (l) => l.textContent?.trim());
    expect(labels).toEqual(expect.arrayContaining([expect.stringContaining('Email'), expect.stringContaining('Password')]));
  });

  it('asks for missing fields without calling the server, and focuses the first one', async () => {
    await submit();
    expect(page.textContent).toContain('Enter your email address.');
    expect(page.textContent).toContain('Enter your password.');
    expect(document.activeElement?.getAttribute('formcontrolname')).toBe('email');
    http.expectNone(AUTH_URLS.login);
  });

  it('signs in and goes home', async () => {
    type('email', therapist.email);
    type('password', 'kap-demo-2026');
    await submit();

    const req = http.expectOne(AUTH_URLS.login);
    expect(req.request.body).toEqual({ email: therapist.email, password: 'kap-demo-2026' });
    req.flush({ user: therapist });
    await vi.waitFor(() => expect(router.navigateByUrl).toHaveBeenCalledWith('/'));
    expect(TestBed.inject(AuthStore).user()).toEqual(therapist);
  });

  it("shows the API's message in an alert on wrong credentials, and clears the password", async () => {
    type('email', therapist.email);
    type('password', 'nope');
    await submit();
    http
      .expectOne(AUTH_URLS.login)
      .flush(
        { error: 'invalid_credentials', message: 'The email or password is not right.', requestId: 'r1' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await vi.waitFor(() => expect(alertText()).toBe('The email or password is not right.'));
    expect(page.querySelector<HTMLInputElement>('input[formcontrolname="password"]')?.value).toBe('');
    expect(document.activeElement?.getAttribute('role')).toBe('alert');
    expect(router.navigateByUrl).not.toHaveBeenCalled();
  });

  it('shows the throttling message with the wait from Retry-After', async () => {
    type('email', therapist.email);
    type('password', 'again');
    await submit();
    http.expectOne(AUTH_URLS.login).flush(
      { error: 'too_many_attempts', message: 'Too many sign-in attempts.', requestId: 'r2' },
      { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '840' } },
    );
    await vi.waitFor(() =>
      expect(alertText()).toBe('Too many sign-in attempts. You can try again in about 14 minutes.'),
    );
  });

  it('says why the person is here after the session expired', async () => {
    TestBed.inject(AuthStore).setNotice(SESSION_EXPIRED_MESSAGE);
    await fixture.whenStable();
    expect(alertText()).toBe(SESSION_EXPIRED_MESSAGE);
  });
});
