import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap, provideRouter } from '@angular/router';
import { ResetPasswordPage, UNKNOWN_LINK_MESSAGE } from './reset-password-page';

const TOKEN = 'A'.repeat(43);

describe('ResetPasswordPage', () => {
  let fixture: ComponentFixture<ResetPasswordPage>;
  let page: HTMLElement;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [ResetPasswordPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        {
          provide: ActivatedRoute,
          useValue: { snapshot: { paramMap: convertToParamMap({ token: TOKEN }) } },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ResetPasswordPage);
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });
  afterEach(() => http.verify());

  const input = (name: string) => {
    const found = page.querySelector<HTMLInputElement>(`input[formcontrolname="${name}"]`);
    if (!found) throw new Error(`no input ${name}`);
    return found;
  };
  const type = (name: string, value: string) => {
    input(name).value = value;
    input(name).dispatchEvent(new Event('input'));
  };
  const settle = async () => {
    await new Promise((done) => setTimeout(done));
    await fixture.whenStable();
  };
  const submit = async (password: string, again = password) => {
    type('newPassword', password);
    type('confirmPassword', again);
    page.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await fixture.whenStable();
  };
  const describedBy = (name: string) =>
    (input(name).getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => (id ? page.querySelector(`#${id}`)?.textContent?.trim() : ''))
      .join(' ');

  it("asks for the new password twice, with labels and the rules in the field's description", () => {
    expect(page.querySelector('main h1')?.textContent).toBe('Set a new password');
    expect(Array.from(page.querySelectorAll('mat-label')).map((l) => l.textContent?.trim())).toEqual([
      'New password',
      'New password again',
    ]);
    expect(describedBy('newPassword')).toContain('At least 12 characters');
    expect(input('newPassword').getAttribute('autocomplete')).toBe('new-password');
  });

  it('refuses two different passwords without asking the server, and focuses the field', async () => {
    await submit('a quiet lantern over seven hills', 'a quiet lantern over seven');
    http.expectNone('/api/auth/password-reset');
    expect(describedBy('confirmPassword')).toContain('This is not the same as the new password above.');
    expect(document.activeElement).toBe(input('confirmPassword'));
  });

  it('sends the token and the password, then says it is set and links to sign in', async () => {
    await submit('a quiet lantern over seven hills');
    const request = http.expectOne('/api/auth/password-reset');
    expect(request.request.body).toEqual({ token: TOKEN, newPassword: 'a quiet lantern over seven hills' });
    request.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(page.querySelector('h1')?.textContent).toBe('Your new password is set');
    expect(page.textContent).toContain('asked for your code as before');
    expect(page.querySelector('a[href="/sign-in"]')?.textContent?.trim()).toBe('Sign in');
    expect(page.querySelector('form')).toBeNull();
  });

  it('shows a refused password under its field, tied to it, and keeps the form', async () => {
    await submit('qwerty123456');
    http.expectOne('/api/auth/password-reset').flush(
      {
        error: 'validation_failed',
        message: 'Please correct newPassword: is one of the most common passwords.',
        requestId: 'r1',
        details: [
          {
            field: 'newPassword',
            problem:
              'is one of the most common passwords, which attackers try first; choose a longer phrase of your own',
          },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(describedBy('newPassword')).toContain('Is one of the most common passwords');
    expect(document.activeElement).toBe(input('newPassword'));
  });

  it.each([
    ['an unknown link (404)', 404, 'not_found', 'Nothing was found here.', UNKNOWN_LINK_MESSAGE],
    [
      'a used or expired link (410)',
      410,
      'link_closed',
      'This password reset link has already been used or has expired. Ask your practice admin for a new one.',
      'already been used or has expired',
    ],
  ])(
    'explains %s in the alert, drops the form and links to sign in',
    async (_name, status, error, message, shown) => {
      await submit('a quiet lantern over seven hills');
      http
        .expectOne('/api/auth/password-reset')
        .flush({ error, message, requestId: 'r2' }, { status, statusText: 'Gone' });
      await settle();
      await settle();
      const alert = page.querySelector('[role="alert"]');
      expect(alert?.textContent).toContain(shown);
      expect(document.activeElement).toBe(alert);
      expect(page.querySelector('form')).toBeNull();
      expect(page.querySelector('a[href="/sign-in"]')).not.toBeNull();
    },
  );
});
