import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { Alert } from '@kap/shared/contracts';
import { errorMessage, fieldProblems } from '@kap/web/core';
import { ErrorBanner } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { AlertsApi } from '../data-access/alerts-api';
import { ALERT_SEVERITY_LABELS, alertKindText, formatDateTime } from '../display/outcome-labels';
import { SafetyNotice } from '../display/safety-notice';

export const ACTION_REQUIRED_MESSAGE = 'Say what was done (required for an urgent alert).';
export const FORBIDDEN_MESSAGE =
  "Only the patient's therapists and the linked medical team acknowledge alerts; a practice admin cannot. Ask the patient's therapist.";
export const ALREADY_ACKNOWLEDGED_MESSAGE =
  'Your side has already acknowledged this alert (perhaps a colleague, just now). Close to see the list as it is now.';

/** The acknowledged alert, or `refresh` when the caller's side had already acknowledged it. */
export type AcknowledgeResult = Alert | 'refresh';
export const ACTION_MAX_LENGTH = 2000;

/**
 * Acknowledging an alert records what was done about it. For an urgent alert that is required
 * (the API answers 400 otherwise, and its message is shown here, where the action is typed). The
 * safety copy stands in the dialog, because acknowledging is the moment someone decides whether
 * a call is needed.
 */
@Component({
  selector: 'kap-acknowledge-alert-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    ErrorBanner,
    SafetyNotice,
  ],
  template: `
    <h2 mat-dialog-title>Acknowledge alert</h2>
    <form novalidate (submit)="$event.preventDefault(); confirm()">
      <!-- Material's content styles without MatDialogContent: its host directive (CdkScrollable) would pull
       Angular's host-directive feature into the initial bundle. -->
      <div class="mat-mdc-dialog-content mdc-dialog__content">
        <p class="what">
          <strong>{{ severity }}:</strong> {{ kindText }}<br />
          {{ summary }}<br />
          {{ whoWhen }}
        </p>
        <p class="side-note">
          You acknowledge for your side of the care team; the alert stays open for the other side until they
          acknowledge it too.
        </p>
        <kap-safety-notice />
        <kap-error-banner [message]="error()" />
        <mat-form-field appearance="outline" class="action">
          <mat-label>What was done?</mat-label>
          <textarea
            matInput
            id="alert-action"
            rows="4"
            [maxLength]="maxLength"
            [required]="urgent"
            cdkFocusInitial
            [formControl]="action"
          ></textarea>
          <mat-hint>{{ urgent ? 'Required for an urgent alert.' : 'Optional for this alert.' }}</mat-hint>
          <mat-error>{{ actionMessage() }}</mat-error>
        </mat-form-field>
      </div>
      <mat-dialog-actions align="end">
        @if (stale()) {
          <button matButton="filled" type="button" [mat-dialog-close]="'refresh'">Close</button>
        } @else {
          <button matButton type="button" mat-dialog-close>Cancel</button>
          <button matButton="filled" type="submit" [disabled]="busy() || refused()">
            {{ busy() ? 'Saving…' : 'Acknowledge' }}
          </button>
        }
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .what {
      margin-top: 0;
      overflow-wrap: anywhere;
    }
    .side-note {
      color: var(--mat-sys-on-surface-variant);
    }
    kap-safety-notice {
      margin-block-end: 1rem;
    }
    .action {
      width: 100%;
    }
  `,
})
export class AcknowledgeAlertDialog {
  protected readonly alert = inject<Alert>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<AcknowledgeAlertDialog, AcknowledgeResult>>(MatDialogRef);
  private readonly api = inject(AlertsApi);

  protected readonly urgent = this.alert.severity === 'urgent';
  protected readonly severity = ALERT_SEVERITY_LABELS[this.alert.severity] ?? this.alert.severity;
  protected readonly kindText = alertKindText(this.alert.kind);
  protected readonly summary = this.alert.summary?.trim() || '';
  protected readonly whoWhen = `${this.alert.patientName} · raised ${formatDateTime(this.alert.createdAt)}`;
  protected readonly maxLength = ACTION_MAX_LENGTH;

  /** Blank text is no action: required-ness is checked on the trimmed text, as the API does. */
  protected readonly action = new FormControl('', {
    nonNullable: true,
    validators: (control) => (this.urgent && !String(control.value).trim() ? { required: true } : null),
  });
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  /** 409: the caller's side had already acknowledged it; only closing (and refreshing) is left. */
  protected readonly stale = signal(false);
  /** 403: the caller may not acknowledge alerts at all. */
  protected readonly refused = signal(false);

  protected actionMessage(): string {
    return (this.action.getError('server') as string | undefined) ?? ACTION_REQUIRED_MESSAGE;
  }

  async confirm(): Promise<void> {
    if (this.busy()) return;
    this.error.set(null);
    if (this.action.invalid) {
      this.action.markAsTouched();
      document.getElementById('alert-action')?.focus();
      return;
    }
    const text = this.action.value.trim();
    this.busy.set(true);
    try {
      this.dialogRef.close(
        await firstValueFrom(this.api.acknowledge(this.alert.id, text ? { action: text } : {})),
      );
    } catch (error) {
      // The API's own sentence, under the field it is about.
      if (fieldProblems(error).some((p) => p.field === 'action')) {
        this.action.setErrors({ server: errorMessage(error) });
        this.action.markAsTouched();
        document.getElementById('alert-action')?.focus();
      } else if (error instanceof HttpErrorResponse && error.status === 403) {
        this.refused.set(true);
        this.error.set(FORBIDDEN_MESSAGE);
      } else if (error instanceof HttpErrorResponse && error.status === 409) {
        this.stale.set(true);
        this.error.set(ALREADY_ACKNOWLEDGED_MESSAGE);
      } else {
        this.error.set(errorMessage(error));
      }
    } finally {
      this.busy.set(false);
    }
  }
}
