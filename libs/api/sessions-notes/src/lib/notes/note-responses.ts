import { PersonRefResponse } from '@kap/api/platform';
import type { Addendum, Note, NoteKind, NoteStatus, Page } from '@kap/shared/contracts';

// The OpenAPI shapes of the answers (docs/api.md "Notes"); `implements` keeps them in step with
// the contract the web reads.

export class AddendumResponse implements Addendum {
  id!: string;
  noteId!: string;
  body!: string;
  reason!: string;
  author!: PersonRefResponse;
  createdAt!: string;
}

export class NoteResponse implements Note {
  id!: string;
  patientId!: string;
  kind!: NoteKind;
  sessionId!: string | null;
  body!: string;
  shareWithMedicalTeam!: boolean;
  status!: NoteStatus;
  signedAt!: string | null;
  author!: PersonRefResponse;
  /** Oldest first. */
  addenda!: AddendumResponse[];
  version!: number;
  createdAt!: string;
  updatedAt!: string;
}

export class NotePage implements Page<Note> {
  items!: NoteResponse[];
  nextCursor!: string | null;
}
