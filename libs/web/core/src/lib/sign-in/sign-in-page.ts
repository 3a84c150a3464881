import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router } from '@angular/router';
import type { MfaChallenge, SignedInUser } from '@kap/shared/contracts';
import { ErrorBanner } from '@kap/web/ui';
import { AuthStore } from '../auth/auth-store';
import { errorMessage } from '../errors/error-message';
import { retryAfterHint } from './retry-after-hint';
import { SignInCodeStep } from './sign-in-code-step';

@Component({
  selector: 'kap-sign-in-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    ErrorBanner,
    SignInCodeStep,
  ],
  templateUrl: './sign-in-page.html',
  styleUrl: './sign-in-page.scss',
})
export class SignInPage {
  protected readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly banner = viewChild(ErrorBanner);
  private readonly formDirective = viewChild(FormGroupDirective);

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required]],
    password: ['', [Validators.required]],
  });
  protected readonly error = signal<string | null>(null);
  protected readonly submitting = signal(false);
  /** Set when the password was right and a second step is needed. */
  protected readonly challenge = signal<MfaChallenge | null>(null);

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
      const answer = await this.auth.signIn(this.form.getRawValue());
      if ('mfaRequired' in answer) {
        this.challenge.set(answer);
        return;
      }
      await this.router.navigateByUrl(this.auth.takeReturnUrl());
    } catch (error) {
      let message = errorMessage(error);
      if (error instanceof HttpErrorResponse && error.status === 429)
        message += retryAfterHint(error, Date.now());
      this.error.set(message);
      // Clear the password but also the "submitted" state, so the empty field is not flagged
      // as a second error on top of the real one.
      this.formDirective()?.resetForm({ email: this.form.controls.email.value, password: '' });
      this.banner()?.focus();
    } finally {
      this.submitting.set(false);
    }
  }

  protected async secondStepDone(user: SignedInUser): Promise<void> {
    this.auth.acceptSignIn(user);
    await this.router.navigateByUrl(this.auth.takeReturnUrl());
  }

  /** Back to the password (chosen, or because the challenge ran out), with why if there is a reason. */
  protected restart(reason: string | null): void {
    this.challenge.set(null);
    this.form.controls.password.setValue('');
    this.error.set(reason);
    setTimeout(() => {
      if (reason) this.banner()?.focus();
      else this.host.nativeElement.querySelector<HTMLElement>('input[formcontrolname="password"]')?.focus();
    });
  }

  private focusFirstInvalidField(): void {
    const field = (['email', 'password'] as const).find((name) => this.form.controls[name].invalid);
    if (field)
      this.host.nativeElement.querySelector<HTMLElement>(`input[formcontrolname="${field}"]`)?.focus();
  }
}

/** For the route loader (`lazyPages`): a default export needs no `.then` in the initial bundle. */
export default SignInPage;
