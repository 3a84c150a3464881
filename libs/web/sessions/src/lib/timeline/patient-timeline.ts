import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { Note, Session } from '@kap/shared/contracts';
import { AuthStore, errorMessage } from '@kap/web/core';
import { ErrorBanner } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { SessionsApi } from '../data-access/sessions-api';
import { editableGaps } from '../complete-documentation/documentation-form';
import {
  documentationText,
  doseText,
  formatDateTime,
  KIND_LABELS,
  NOTE_KIND_LABELS,
  SETTING_LABELS,
  WARNING_TITLES,
} from '../display/session-labels';

export interface TimelineNote {
  id: string;
  link: string;
  text: string;
}

export interface TimelineEntry {
  id: string;
  heading: string;
  /** The session's own page: its record, warnings, alerts, notes and the next step. */
  link: string;
  dose: string;
  documentation: string;
  complete: boolean;
  /** The page that adds missing readings or the adverse-events answer; null when none is missing. */
  completeLink: string | null;
  warnings: string[];
  notes: TimelineNote[];
}

const noteView = (note: Note): TimelineNote => ({
  id: note.id,
  link: `/notes/${note.id}`,
  text: `${NOTE_KIND_LABELS[note.kind]} · ${note.status === 'signed' ? 'signed' : 'draft'}`,
});

/** Sessions newest first, each with its dose, documentation, warnings and notes. */
export function timelineEntries(sessions: readonly Session[], notes: readonly Note[]): TimelineEntry[] {
  return sessions.map((session) => ({
    id: session.id,
    heading: `${KIND_LABELS[session.kind]} · ${formatDateTime(session.occurredAt)} · ${SETTING_LABELS[session.setting]}, ${session.durationMinutes} min`,
    link: `/patients/${session.patientId}/sessions/${session.id}`,
    dose: doseText(session),
    documentation: documentationText(session),
    complete: session.documentationComplete === true,
    completeLink: editableGaps(session).length
      ? `/patients/${session.patientId}/sessions/${session.id}/edit`
      : null,
    warnings: session.warnings.map((code) => WARNING_TITLES[code] ?? code),
    notes: notes.filter((note) => note.sessionId === session.id).map(noteView),
  }));
}

/** The patient page's session timeline (loaded lazily by the page). */
@Component({
  selector: 'kap-patient-timeline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule, ErrorBanner],
  template: `
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Sessions and notes</h2>
      @if (isTherapist()) {
        <p><a matButton="filled" [routerLink]="newSessionLink()">Log a session</a></p>
      }
      <kap-error-banner [message]="error()" />
      @if (entries().length) {
        <ol class="timeline">
          @for (entry of entries(); track entry.id) {
            <li class="entry">
              <h3 [id]="'session-' + entry.id">
                <a [routerLink]="entry.link">{{ entry.heading }}</a>
              </h3>
              @if (entry.dose) {
                <p>{{ entry.dose }}</p>
              }
              <!-- What is missing leads to the session's page, where the note is written or signed. -->
              @if (entry.documentation && !entry.complete) {
                <p>
                  <a
                    class="badge"
                    [routerLink]="entry.link"
                    [attr.aria-describedby]="'session-' + entry.id"
                    >{{ entry.documentation }}</a
                  >
                </p>
              } @else if (entry.documentation) {
                <p class="badge complete">{{ entry.documentation }}</p>
              }
              @if (entry.completeLink && isTherapist()) {
                <p>
                  <a [routerLink]="entry.completeLink" [attr.aria-describedby]="'session-' + entry.id"
                    >Complete documentation</a
                  >
                </p>
              }
              @for (warning of entry.warnings; track warning) {
                <p class="warning">{{ 'Warning: ' + warning }}</p>
              }
              <!-- Described by the session heading, so a list of links read out alone still says which session each note is for. -->
              @for (note of entry.notes; track note.id) {
                <p>
                  <a [routerLink]="note.link" [attr.aria-describedby]="'session-' + entry.id">{{
                    note.text
                  }}</a>
                </p>
              }
            </li>
          }
        </ol>
      } @else if (!loading()) {
        <p>No sessions recorded yet.</p>
      }
      @if (otherNotes().length) {
        <h3>Notes not linked to a session</h3>
        <ul>
          @for (note of otherNotes(); track note.id) {
            <li>
              <a [routerLink]="note.link">{{ note.text }}</a>
            </li>
          }
        </ul>
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
    .timeline {
      list-style: none;
      padding: 0;
    }
    .entry {
      border-inline-start: 3px solid var(--mat-sys-outline-variant);
      padding: 0.25rem 0 0.25rem 1rem;
      margin-block-end: 1rem;
    }
    .entry h3 {
      margin: 0 0 0.25rem;
      font: var(--mat-sys-title-small);
    }
    .entry p {
      margin: 0.25rem 0;
    }
    .badge {
      display: inline-block;
      padding: 0.125rem 0.5rem;
      border-radius: 999px;
      background: #fdefc3;
      color: #4a3300;
    }
    .badge.complete {
      background: #d7f0dd;
      color: #14452a;
    }
    .warning {
      color: #7a2e00;
    }
  `,
})
export class PatientTimeline {
  private readonly api = inject(SessionsApi);
  private readonly auth = inject(AuthStore);
  protected readonly patientId = signal('');
  private readonly sessions = signal<Session[]>([]);
  private readonly notes = signal<Note[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly loading = signal(true);
  /** Loaded (or failed): the page shows what follows this section only then, so this section never pushes it down. */
  readonly settled = computed(() => !this.loading());
  protected readonly isTherapist = computed(() => this.auth.user()?.role === 'therapist');
  protected readonly newSessionLink = computed(() => `/patients/${this.patientId()}/sessions/new`);
  protected readonly entries = computed(() => timelineEntries(this.sessions(), this.notes()));
  protected readonly otherNotes = computed(() =>
    this.notes()
      .filter((note) => !note.sessionId)
      .map(noteView),
  );

  constructor() {
    const subscription = inject(ActivatedRoute).paramMap.subscribe((params) => {
      const id = params.get('id');
      if (id) void this.load(id);
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  private async load(id: string): Promise<void> {
    this.patientId.set(id);
    this.loading.set(true);
    try {
      const [sessions, notes] = await Promise.all([
        firstValueFrom(this.api.sessions(id)),
        firstValueFrom(this.api.notes(id)),
      ]);
      this.sessions.set(sessions.items);
      this.notes.set(notes.items);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.loading.set(false);
    }
  }
}
