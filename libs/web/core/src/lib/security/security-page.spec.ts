import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { MfaStatus, SignedInUser } from '@kap/shared/contracts';
import { AuthStore } from '../auth/auth-store';
import { SecurityPage } from './security-page';

const admin: SignedInUser = {
  id: 'u-9',
  email: 'admin@demo.test',
  displayName: 'Priya Admin',
  role: 'practice_admin',
  organizationId: 'org-1',
  organizationKind: 'practice',
  organizationTimeZone: 'UTC',
};
const off: MfaStatus = { enabled: false, enrolledAt: null, recoveryCodesLeft: 0, policy: 'optional' };
const on: MfaStatus = {
  enabled: true,
  enrolledAt: '2026-11-25T10:00:00.000Z',
  recoveryCodesLeft: 10,
  policy: 'optional',
};
const codes = Array.from({ length: 10 }, (_, i) => `ABCD${i}-FGHJK`);

describe('SecurityPage', () => {
  let fixture: ComponentFixture<SecurityPage>;
  let page: HTMLElement;
  let http: HttpTestingController;

  async function open(status: MfaStatus, user: SignedInUser = admin): Promise<void> {
    TestBed.configureTestingModule({
      imports: [SecurityPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthStore).acceptSignIn(user);
    fixture = TestBed.createComponent(SecurityPage);
    page = fixture.nativeElement as HTMLElement;
    http.expectOne('/api/auth/mfa').flush(status);
    await fixture.whenStable();
  }

  function button(name: string): HTMLButtonElement {
    const found = Array.from(page.querySelectorAll('button')).find((b) => b.textContent?.trim() === name);
    if (!found) throw new Error(`no button "${name}"`);
    return found;
  }

  function codeInput(): HTMLInputElement {
    const input = page.querySelector<HTMLInputElement>('input[formcontrolname="code"]');
    if (!input) throw new Error('no code input');
    return input;
  }

  afterEach(() => http.verify());

  it('turns two-step sign-in on: QR and key, a code, then the recovery codes once', async () => {
    await open(off);
    expect(page.textContent).toContain('Off. Only your password protects your account.');
    button('Turn on two-step sign-in').click();
    http.expectOne('/api/auth/mfa/enrolment').flush({
      secret: 'KAPDEMOADMINTOTPKAPDEMOADMINTOTP',
      otpauthUri: 'otpauth://totp/x',
      qrSvg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
    });
    await fixture.whenStable();
    expect(page.querySelector('[data-testid="manual-key"]')?.textContent).toBe(
      'KAPD EMOA DMIN TOTP KAPD EMOA DMIN TOTP',
    );
    expect(page.querySelector('img')?.getAttribute('src')).toMatch(
      /^data:image\/svg\+xml;charset=utf-8,%3Csvg/,
    );
    expect(page.querySelector('img')?.getAttribute('alt')).toMatch(/QR code/);

    const input = codeInput();
    expect(input.getAttribute('autocomplete')).toBe('one-time-code');
    input.value = '123456';
    input.dispatchEvent(new Event('input'));
    button('Turn on').click();
    const confirm = http.expectOne('/api/auth/mfa/enrolment/confirm');
    expect(confirm.request.body).toEqual({ code: '123456' });
    confirm.flush({ recoveryCodes: codes });
    await vi.waitFor(() => http.expectOne('/api/auth/mfa').flush(on));
    await fixture.whenStable();
    expect(page.querySelectorAll('[aria-label="Recovery codes"] li')).toHaveLength(10);
    expect(page.textContent).toContain('You have 10 recovery codes left.');
    // The date in the clinic calendar's style, not the API's `2026-11-25`.
    expect(page.textContent).toMatch(/On since 25 Nov 2026\.\s+You have 10/);
    expect(page.querySelector('[role="status"]')?.textContent).toContain('Two-step sign-in is on.');
  });

  it('shows the problem with a wrong code in the alert', async () => {
    await open(on);
    button('Turn off two-step sign-in').click();
    await fixture.whenStable();
    const input = codeInput();
    input.value = '000000';
    input.dispatchEvent(new Event('input'));
    button('Turn off').click();
    http
      .expectOne((r) => r.method === 'DELETE' && r.url === '/api/auth/mfa')
      .flush(
        {
          error: 'validation_failed',
          message: 'Please correct code.',
          requestId: 'r',
          details: [
            {
              field: 'code',
              problem: 'is not the current code from your authenticator app or an unused recovery code',
            },
          ],
        },
        { status: 400, statusText: 'Bad Request' },
      );
    await vi.waitFor(() =>
      expect(page.querySelector('[role="alert"]')?.textContent?.trim()).toBe(
        'The code is not the current code from your authenticator app or an unused recovery code.',
      ),
    );
  });

  it('offers no way to turn it off when the organization requires it, and lets an admin change the policy', async () => {
    await open({ ...on, policy: 'required' });
    expect(page.textContent).toContain('Your organization requires two-step sign-in');
    expect(Array.from(page.querySelectorAll('button')).some((b) => b.textContent?.includes('Turn off'))).toBe(
      false,
    );
    button("Make it each person's choice").click();
    const put = http.expectOne('/api/organization/mfa-policy');
    expect(put.request.body).toEqual({ policy: 'optional' });
    put.flush(on);
  });

  it('shows the practice policy only to a practice admin', async () => {
    await open(off, { ...admin, role: 'therapist' });
    expect(page.textContent).not.toContain('Your practice');
  });
});
