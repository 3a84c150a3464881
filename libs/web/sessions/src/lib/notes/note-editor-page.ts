import { Location } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { NOTE_KINDS, type Note, type NoteKind, type Session } from '@kap/shared/contracts';
import { AuthStore, errorCode, errorMessage, newIdempotencyKey } from '@kap/web/core';
import { ErrorBanner, PageHeading } from '@kap/web/ui';
import { firstValueFrom } from 'rxjs';
import { SessionsApi } from '../data-access/sessions-api';
import { formatDateTime, NOTE_KIND_LABELS } from '../display/session-labels';
import { noteContext, patientNameOf } from './note-context';
import { AddendumDialog, SignNoteDialog } from './note-dialogs';
import {
  AUTOSAVE_DELAY_MS,
  draftChanges,
  fieldsOf,
  signFlow,
  UNSAVED_WARNING,
  type DraftFields,
} from './note-draft';
import type { HoldsUnsavedWork } from './unsaved-changes-guard';

const isNoteKind = (value: string | null): value is NoteKind => NOTE_KINDS.includes(value as NoteKind);

/**
 * Writing a note that never loses text: the draft is saved after a pause and on leaving, leaving
 * with changes that could not be saved asks first, and signing asks for confirmation (a signed
 * note never changes again; corrections are addenda).
 */
@Component({
  selector: 'kap-note-editor-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, PageHeading, ErrorBanner],
  templateUrl: './note-editor-page.html',
  styleUrl: './note-editor-page.scss',
})
export class NoteEditorPage implements HoldsUnsavedWork {
  private readonly api = inject(SessionsApi);
  private readonly auth = inject(AuthStore);
  private readonly dialog = inject(MatDialog);
  private readonly location = inject(Location);

  protected readonly kinds = NOTE_KINDS;
  protected readonly kindLabels = NOTE_KIND_LABELS;
  protected readonly note = signal<Note | null>(null);
  protected readonly patientId = signal('');
  private sessionId: string | null = null;
  protected readonly kind = signal<NoteKind>('progress');
  protected readonly body = signal('');
  protected readonly share = signal(false);
  /** The fields as last saved; null while the note does not exist yet. */
  private readonly saved = signal<DraftFields | null>(null);
  protected readonly status = signal('');
  protected readonly error = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly saving = signal(false);

  protected readonly current = computed<DraftFields>(() => ({
    kind: this.kind(),
    body: this.body(),
    shareWithMedicalTeam: this.share(),
  }));
  protected readonly dirty = computed(() => draftChanges(this.saved(), this.current()) !== null);
  protected readonly signed = computed(() => this.note()?.status === 'signed');
  protected readonly isAuthor = computed(() => {
    const note = this.note();
    const user = this.auth.user();
    return !!user && user.role === 'therapist' && (!note || note.author.id === user.id);
  });
  protected readonly editable = computed(() => this.isAuthor() && !this.signed());
  protected readonly heading = computed(() => {
    const note = this.note();
    if (!note) return this.loading() ? 'Note' : 'Write a note';
    return `${NOTE_KIND_LABELS[note.kind]} (${note.status === 'signed' ? 'signed' : 'draft'})`;
  });
  protected readonly signedText = computed(() => {
    const note = this.note();
    return note?.signedAt ? `Signed by ${note.author.displayName} on ${formatDateTime(note.signedAt)}.` : '';
  });
  protected readonly patientLink = computed(() => `/patients/${this.patientId()}`);
  /** Whose note and which session it is for, so a note opened from a link says what it is about. */
  private readonly patientName = signal<string | null>(null);
  private readonly session = signal<Session | null>(null);
  protected readonly context = computed(() =>
    this.loading() && !this.note() ? '' : noteContext(this.kind(), this.patientName(), this.session()),
  );
  protected readonly formatDateTime = formatDateTime;

  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<boolean> | null = null;
  private createKey = newIdempotencyKey();

  constructor() {
    const route = inject(ActivatedRoute);
    const noteId = route.snapshot.paramMap.get('noteId');
    if (noteId) void this.load(noteId);
    else {
      this.patientId.set(route.snapshot.paramMap.get('id') ?? '');
      const query = route.snapshot.queryParamMap;
      this.sessionId = query.get('sessionId');
      const kind = query.get('kind');
      if (isNoteKind(kind)) this.kind.set(kind);
      void this.loadContext(this.patientId(), this.sessionId);
    }
    // A listener added here rather than a host binding: global-target host listeners pull
    // extra Angular runtime into the initial bundle.
    const beforeUnload = (event: BeforeUnloadEvent) => this.onBeforeUnload(event);
    window.addEventListener('beforeunload', beforeUnload);
    inject(DestroyRef).onDestroy(() => {
      this.clearTimer();
      window.removeEventListener('beforeunload', beforeUnload);
    });
  }

