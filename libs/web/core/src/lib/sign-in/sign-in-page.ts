import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router } from '@angular/router';
import { ErrorBanner } from '@kap/web/ui';
import { AuthStore } from '../auth/auth-store';
import { errorMessage } from '../errors/error-message';

/** Turns a Retry-After header (seconds, or an HTTP date) into "about N minutes". */
function retryAfterHint(error: HttpErrorResponse, now: number): string {
  const raw = error.headers?.get('Retry-After');
  if (!raw) return '';
  const seconds = /^\d+$/.test(raw.trim()) ? Number(raw) : (Date.parse(raw) - now) / 1000;
  if (!Number.isFinite(seconds) || seconds <= 0) return '';
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return ` You can try again in about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}

@Component({
  selector: 'kap-sign-in-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatButtonModule, ErrorBanner],
  templateUrl: './sign-in-page.html',
  styleUrl: './sign-in-page.scss',
})
export class SignInPage {
  protected readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly banner = viewChild.required(ErrorBanner);
  private readonly formDirective = viewChild.required(FormGroupDirective);

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required]],
    password: ['', [Validators.required]],
  });
  protected readonly error = signal<string | null>(null);
  protected readonly submitting = signal(false);

  async submit(): Promise<void> {
    // The button stays enabled (a disabled button cannot be focused or explained); repeated
    // presses while a request is out are ignored instead.
    if (this.submitting()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.focusFirstInvalidField();
      return;
    }
    this.submitting.set(true);
    this.error.set(null);
    try {
      await this.auth.signIn(this.form.getRawValue());
      await this.router.navigateByUrl(this.auth.takeReturnUrl());
    } catch (error) {
      let message = errorMessage(error);
      if (error instanceof HttpErrorResponse && error.status === 429) message += retryAfterHint(error, Date.now());
      this.error.set(message);
      // Clear the password but also the "submitted" state, so the empty field is not flagged
      // as a second error on top of the real one.
      this.formDirective().resetForm({ email: this.form.controls.email.value, password: '' });
      this.banner().focus();
    } finally {
      this.submitting.set(false);
    }
  }

  private focusFirstInvalidField(): void {
    const field = (['email', 'password'] as const).find((name) => this.form.controls[name].invalid);
    if (field) this.host.nativeElement.querySelector<HTMLElement>(`input[formcontrolname="${field}"]`)?.focus();
  }
}
