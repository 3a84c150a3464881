/** Notes and psychotherapy notes. Contract: docs/api.md "Notes". */
import type { PersonRef } from './outcomes';

export const NOTE_KINDS = ['preparation', 'integration', 'progress'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];
export type NoteStatus = 'draft' | 'signed';

export interface CreateNoteRequest {
  kind: NoteKind;
  sessionId?: string | null;
  body: string;
  shareWithMedicalTeam: boolean;
}

/** Drafts only; `If-Match` required. */
export type UpdateNoteRequest = Partial<CreateNoteRequest>;

export interface CreateAddendumRequest {
  body: string;
  reason: string;
}

export interface Addendum {
  id: string;
  noteId: string;
  body: string;
  reason: string;
  author: PersonRef;
  createdAt: string;
}

export interface Note {
  id: string;
  patientId: string;
  kind: NoteKind;
  sessionId: string | null;
  body: string;
  shareWithMedicalTeam: boolean;
  status: NoteStatus;
  signedAt: string | null;
  author: PersonRef;
  /** Oldest first. */
  addenda: Addendum[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CreatePsychotherapyNoteRequest {
  body: string;
  sessionId?: string | null;
}

/** Visible to its author alone; never listed, shared, exported or searched for anyone else. */
export interface PsychotherapyNote {
  id: string;
  patientId: string;
  sessionId: string | null;
  body: string;
  createdAt: string;
}
