import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ErrorBanner } from '@kap/web/ui';
import { errorMessage, fieldProblems } from '../errors/error-message';
import { retryAfterHint } from '../sign-in/retry-after-hint';
import { markPasswordMismatch, NewPasswordFields, newPasswordControls } from './new-password-fields';
import { PasswordApi } from './password-api';

type Field = 'currentPassword' | 'newPassword' | 'confirmPassword';
const FIELDS: readonly Field[] = ['currentPassword', 'newPassword', 'confirmPassword'];

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
}

/**
 * The signed-in person changes their password: the current one, the new one twice. The server
 * checks the rules (12+ characters, not the e-mail, not a common password) and its words are
 * shown under the field they concern; success ends every other session, and says so.
 */
@Component({
  selector: 'kap-change-password-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    ErrorBanner,
    NewPasswordFields,
  ],
  templateUrl: './change-password-form.html',
  styleUrl: './change-password-form.scss',
})
export class ChangePasswordForm {
  private readonly api = inject(PasswordApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly banner = viewChild.required(ErrorBanner);
  private readonly formDirective = viewChild.required(FormGroupDirective);

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    currentPassword: ['', [Validators.required]],
    ...newPasswordControls(this.fb),
  });
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal('');
  protected readonly saving = signal(false);

  async submit(): Promise<void> {
    if (this.saving()) return;
    this.error.set(null);
    this.notice.set('');
    const { currentPassword, newPassword } = this.form.getRawValue();
    markPasswordMismatch(this.form.controls);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.focusFirstInvalidField();
      return;
    }
    this.saving.set(true);
    try {
      await this.api.change({ currentPassword, newPassword });
      this.formDirective().resetForm({ currentPassword: '', newPassword: '', confirmPassword: '' });
      this.notice.set('Your password was changed. Anywhere else you were signed in has been signed out.');
    } catch (error) {
      this.showError(error);
    } finally {
      this.saving.set(false);
    }
  }

  /** The new password's problems are the fields' own (`kap-new-password-fields`). */
  protected currentPasswordError(): string {
    const control = this.form.controls.currentPassword;
    const server = control.getError('server') as string | undefined;
    if (server) return server;
    return control.hasError('required') ? 'Enter your current password.' : '';
  }

  private showError(error: unknown): void {
    let placed = false;
    for (const { field, problem } of fieldProblems(error)) {
      if (field === 'currentPassword' || field === 'newPassword') {
        const control = this.form.controls[field];
        control.setErrors({ server: sentence(problem) });
        control.markAsTouched();
        placed = true;
      }
    }
    if (placed) {
      this.focusFirstInvalidField();
      return;
    }
    let message = errorMessage(error);
    if (error instanceof HttpErrorResponse && error.status === 429)
      message += retryAfterHint(error, Date.now());
    this.error.set(message);
    this.banner().focus();
  }

  /** From the form model: after a server answer the `.ng-invalid` classes lag one render behind. */
  private focusFirstInvalidField(): void {
    const field = FIELDS.find((name) => this.form.controls[name].invalid);
    if (field)
      this.host.nativeElement.querySelector<HTMLElement>(`input[formcontrolname="${field}"]`)?.focus();
  }
}
