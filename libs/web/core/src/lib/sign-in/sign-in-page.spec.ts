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
    expect(labels).toEqual(
      expect.arrayContaining([expect.stringContaining('Email'), expect.stringContaining('Password')]),
    );
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
    http
      .expectOne(AUTH_URLS.login)
      .flush(
        { error: 'too_many_attempts', message: 'Too many sign-in attempts.', requestId: 'r2' },
        { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '840' } },
      );
    await vi.waitFor(() =>
      expect(alertText()).toBe('Too many sign-in attempts. You can try again in about 14 minutes.'),
    );
  });

  describe('second step', () => {
    const challenge = {
      mfaRequired: true,
      challenge: 'c'.repeat(43),
      expiresAt: '2026-01-01T00:05:00.000Z',
      enrolment: null,
    };

    async function passwordStep(): Promise<void> {
      type('email', therapist.email);
      type('password', 'kap-demo-2026');
      await submit();
      http.expectOne(AUTH_URLS.login).flush(challenge);
      await vi.waitFor(() => expect(page.querySelector('h1')?.textContent).toBe('Enter your code'));
    }

    function codeInput(): HTMLInputElement {
      const input = page.querySelector<HTMLInputElement>('input[formcontrolname="code"]');
      if (!input) throw new Error('no code input');
      return input;
    }

    async function typeCode(value: string): Promise<void> {
      codeInput().value = value;
      codeInput().dispatchEvent(new Event('input'));
      page.querySelector<HTMLButtonElement>('kap-sign-in-code-step button[type="submit"]')?.click();
      await fixture.whenStable();
    }

    it('asks for a one-time code with the right input hints, then signs in', async () => {
      await passwordStep();
      expect(codeInput().getAttribute('autocomplete')).toBe('one-time-code');
      expect(codeInput().getAttribute('inputmode')).toBe('numeric');
      expect(TestBed.inject(AuthStore).signedIn()).toBe(false);

      await typeCode('123456');
      const req = http.expectOne('/api/auth/mfa/verify');
      expect(req.request.body).toEqual({ challenge: challenge.challenge, code: '123456' });
      req.flush({ user: therapist });
      await vi.waitFor(() => expect(router.navigateByUrl).toHaveBeenCalledWith('/'));
      expect(TestBed.inject(AuthStore).user()).toEqual(therapist);
    });

    it('explains a malformed code without calling the server, and a wrong one from the server', async () => {
      await passwordStep();
      await typeCode('12');
      expect(alertText()).toBe('Enter the 6-digit code from your authenticator app.');
      http.expectNone('/api/auth/mfa/verify');

      await typeCode('654321');
      http
        .expectOne('/api/auth/mfa/verify')
        .flush(
          { error: 'invalid_credentials', message: 'The code is not right.', requestId: 'r3' },
          { status: 401, statusText: 'Unauthorized' },
        );
      await vi.waitFor(() => expect(alertText()).toBe('The code is not right.'));
      expect(codeInput().value).toBe('');
    });

    it('takes a recovery code instead', async () => {
      await passwordStep();
      const toggle = Array.from(page.querySelectorAll('button')).find((b) =>
        b.textContent?.includes('Use a recovery code'),
      );
      toggle?.click();
      await fixture.whenStable();
      expect(page.textContent).toContain('Recovery code');
      await typeCode('abcde-fghjk');
      expect(http.expectOne('/api/auth/mfa/verify').request.body.code).toBe('abcde-fghjk');
    });

    it('sets up the app first when the organization requires it, then shows the recovery codes once', async () => {
      type('email', therapist.email);
      type('password', 'kap-demo-2026');
      await submit();
      const enrolment = {
        secret: 'KAPDEMOADMINTOTPKAPDEMOADMINTOTP',
        otpauthUri: 'otpauth://totp/x',
        qrSvg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
      };
      http.expectOne(AUTH_URLS.login).flush({ ...challenge, enrolment });
      await vi.waitFor(() => expect(page.querySelector('h1')?.textContent).toBe('Set up two-step sign-in'));
      expect(page.querySelector('[data-testid="manual-key"]')?.textContent).toBe(
        'KAPD EMOA DMIN TOTP KAPD EMOA DMIN TOTP',
      );
      expect(page.textContent).not.toContain('Use a recovery code');

      await typeCode('123456');
      http
        .expectOne('/api/auth/mfa/verify')
        .flush({ user: therapist, recoveryCodes: ['ABCDE-FGHJK', '12345-67890'] });
      await vi.waitFor(() =>
        expect(page.querySelectorAll('[aria-label="Recovery codes"] li')).toHaveLength(2),
      );
      expect(router.navigateByUrl).not.toHaveBeenCalled();
      Array.from(page.querySelectorAll('button'))
        .find((b) => b.textContent?.includes('I have saved my codes'))
        ?.click();
      await vi.waitFor(() => expect(router.navigateByUrl).toHaveBeenCalledWith('/'));
      expect(TestBed.inject(AuthStore).user()).toEqual(therapist);
    });

    it('goes back to the password with the reason when the challenge is over', async () => {
      await passwordStep();
      await typeCode('123456');
      http.expectOne('/api/auth/mfa/verify').flush(
        {
          error: 'session_expired',
          message: 'This sign-in step is over. Please enter your email and password again.',
          requestId: 'r4',
        },
        { status: 401, statusText: 'Unauthorized' },
      );
      await vi.waitFor(() => expect(page.querySelector('h1')?.textContent).toBe('Sign in'));
      await vi.waitFor(() => expect(alertText()).toContain('sign-in step is over'));
    });
  });

  it('says why the person is here after the session expired', async () => {
    TestBed.inject(AuthStore).setNotice(SESSION_EXPIRED_MESSAGE);
    await fixture.whenStable();
    expect(alertText()).toBe(SESSION_EXPIRED_MESSAGE);
  });
});
