import {
  ChangeDetectionStrategy,
  ChangeDetectorRef,
  Component,
  DestroyRef,
  inject,
  type OnInit,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  ControlContainer,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
  type AbstractControl,
  type FormControl,
} from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MIN_PASSWORD_LENGTH } from '@kap/shared/contracts';

type Field = 'newPassword' | 'confirmPassword';

/** The two controls `kap-new-password-fields` shows, for the host form's group. */
export function newPasswordControls(fb: NonNullableFormBuilder): Record<Field, FormControl<string>> {
  return {
    newPassword: fb.control('', [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)]),
    confirmPassword: fb.control('', [Validators.required]),
  };
}

/**
 * On sending: marks "New password again" when it was typed and differs from the new password.
 * Not while typing, when the second is still on its way to the first.
 */
export function markPasswordMismatch(controls: Record<Field, AbstractControl<string>>): void {
  const { newPassword, confirmPassword } = controls;
  if (confirmPassword.value !== '' && confirmPassword.value !== newPassword.value)
    confirmPassword.setErrors({ mismatch: true });
}

/**
 * A new password twice, with the rules in the first field's hint and each field's problem under
 * it: the password change and the reset link page ask the same way. The fields belong to the host
 * form (`formControlName` in its group, from `newPasswordControls`); the host sends, and may put
 * the server's words on `newPassword` as a `server` error.
 */
@Component({
  selector: 'kap-new-password-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule],
  // The host's form group, so that `formControlName` here names its controls.
  viewProviders: [
    { provide: ControlContainer, useFactory: () => inject(ControlContainer, { skipSelf: true }) },
  ],
  template: `
    <!-- Dynamic subscript: a two-line hint or error pushes the next field down instead of covering it. -->
    <mat-form-field appearance="outline" subscriptSizing="dynamic">
      <mat-label>New password</mat-label>
      <input matInput type="password" formControlName="newPassword" autocomplete="new-password" required />
      <mat-hint
        >At least {{ minLength }} characters, not your email address and not a common password. A sentence of
        your own works well.</mat-hint
      >
      <mat-error>{{ fieldError('newPassword') }}</mat-error>
    </mat-form-field>

    <mat-form-field appearance="outline">
      <mat-label>New password again</mat-label>
      <input
        matInput
        type="password"
        formControlName="confirmPassword"
        autocomplete="new-password"
        required
      />
      <mat-error>{{ fieldError('confirmPassword') }}</mat-error>
    </mat-form-field>
  `,
  styles: `
    /* The host form lays the fields out, as if they were its own. */
    :host {
      display: contents;
    }

    mat-form-field {
      width: 100%;
    }
  `,
})
export class NewPasswordFields implements OnInit {
  private readonly group = inject(ControlContainer, { skipSelf: true });
  private readonly view = inject(ChangeDetectorRef);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly minLength = MIN_PASSWORD_LENGTH;

  /** Once the host's `[formGroup]` is bound (not yet when this is constructed). */
  ngOnInit(): void {
    // The host marks the fields touched, sets the server's words and resets them without changing
    // an input of this OnPush view: the group's events say when to look again.
    this.group.control?.events
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(() => this.view.markForCheck());
  }

  protected fieldError(field: Field): string {
    const control = this.group.control?.get(field);
    if (!control) return '';
    const server = control.getError('server') as string | undefined;
    if (server) return server;
    if (control.hasError('required'))
      return field === 'newPassword' ? 'Enter a new password.' : 'Enter the new password again.';
    if (control.hasError('minlength')) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
    if (control.hasError('mismatch')) return 'This is not the same as the new password above.';
    return '';
  }
}
