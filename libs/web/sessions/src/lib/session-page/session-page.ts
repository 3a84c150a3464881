import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { Alert, Course, Note, Session } from '@kap/shared/contracts';
import { AuthStore, errorMessage } from '@kap/web/core';
import { EmptyState, ErrorBanner, PageHeading, SeverityChip } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { SessionsApi } from '../data-access/sessions-api';
import { documentationText, NOTE_KIND_LABELS, warningViews } from '../display/session-labels';
import { patientNameOf } from '../notes/note-context';
import { SignNoteDialog } from '../notes/note-dialogs';
import {
  adverseEventViews,
  chaperoneView,
  doseLines,
  limitsSentence,
  noteRow,
  sessionActions,
  sessionAlerts,
  sessionFacts,
  sessionHeading,
  vitalsRows,
} from './session-record-view';

export const SESSION_NOT_FOUND_MESSAGE = 'This session was not found, or is not shared with you.';

/**
 * One session on its own page, for both sides of the care team: the dosing record with each
 * reading read against the course's limits, the rules it broke, the alerts it raised and its
 * notes. The therapist finds the next step at the top (write or sign the note, complete the
 * record); the medical team reads only, and the API answers each side what it may see.
 */
@Component({
  selector: 'kap-session-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule, PageHeading, ErrorBanner, EmptyState, SeverityChip],
  templateUrl: './session-page.html',
  styleUrl: './session-page.scss',
})
export class SessionPage {
  private readonly api = inject(SessionsApi);
  private readonly auth = inject(AuthStore);
  private readonly dialog = inject(MatDialog);

  protected readonly patientId = signal('');
  protected readonly session = signal<Session | null>(null);
  private readonly course = signal<Course | null>(null);
  private readonly notes = signal<Note[]>([]);
  /** Without the notes, whether one is missing is unknown: no note action is offered then. */
  private readonly notesLoaded = signal(false);
  private readonly alerts = signal<Alert[]>([]);
  private readonly patientName = signal<string | null>(null);
  protected readonly loading = signal(true);
  protected readonly notFound = signal(false);
  protected readonly loadError = signal<string | null>(null);
  /** Parts the page could not load (notes, alerts, the course): the rest is still shown. */
  protected readonly partsMissing = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly status = signal('');
  protected readonly signing = signal(false);

  protected readonly notFoundMessage = SESSION_NOT_FOUND_MESSAGE;
  protected readonly heading = computed(() => {
    const session = this.session();
    if (session) return sessionHeading(session);
    return this.notFound() ? 'Session not found' : 'Session';
  });
  protected readonly lead = computed(() => {
    const session = this.session();
    if (!session) return undefined;
    return [this.patientName(), sessionFacts(session)].filter((part): part is string => !!part).join(' · ');
  });
  protected readonly patientLink = computed(
    () => `/patients/${this.session()?.patientId ?? this.patientId()}`,
  );
  protected readonly backText = computed(() => `Back to ${this.patientName() ?? 'the patient'}`);
  protected readonly documentation = computed(() => {
    const session = this.session();
    return session ? documentationText(session) : '';
  });
  protected readonly complete = computed(() => this.session()?.documentationComplete === true);
  protected readonly isTherapist = computed(() => this.auth.user()?.role === 'therapist');
  protected readonly actions = computed(() => {
    const session = this.session();
    if (!session) return null;
    const actions = sessionActions(session, this.notes(), this.auth.user());
    return this.notesLoaded() ? actions : { ...actions, writeNote: null, signDraft: null };
  });
  protected readonly dose = computed(() => {
    const dosing = this.session()?.dosing;
    return dosing ? doseLines(dosing) : [];
  });
  protected readonly vitals = computed(() =>
    vitalsRows(this.session()?.dosing?.vitals ?? [], this.course()?.vitalsLimits),
  );
  protected readonly outsideCount = computed(() => this.vitals().filter((row) => row.outside).length);
  protected readonly limits = computed(() => {
    const session = this.session();
    return session ? limitsSentence(session, this.course()) : '';
  });
  protected readonly adverseEvents = computed(() => {
    const dosing = this.session()?.dosing;
    return dosing ? adverseEventViews(dosing) : null;
  });
  protected readonly chaperone = computed(() => chaperoneView(this.session()?.dosing?.chaperone));
  protected readonly warnings = computed(() => {
    const course = this.course();
    return warningViews(this.session()?.warnings ?? [], {
      vitalsLimits: course?.vitalsLimits,
      maxDosingSessionsPerWeek: course?.dosePlan?.maxDosingSessionsPerWeek,
    });
  });
  protected readonly raisedAlerts = computed(() => sessionAlerts(this.alerts(), this.session()?.id ?? ''));
  protected readonly noteRows = computed(() => {
    const id = this.session()?.id;
    return this.notes()
      .filter((note) => note.sessionId === id)
      .map(noteRow);
  });

