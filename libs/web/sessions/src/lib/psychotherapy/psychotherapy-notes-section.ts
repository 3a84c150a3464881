import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ActivatedRoute } from '@angular/router';
import type { PsychotherapyNote } from '@kap/shared/contracts';
import { errorMessage, newIdempotencyKey } from '@kap/web/core';
import { ErrorBanner } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { SessionsApi } from '../data-access/sessions-api';
import { formatDateTime } from '../display/session-labels';

export const PRIVATE_NOTICE =
  'Private: visible only to you. Never shared, exported or included in any packet.';

/** The therapist's own psychotherapy notes on this patient: author-only, kept apart from the record. */
@Component({
  selector: 'kap-psychotherapy-notes-section',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule, ErrorBanner],
  template: `
    <section aria-labelledby="psychotherapy-heading">
      <h2 id="psychotherapy-heading">Psychotherapy notes</h2>
      <p class="private">
        <strong>{{ notice }}</strong>
      </p>
      <kap-error-banner [message]="error()" />
      <form novalidate (submit)="$event.preventDefault(); save()" aria-label="New psychotherapy note">
        <mat-form-field appearance="outline" class="wide">
          <mat-label>New psychotherapy note</mat-label>
          <textarea matInput rows="4" [value]="body()" (input)="body.set(text($event))"></textarea>
          <mat-hint>Saved notes cannot be edited.</mat-hint>
        </mat-form-field>
        <button matButton="outlined" type="submit" [disabled]="busy()">Save psychotherapy note</button>
      </form>
      @if (notes().length) {
        <ul class="notes">
          @for (note of notes(); track note.id) {
            <li>
              <p class="meta">{{ formatDateTime(note.createdAt) }}</p>
              <div class="text">{{ note.body }}</div>
            </li>
          }
        </ul>
      } @else {
        <p>You have no psychotherapy notes on this patient.</p>
      }
    </section>
  `,
  styles: `
    :host {
      display: block;
      margin-block-end: 2rem;
    }
    h2 {
      margin: 0 0 0.75rem;
      font: var(--mat-sys-title-large);
    }
    .private {
      padding: 0.75rem 1rem;
      border-radius: 8px;
      border-inline-start: 4px solid #5b3fa0;
      background: #ece6f8;
      color: #2a1a55;
    }
    .wide {
      width: 100%;
    }
    .notes {
      list-style: none;
      padding: 0;
    }
    .meta {
      margin: 1rem 0 0.25rem;
      color: var(--mat-sys-on-surface-variant);
    }
    .text {
      white-space: pre-wrap;
    }
  `,
})
export class PsychotherapyNotesSection {
  private readonly api = inject(SessionsApi);
  protected readonly notice = PRIVATE_NOTICE;
  protected readonly notes = signal<PsychotherapyNote[]>([]);
  protected readonly body = signal('');
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly formatDateTime = formatDateTime;
  private patientId = '';

  constructor() {
    const subscription = inject(ActivatedRoute).paramMap.subscribe((params) => {
      this.patientId = params.get('id') ?? '';
      if (this.patientId) void this.load();
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  protected text(event: Event): string {
    return (event.target as HTMLTextAreaElement).value;
  }

  async save(): Promise<void> {
    if (this.busy() || !this.body().trim()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const note = await firstValueFrom(
        this.api.createPsychotherapyNote(this.patientId, { body: this.body() }, newIdempotencyKey()),
      );
      this.notes.update((notes) => [note, ...notes]);
      this.body.set('');
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.busy.set(false);
    }
  }

  private async load(): Promise<void> {
    try {
      this.notes.set((await firstValueFrom(this.api.psychotherapyNotes(this.patientId))).items);
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }
}
