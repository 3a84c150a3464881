import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { ErrorBanner } from '@kap/web/ui';
import { errorCode, errorMessage, fieldProblems } from '../errors/error-message';
import { retryAfterHint } from '../sign-in/retry-after-hint';
import {
  markPasswordMismatch,
  NewPasswordFields,
  newPasswordControls,
} from '../security/new-password-fields';
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
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, ErrorBanner, NewPasswordFields],
  templateUrl: './reset-password-page.html',
  styleUrl: './reset-password-page.scss',
})
export class ResetPasswordPage {
  private readonly api = inject(PasswordApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly banner = viewChild(ErrorBanner);
  private readonly token = inject(ActivatedRoute).snapshot.paramMap.get('token') ?? '';

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group(newPasswordControls(this.fb));
  protected readonly stage = signal<Stage>('form');
  protected readonly error = signal<string | null>(null);
  protected readonly saving = signal(false);

  async submit(): Promise<void> {
    if (this.saving()) return;
    this.error.set(null);
    const { newPassword } = this.form.getRawValue();
    markPasswordMismatch(this.form.controls);
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
