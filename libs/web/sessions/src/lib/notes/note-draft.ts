import type { Note, NoteKind, UpdateNoteRequest } from '@kap/shared/contracts';

/** What the editor holds: the three things a draft can change. */
export interface DraftFields {
  kind: NoteKind;
  body: string;
  shareWithMedicalTeam: boolean;
}

export function fieldsOf(note: Pick<Note, 'kind' | 'body' | 'shareWithMedicalTeam'>): DraftFields {
  return { kind: note.kind, body: note.body, shareWithMedicalTeam: note.shareWithMedicalTeam };
}

/** The PATCH body for what changed since the last save, or null when nothing did. */
export function draftChanges(saved: DraftFields | null, current: DraftFields): UpdateNoteRequest | null {
  if (!saved) return current.body.trim() ? { ...current } : null;
  const changes: UpdateNoteRequest = {};
  if (saved.kind !== current.kind) changes.kind = current.kind;
  if (saved.body !== current.body) changes.body = current.body;
  if (saved.shareWithMedicalTeam !== current.shareWithMedicalTeam)
    changes.shareWithMedicalTeam = current.shareWithMedicalTeam;
  return Object.keys(changes).length ? changes : null;
}

/**
 * Whether leaving now would lose work: changes not yet saved. A new note with no text yet holds
 * nothing worth keeping (nothing is created for it).
 */
export function hasUnsavedWork(saved: DraftFields | null, current: DraftFields): boolean {
  return draftChanges(saved, current) !== null;
}

export const UNSAVED_WARNING = 'This note has changes that could not be saved. Leave and lose them?';
export const SIGN_WARNING = 'Signed notes can never be changed; corrections are added as addenda.';
export const AUTOSAVE_DELAY_MS = 1500;

/**
 * Signing: the person confirms (signing cannot be undone), the draft's last changes are saved,
 * then the note is signed. Null when the person cancelled or the draft could not be saved.
 */
export async function signFlow<T>(steps: {
  confirm: () => Promise<boolean>;
  saveDraft: () => Promise<boolean>;
  sign: () => Promise<T>;
}): Promise<T | null> {
  if (!(await steps.confirm())) return null;
  if (!(await steps.saveDraft())) return null;
  return steps.sign();
}
