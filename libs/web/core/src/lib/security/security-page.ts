import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { MfaEnrolment, MfaPolicy, MfaStatus } from '@kap/shared/contracts';
import { ErrorBanner, PageHeading } from '@kap/web/ui';
import { AuthStore } from '../auth/auth-store';
import { errorMessage, fieldProblems } from '../errors/error-message';
import { clinicCalendar } from '../organization/clinic-calendar';
import { retryAfterHint } from '../sign-in/retry-after-hint';
import { AuthenticatorSetup } from './authenticator-setup';
import { ChangePasswordForm } from './change-password-form';
import { MfaApi } from './mfa-api';
import { RecoveryCodesList } from './recovery-codes-list';

/** What the code form is for right now. */
type CodePurpose = 'confirm' | 'disable' | 'renew';

/**
 * The signed-in person's sign-in security: change the password (its own form); turn two-step
 * sign-in on (QR code or key, confirmed with a code), see the recovery codes once, make new ones,
 * or turn it off with a current code.
 * A practice admin also sets whether the whole practice must use it.
 */
@Component({
  selector: 'kap-security-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    PageHeading,
    ErrorBanner,
    AuthenticatorSetup,
    RecoveryCodesList,
    ChangePasswordForm,
  ],
  templateUrl: './security-page.html',
  styleUrl: './security-page.scss',
})
export class SecurityPage {
  private readonly api = inject(MfaApi);
  private readonly auth = inject(AuthStore);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly banner = viewChild.required(ErrorBanner);
  private readonly formDirective = viewChild(FormGroupDirective);

  protected readonly calendar = clinicCalendar;
  protected readonly status = signal<MfaStatus | null>(null);
  protected readonly enrolment = signal<MfaEnrolment | null>(null);
  protected readonly recoveryCodes = signal<string[] | null>(null);
  protected readonly purpose = signal<CodePurpose | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal('');
  protected readonly busy = signal(false);
  protected readonly isPracticeAdmin = computed(() => this.auth.user()?.role === 'practice_admin');
  protected readonly codeForm = inject(NonNullableFormBuilder).group({ code: ['', [Validators.required]] });

  constructor() {
    void this.load();
  }

  protected async load(): Promise<void> {
    try {
      this.status.set(await this.api.status());
    } catch (error) {
      this.fail(error);
    }
  }

  protected async startEnrolment(): Promise<void> {
    await this.run(async () => {
      this.recoveryCodes.set(null);
      this.enrolment.set(await this.api.startEnrolment());
      this.askForCode('confirm');
    });
  }

  protected askForCode(purpose: CodePurpose): void {
    this.purpose.set(purpose);
    this.error.set(null);
    this.formDirective()?.resetForm({ code: '' });
    this.codeForm.reset({ code: '' });
    setTimeout(() =>
      this.host.nativeElement.querySelector<HTMLElement>('input[formcontrolname="code"]')?.focus(),
    );
  }

  protected cancel(): void {
    this.purpose.set(null);
    this.enrolment.set(null);
    this.error.set(null);
  }

  protected async submitCode(): Promise<void> {
    const purpose = this.purpose();
    if (!purpose) return;
    if (this.codeForm.invalid) {
      this.error.set(
        purpose === 'disable'
          ? 'Enter a code from your app or a recovery code.'
          : 'Enter the 6-digit code from your app.',
      );
      this.banner().focus();
      return;
    }
    const code = this.codeForm.controls.code.value;
    await this.run(async () => {
      if (purpose === 'disable') {
        await this.api.disable(code);
        this.recoveryCodes.set(null);
        this.notice.set('Two-step sign-in is off. Your password alone signs you in now.');
      } else {
        const { recoveryCodes } =
          purpose === 'confirm'
            ? await this.api.confirmEnrolment(code)
            : await this.api.renewRecoveryCodes(code);
        this.recoveryCodes.set(recoveryCodes);
        this.notice.set(
          purpose === 'confirm'
            ? 'Two-step sign-in is on.'
            : 'New recovery codes are ready; the old ones no longer work.',
        );
        setTimeout(() =>
          this.host.nativeElement.querySelector<HTMLElement>('#recovery-codes-heading')?.focus(),
        );
      }
      this.purpose.set(null);
      this.enrolment.set(null);
      this.status.set(await this.api.status());
    }, true);
  }

  protected async setPolicy(policy: MfaPolicy): Promise<void> {
    await this.run(async () => {
      this.status.set(await this.api.setPolicy(policy));
      this.notice.set(
        policy === 'required'
          ? 'Everyone in your practice now needs two-step sign-in. People without it were signed out and set it up at their next sign-in.'
          : 'Two-step sign-in is now each person’s choice.',
      );
    });
  }

  private async run(work: () => Promise<void>, clearCode = false): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    this.notice.set('');
    try {
      await work();
    } catch (error) {
      this.fail(error);
      if (clearCode) this.formDirective()?.resetForm({ code: '' });
    } finally {
      this.busy.set(false);
    }
  }

  private fail(error: unknown): void {
    const problem = fieldProblems(error).find((p) => p.field === 'code');
    let message = problem ? `The code ${problem.problem}.` : errorMessage(error);
    if (error instanceof HttpErrorResponse && error.status === 429)
      message += retryAfterHint(error, Date.now());
    this.error.set(message);
    this.banner().focus();
  }
}

/** For the route loader (`lazyPages`): a default export needs no `.then` in the initial bundle. */
export default SecurityPage;
