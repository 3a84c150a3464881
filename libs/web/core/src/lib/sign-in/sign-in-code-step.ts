import { HttpErrorResponse } from '@angular/common/http';
import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { MfaChallenge, SignedInUser } from '@kap/shared/contracts';
import { readOneTimeCode } from '@kap/shared/domain';
import { ErrorBanner } from '@kap/web/ui';
import { errorCode, errorMessage } from '../errors/error-message';
import { AuthenticatorSetup } from '../security/authenticator-setup';
import { MfaApi } from '../security/mfa-api';
import { RecoveryCodesList } from '../security/recovery-codes-list';
import { retryAfterHint } from './retry-after-hint';

/**
 * The second sign-in step: a code from the authenticator app or a recovery code; or, when the
 * organization requires two-step sign-in and the person has none yet, setting up the app first.
 */
@Component({
  selector: 'kap-sign-in-code-step',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    ErrorBanner,
    AuthenticatorSetup,
    RecoveryCodesList,
  ],
  templateUrl: './sign-in-code-step.html',
  styleUrl: './sign-in-code-step.scss',
})
export class SignInCodeStep {
  private readonly api = inject(MfaApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly banner = viewChild.required(ErrorBanner);
  private readonly formDirective = viewChild(FormGroupDirective);

  readonly challenge = input.required<MfaChallenge>();
  /** Signed in (after the recovery codes were seen, when there were any). */
  readonly signedIn = output<SignedInUser>();
  /** Back to email and password (the challenge is over, or the person chose to). */
  readonly restart = output<string | null>();

  protected readonly form = inject(NonNullableFormBuilder).group({ code: ['', [Validators.required]] });
  protected readonly useRecoveryCode = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly submitting = signal(false);
  protected readonly recoveryCodes = signal<string[] | null>(null);
  private user: SignedInUser | null = null;

  constructor() {
    afterNextRender(() => this.focusCode());
  }

  protected toggleRecoveryCode(): void {
    this.useRecoveryCode.update((on) => !on);
    this.formDirective()?.resetForm({ code: '' });
    this.error.set(null);
    setTimeout(() => this.focusCode());
  }

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    const typed = this.form.controls.code.value;
    if (this.form.invalid || readOneTimeCode(typed) === null) {
      this.error.set(
        this.useRecoveryCode()
          ? 'Enter one of your recovery codes, like ABCDE-FGHJK.'
          : 'Enter the 6-digit code from your authenticator app.',
      );
      this.banner().focus();
      return;
    }
    this.submitting.set(true);
    this.error.set(null);
    try {
      const answer = await this.api.verify(this.challenge().challenge, typed);
      if (answer.recoveryCodes?.length) {
        this.user = answer.user;
        this.recoveryCodes.set(answer.recoveryCodes);
        setTimeout(() =>
          this.host.nativeElement.querySelector<HTMLElement>('#recovery-codes-heading')?.focus(),
        );
      } else {
        this.signedIn.emit(answer.user);
      }
    } catch (error) {
      if (errorCode(error) === 'session_expired') {
        this.restart.emit(errorMessage(error));
        return;
      }
      let message = errorMessage(error);
      if (error instanceof HttpErrorResponse && error.status === 429)
        message += retryAfterHint(error, Date.now());
      this.error.set(message);
      this.formDirective()?.resetForm({ code: '' });
      this.banner().focus();
    } finally {
      this.submitting.set(false);
    }
  }

  protected continueAfterCodes(): void {
    if (this.user) this.signedIn.emit(this.user);
  }

  private focusCode(): void {
    this.host.nativeElement.querySelector<HTMLElement>('input[formcontrolname="code"]')?.focus();
  }
}
