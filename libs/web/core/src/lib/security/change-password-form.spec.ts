import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ChangePasswordForm } from './change-password-form';

describe('ChangePasswordForm', () => {
  let fixture: ComponentFixture<ChangePasswordForm>;
  let form: HTMLElement;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [ChangePasswordForm],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ChangePasswordForm);
    form = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });
  afterEach(() => http.verify());

  const input = (name: string) => {
    const found = form.querySelector<HTMLInputElement>(`input[formcontrolname="${name}"]`);
    if (!found) throw new Error(`no input ${name}`);
    return found;
  };
  const type = (name: string, value: string) => {
    input(name).value = value;
    input(name).dispatchEvent(new Event('input'));
  };
  const submit = async () => {
    form.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await fixture.whenStable();
  };
  /** Lets the component's await on the answer finish, then renders. */
  const settle = async () => {
    await new Promise((done) => setTimeout(done));
    await fixture.whenStable();
  };
  /** The text the field's aria-describedby points at: how a screen reader hears its error. */
  const describedBy = (name: string) =>
    (input(name).getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => (id ? form.querySelector(`#${id}`)?.textContent?.trim() : ''))
      .join(' ');

  it('has a labelled field for each password, with the browser hints for a password change', () => {
    const labels = Array.from(form.querySelectorAll('mat-label')).map((l) => l.textContent?.trim());
    expect(labels).toEqual(['Current password', 'New password', 'New password again']);
    expect(input('currentPassword').getAttribute('autocomplete')).toBe('current-password');
    expect(input('newPassword').getAttribute('autocomplete')).toBe('new-password');
    expect(input('newPassword').type).toBe('password');
  });

  it('checks what it can before asking: too short, and the two new passwords differ; focus goes to the first problem', async () => {
    type('currentPassword', 'old password here');
    type('newPassword', 'short one');
    type('confirmPassword', 'something else');
    await submit();
    http.expectNone('/api/auth/password');
    expect(describedBy('newPassword')).toContain('Use at least 12 characters.');
    expect(describedBy('confirmPassword')).toContain('This is not the same as the new password above.');
    expect(document.activeElement).toBe(input('newPassword'));
  });

  it('sends the change and says other sessions were signed out; the fields are emptied', async () => {
    type('currentPassword', 'old password here');
    type('newPassword', 'a quiet lantern over seven hills');
    type('confirmPassword', 'a quiet lantern over seven hills');
    await submit();
    const request = http.expectOne('/api/auth/password');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      currentPassword: 'old password here',
      newPassword: 'a quiet lantern over seven hills',
    });
    request.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(form.querySelector('[role="status"]')?.textContent).toContain(
      'Anywhere else you were signed in has been signed out.',
    );
    expect(input('newPassword').value).toBe('');
  });

  it.each([
    ['currentPassword', 'is not your current password', 'Is not your current password.'],
    [
      'newPassword',
      'is one of the most common passwords, which attackers try first; choose a longer phrase of your own',
      'Is one of the most common passwords',
    ],
  ])(
    "shows the server's problem with %s under that field, tied to it, and focuses it",
    async (field, problem, shown) => {
      type('currentPassword', 'old password here');
      type('newPassword', 'qwerty123456');
      type('confirmPassword', 'qwerty123456');
      await submit();
      http.expectOne('/api/auth/password').flush(
        {
          error: 'validation_failed',
          message: `Please correct ${field}: ${problem}.`,
          requestId: 'r1',
          details: [{ field, problem }],
        },
        { status: 400, statusText: 'Bad Request' },
      );
      await settle();
      expect(describedBy(field)).toContain(shown);
      expect(document.activeElement).toBe(input(field));
    },
  );

  it('explains a throttled attempt in the alert banner with the wait', async () => {
    type('currentPassword', 'old password here');
    type('newPassword', 'a quiet lantern over seven hills');
    type('confirmPassword', 'a quiet lantern over seven hills');
    await submit();
    http.expectOne('/api/auth/password').flush(
      {
        error: 'too_many_attempts',
        message: 'Too many wrong passwords. Please wait a few minutes and try again.',
        requestId: 'r2',
      },
      { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '600' } },
    );
    await settle();
    const alert = form.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('Too many wrong passwords.');
    expect(alert?.textContent).toContain('about 10 minutes');
    expect(document.activeElement).toBe(alert);
  });
});