  protected text(event: Event): string {
    return (event.target as HTMLTextAreaElement).value;
  }

  protected edited(): void {
    this.status.set(this.dirty() ? 'Unsaved changes' : this.status());
    this.clearTimer();
    this.timer = setTimeout(() => void this.saveDraft(), AUTOSAVE_DELAY_MS);
  }

  protected chooseKind(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    if (isNoteKind(value)) this.kind.set(value);
    this.edited();
  }

  protected toggleShare(event: Event): void {
    this.share.set((event.target as HTMLInputElement).checked);
    this.edited();
  }

  /** Saves what changed (creating the note on its first text). True when nothing is left unsaved. */
  async saveDraft(): Promise<boolean> {
    this.clearTimer();
    if (this.inFlight) await this.inFlight;
    const sent = this.current();
    const changes = draftChanges(this.saved(), sent);
    if (!changes || !this.editable()) return true;
    this.inFlight = this.send(sent);
    try {
      return await this.inFlight;
    } finally {
      this.inFlight = null;
    }
  }

  private async send(sent: DraftFields): Promise<boolean> {
    this.saving.set(true);
    this.status.set('Saving…');
    try {
      const existing = this.note();
      const note = existing
        ? await firstValueFrom(
            this.api.updateNote(existing.id, existing.version, draftChanges(this.saved(), sent) ?? {}),
          )
        : await firstValueFrom(
            this.api.createNote(this.patientId(), { ...sent, sessionId: this.sessionId }, this.createKey),
          );
      if (!existing) this.location.replaceState(`/notes/${note.id}`);
      this.note.set(note);
      this.saved.set(sent);
      this.error.set(null);
      this.status.set(`Draft saved at ${formatDateTime(note.updatedAt).split(', ')[1] ?? ''}.`);
      if (this.dirty()) this.edited();
      return !this.dirty();
    } catch (error) {
      if (errorCode(error) === 'version_conflict') {
        this.error.set(
          'This draft was changed elsewhere (another tab?). Your text is kept here: copy it, then reload the page.',
        );
      } else this.error.set(`The draft was not saved: ${errorMessage(error)}`);
      this.status.set('Not saved');
      return false;
    } finally {
      this.saving.set(false);
    }
  }

  /** The router asks before leaving: save first; ask only when that failed. */
  async canLeave(): Promise<boolean> {
    if (!this.dirty() || !this.editable()) return true;
    if (await this.saveDraft()) return true;
    return window.confirm(UNSAVED_WARNING);
  }

  protected onBeforeUnload(event: BeforeUnloadEvent): void {
    if (!this.dirty() || !this.editable()) return;
    void this.saveDraft();
    event.preventDefault();
  }

  async sign(): Promise<void> {
    const note = await signFlow({
      confirm: async () =>
        !!(await firstValueFrom(this.dialog.open(SignNoteDialog, { width: '28rem' }).afterClosed())),
      saveDraft: () => this.saveDraft(),
      sign: async () => {
        const current = this.note();
        if (!current) throw new Error('nothing to sign');
        return firstValueFrom(this.api.sign(current.id));
      },
    }).catch((error: unknown) => {
      this.error.set(errorMessage(error));
      return null;
    });
    if (note) {
      this.note.set(note);
      this.status.set('The note is signed.');
    }
  }

  async addAddendum(): Promise<void> {
    const note = this.note();
    if (!note) return;
    const addendum = await firstValueFrom(
      this.dialog.open(AddendumDialog, { data: note.id, width: '36rem' }).afterClosed(),
    );
    if (addendum) {
      this.note.set({ ...note, addenda: [...note.addenda, addendum] });
      this.status.set('The addendum was added.');
    }
  }

  private async load(id: string): Promise<void> {
    this.loading.set(true);
    try {
      const note = await firstValueFrom(this.api.note(id));
      this.note.set(note);
      this.patientId.set(note.patientId);
      this.sessionId = note.sessionId;
      const fields = fieldsOf(note);
      this.kind.set(fields.kind);
      this.body.set(fields.body);
      this.share.set(fields.shareWithMedicalTeam);
      this.saved.set(fields);
      void this.loadContext(note.patientId, note.sessionId);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.loading.set(false);
    }
  }

  /** The patient's name and the session; the note is usable without them, so a failure only leaves them out. */
  private async loadContext(patientId: string, sessionId: string | null): Promise<void> {
    const [patient, session] = await Promise.allSettled([
      patientId ? firstValueFrom(this.api.patient(patientId)) : Promise.reject(new Error('no patient')),
      sessionId ? firstValueFrom(this.api.session(sessionId)) : Promise.reject(new Error('no session')),
    ]);
    if (patient.status === 'fulfilled') this.patientName.set(patientNameOf(patient.value));
    if (session.status === 'fulfilled') this.session.set(session.value);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
