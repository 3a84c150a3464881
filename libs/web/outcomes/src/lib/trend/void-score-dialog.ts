import { ChangeDetectionStrategy, Component, inject, type Injector, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { Outcome } from '@kap/shared/contracts';
import { errorMessage } from '@kap/web/core';
import { ErrorBanner } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { OutcomesApi } from '../data-access/outcomes-api';

export interface VoidScoreData {
  outcome: Outcome;
  /** "PHQ-9 of 25 Nov 2026, total 12" */
  description: string;
}

export const VOID_REASON_REQUIRED = 'Say why this score is wrong.';

/**
 * A score is never edited (docs/requirements.md "Instruments"): a wrong one is voided with a reason, kept, and left
 * out of the trend. The dialog calls the API itself, so a refusal is shown where the reason was
 * typed, and closes with the voided score.
 */
@Component({
  selector: 'kap-void-score-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    ErrorBanner,
  ],
  template: `
    <h2 mat-dialog-title>Void this score?</h2>
    <form novalidate (submit)="$event.preventDefault(); confirm()">
      <!-- Material's content styles without MatDialogContent (see the acknowledge dialog). -->
      <div class="mat-mdc-dialog-content mdc-dialog__content">
        <p>{{ data.description }}. The score stays in the record with your reason and leaves the trend.</p>
        <kap-error-banner [message]="error()" />
        <mat-form-field appearance="outline" class="reason">
          <mat-label>Why is it wrong?</mat-label>
          <textarea
            matInput
            id="void-reason"
            rows="3"
            required
            cdkFocusInitial
            [formControl]="reason"
          ></textarea>
          <mat-error>{{ reasonRequired }}</mat-error>
        </mat-form-field>
      </div>
      <mat-dialog-actions align="end">
        <button matButton type="button" mat-dialog-close>Cancel</button>
        <button matButton="filled" type="submit" [disabled]="busy()">
          {{ busy() ? 'Voiding…' : 'Void score' }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .reason {
      width: 100%;
    }
  `,
})
export class VoidScoreDialog {
  protected readonly data = inject<VoidScoreData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<VoidScoreDialog, Outcome>>(MatDialogRef);
  private readonly api = inject(OutcomesApi);

  protected readonly reasonRequired = VOID_REASON_REQUIRED;
  /** Blank or spaces only is no reason; the API refuses it too. */
  protected readonly reason = new FormControl('', {
    nonNullable: true,
    validators: [Validators.required, Validators.pattern(/\S/)],
  });
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);

  async confirm(): Promise<void> {
    if (this.busy()) return;
    if (this.reason.invalid) {
      this.reason.markAsTouched();
      document.getElementById('void-reason')?.focus();
      return;
    }
    const reason = this.reason.value.trim();
    this.busy.set(true);
    this.error.set(null);
    try {
      this.dialogRef.close(await firstValueFrom(this.api.void(this.data.outcome.id, reason)));
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.busy.set(false);
    }
  }
}

/**
 * Opens the dialog. It lives here, not in the trend page, so that the page reaches the dialog,
 * the overlay and the form code through one dynamic import, on first use.
 */
export function openVoidScoreDialog(
  injector: Injector,
  data: VoidScoreData,
): MatDialogRef<VoidScoreDialog, Outcome> {
  return injector.get(MatDialog).open<VoidScoreDialog, VoidScoreData, Outcome>(VoidScoreDialog, {
    data,
    width: '32rem',
    autoFocus: '#void-reason',
  });
}
