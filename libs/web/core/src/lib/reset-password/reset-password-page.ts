import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { MIN_PASSWORD_LENGTH } from '@kap/shared/contracts';
import { ErrorBanner } from '@kap/web/ui';
import { errorCode, errorMessage, fieldProblems } from '../errors/error-message';
import { retryAfterHint } from '../sign-in/retry-after-hint';
import { PasswordApi } from '../security/password-api';

type Field = 'newPassword' | 'confirmPassword';
const FIELDS: readonly Field[] = ['newPassword', 'confirmPassword'];

export const UNKNOWN_LINK_MESSAGE =
  'This password reset link is not valid. Check that you opened the whole link, or ask your practice admin for a new one.';

/** What the page shows: the form, the end of a link that no longer works, or success. */
type Stage = 'form' | 'closed' | 'done';

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
}

/**
 * `/reset-password/:token`, the link a practice admin made (no session, outside the signed-in
 * frame like the sign-in page): a new password twice, then a link to sign in. Two-step sign-in,
 * if the person has it, is still asked for at that sign-in.
 */
@Component({
  selector: 'kap-reset-password-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    ErrorBanner,
  ],
  templateUrl: './reset-password-page.html',
  styleUrl: './reset-password-page.scss',
})
export class ResetPasswordPage {
  private readonly api = inject(PasswordApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly banner = viewChild(ErrorBanner);
  private readonly token = inject(ActivatedRoute).snapshot.paramMap.get('token') ?? '';

  protected readonly minLength = MIN_PASSWORD_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({
    newPassword: ['', [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)]],
    confirmPassword: ['', [Validators.required]],
  });
  protected readonly stage = signal<Stage>('form');
  protected readonly error = signal<string | null>(null);
  protected readonly saving = signal(false);

  async submit(): Promise<void> {
    if (this.saving()) return;
    this.error.set(null);
    const { newPassword, confirmPassword } = this.form.getRawValue();
    if (confirmPassword !== '' && confirmPassword !== newPassword)
      this.form.controls.confirmPassword.setErrors({ mismatch: true });
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.focusFirstInvalidField();
      return;
    }
    this.saving.set(true);
    try {
      await this.api.reset({ token: this.token, newPassword });
      this.stage.set('done');
      this.focusHeading();
    } catch (error) {
      this.showError(error);
    } finally {
      this.saving.set(false);
    }
  }

  protected fieldError(field: Field): string {
    const control = this.form.controls[field];
    const server = control.getError('server') as string | undefined;
    if (server) return server;
    if (control.hasError('required'))
      return field === 'newPassword' ? 'Enter a new password.' : 'Enter the new password again.';
    if (control.hasError('minlength')) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
    if (control.hasError('mismatch')) return 'This is not the same as the new password above.';
    return '';
  }

  private showError(error: unknown): void {
    const code = errorCode(error);
    if (code === 'not_found' || code === 'link_closed') {
      // The link cannot be used again: the form goes, the reason and the way on stay.
      this.error.set(code === 'not_found' ? UNKNOWN_LINK_MESSAGE : errorMessage(error));
      this.stage.set('closed');
      setTimeout(() => this.banner()?.focus());
      return;
    }
    const problem = fieldProblems(error).find((p) => p.field === 'newPassword');
    if (problem) {
      this.form.controls.newPassword.setErrors({ server: sentence(problem.problem) });
      this.form.controls.newPassword.markAsTouched();
      this.focusFirstInvalidField();
      return;
    }
    let message = errorMessage(error);
    if (error instanceof HttpErrorResponse && error.status === 429)
      message += retryAfterHint(error, Date.now());
    this.error.set(message);
    this.banner()?.focus();
  }

  private focusHeading(): void {
    setTimeout(() => this.host.nativeElement.querySelector<HTMLElement>('h1')?.focus());
  }

  private focusFirstInvalidField(): void {
    const field = FIELDS.find((name) => this.form.controls[name].invalid);
    if (field)
      this.host.nativeElement.querySelector<HTMLElement>(`input[formcontrolname="${field}"]`)?.focus();
  }
}

/** For the route loader (`lazyPages`): a default export needs no `.then` in the initial bundle. */
export default ResetPasswordPage;
