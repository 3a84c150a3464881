import type { Page, PsychotherapyNote } from '@kap/shared/contracts';

/** Visible to its author alone (docs/api.md "Notes"). */
export class PsychotherapyNoteResponse implements PsychotherapyNote {
  id!: string;
  patientId!: string;
  sessionId!: string | null;
  body!: string;
  createdAt!: string;
}

export class PsychotherapyNotePage implements Page<PsychotherapyNote> {
  items!: PsychotherapyNoteResponse[];
  nextCursor!: string | null;
}