  constructor() {
    const subscription = inject(ActivatedRoute).paramMap.subscribe((params) => {
      this.patientId.set(params.get('id') ?? '');
      const sessionId = params.get('sessionId');
      if (sessionId) void this.load(sessionId);
    });
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  /** Signs the caller's own draft after the same confirmation the note editor asks for. */
  async sign(note: Note): Promise<void> {
    if (this.signing()) return;
    const confirmed = await firstValueFrom(
      this.dialog.open(SignNoteDialog, { width: '28rem' }).afterClosed(),
    );
    if (!confirmed) return;
    this.signing.set(true);
    this.actionError.set(null);
    try {
      const signed = await firstValueFrom(this.api.sign(note.id));
      this.notes.update((notes) => notes.map((n) => (n.id === signed.id ? signed : n)));
      this.status.set(`The ${NOTE_KIND_LABELS[signed.kind].toLowerCase()} is signed.`);
      // The signed note closes a documentation gap: the session says so now.
      this.session.set(await firstValueFrom(this.api.session(signed.sessionId ?? note.sessionId ?? '')));
    } catch (error) {
      this.actionError.set(errorMessage(error));
    } finally {
      this.signing.set(false);
    }
  }

  private async load(sessionId: string): Promise<void> {
    this.loading.set(true);
    this.notFound.set(false);
    this.loadError.set(null);
    this.partsMissing.set(null);
    this.notesLoaded.set(false);
    try {
      const session = await firstValueFrom(this.api.session(sessionId));
      this.session.set(session);
      await this.loadAround(session);
    } catch (error) {
      this.session.set(null);
      if (error instanceof HttpErrorResponse && error.status === 404) this.notFound.set(true);
      else this.loadError.set(errorMessage(error));
    } finally {
      this.loading.set(false);
    }
  }

  /** What the session is read with; each part may fail alone and the page says which. */
  private async loadAround(session: Session): Promise<void> {
    const [patient, courses, notes, alerts] = await Promise.allSettled([
      firstValueFrom(this.api.patient(session.patientId)),
      firstValueFrom(this.api.courses(session.patientId)),
      firstValueFrom(this.api.notes(session.patientId)),
      firstValueFrom(this.api.alerts(session.patientId)),
    ]);
    const missing: string[] = [];
    if (patient.status === 'fulfilled') this.patientName.set(patientNameOf(patient.value));
    if (courses.status === 'fulfilled')
      this.course.set(courses.value.items.find((course) => course.id === session.courseId) ?? null);
    else if (session.courseId) missing.push('the course’s limits');
    if (notes.status === 'fulfilled') {
      this.notes.set(notes.value.items);
      this.notesLoaded.set(true);
    } else missing.push('the notes');
    if (alerts.status === 'fulfilled') this.alerts.set(alerts.value.items);
    else missing.push('the alerts');
    if (missing.length)
      this.partsMissing.set(`Could not load ${missing.join(', ')}. Reload the page to try again.`);
  }
}
