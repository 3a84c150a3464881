import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { lazyPages } from '../lazy-pages';
import { ResetPasswordPage } from './reset-password-page';

describe('reset password routes', () => {
  it('open the page for /reset-password/:token with its title, and send that token', async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'reset-password', loadChildren: lazyPages.resetPassword }]),
      ],
    });
    const harness = await RouterTestingHarness.create();
    const page = await harness.navigateByUrl(`/reset-password/${'t'.repeat(43)}`, ResetPasswordPage);
    expect(page).toBeInstanceOf(ResetPasswordPage);
    expect(TestBed.inject(Title).getTitle()).toBe('Set a new password');

    const root = harness.routeNativeElement as HTMLElement;
    for (const name of ['newPassword', 'confirmPassword']) {
      const input = root.querySelector<HTMLInputElement>(`input[formcontrolname="${name}"]`);
      if (!input) throw new Error(`no input ${name}`);
      input.value = 'a quiet lantern over seven hills';
      input.dispatchEvent(new Event('input'));
    }
    root.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    const request = TestBed.inject(HttpTestingController).expectOne('/api/auth/password-reset');
    expect(request.request.body.token).toBe('t'.repeat(43));
    request.flush(null, { status: 204, statusText: 'No Content' });
  });
});
