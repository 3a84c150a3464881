import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { Addendum } from '@kap/shared/contracts';
import { errorMessage, newIdempotencyKey } from '@kap/web/core';
import { ErrorBanner } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { SessionsApi } from '../data-access/sessions-api';
import { SIGN_WARNING } from './note-draft';

/** "Sign this note?" The answer is true only when the person pressed Sign. */
@Component({
  selector: 'kap-sign-note-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogModule, MatButtonModule],
  template: `
    <h2 mat-dialog-title>Sign this note?</h2>
    <!-- Material's content styles without MatDialogContent (its host directive would grow the initial bundle). -->
    <div class="mat-mdc-dialog-content mdc-dialog__content">
      <p>{{ warning }}</p>
    </div>
    <mat-dialog-actions align="end">
      <button matButton type="button" mat-dialog-close>Cancel</button>
      <button matButton="filled" type="button" cdkFocusInitial (click)="sign()">Sign</button>
    </mat-dialog-actions>
  `,
})
export class SignNoteDialog {
  private readonly ref = inject<MatDialogRef<SignNoteDialog, boolean>>(MatDialogRef);
  protected readonly warning = SIGN_WARNING;

  protected sign(): void {
    this.ref.close(true);
  }
}

/** Adds an addendum (`{ body, reason }`) to a signed note; closes with the new addendum. */
@Component({
  selector: 'kap-addendum-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, ErrorBanner],
  template: `
    <h2 mat-dialog-title>Add an addendum</h2>
    <form novalidate (submit)="$event.preventDefault(); save()">
      <div class="mat-mdc-dialog-content mdc-dialog__content">
        <p>The signed note stays as it is; the addendum is listed under it with its reason.</p>
        <kap-error-banner [message]="error()" />
        <mat-form-field appearance="outline" class="wide">
          <mat-label>Addendum</mat-label>
          <textarea
            matInput
            id="addendum-body"
            rows="5"
            required
            cdkFocusInitial
            [value]="body()"
            (input)="body.set(text($event))"
          ></textarea>
        </mat-form-field>
        <mat-form-field appearance="outline" class="wide">
          <mat-label>Reason</mat-label>
          <input
            matInput
            id="addendum-reason"
            required
            [value]="reason()"
            (input)="reason.set(text($event))"
          />
        </mat-form-field>
      </div>
      <mat-dialog-actions align="end">
        <button matButton type="button" mat-dialog-close>Cancel</button>
        <button matButton="filled" type="submit" [disabled]="busy()">
          {{ busy() ? 'Saving…' : 'Add addendum' }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .wide {
      width: 100%;
    }
  `,
})
export class AddendumDialog {
  private readonly noteId = inject<string>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<AddendumDialog, Addendum>>(MatDialogRef);
  private readonly api = inject(SessionsApi);
  protected readonly body = signal('');
  protected readonly reason = signal('');
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);

  protected text(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  async save(): Promise<void> {
    if (this.busy()) return;
    if (!this.body().trim() || !this.reason().trim()) {
      this.error.set('Write the addendum and say why the note needs it.');
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      this.ref.close(
        await firstValueFrom(
          this.api.addAddendum(
            this.noteId,
            { body: this.body(), reason: this.reason() },
            newIdempotencyKey(),
          ),
        ),
      );
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.busy.set(false);
    }
  }
}
