import type { Addendum, Note, NoteKind, NoteStatus } from '@kap/shared/contracts';

export interface NoteRow {
  id: string;
  patient_id: string;
  kind: NoteKind;
  session_id: string | null;
  body: string;
  share_with_medical_team: boolean;
  status: NoteStatus;
  signed_at: Date | null;
  author_id: string;
  author_name: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface AddendumRow {
  id: string;
  note_id: string;
  body: string;
  reason: string;
  author_id: string;
  author_name: string;
  created_at: Date;
}

export const NOTE_SELECT = `
  SELECT n.id, n.patient_id, n.kind, n.session_id, n.body, n.share_with_medical_team, n.status, n.signed_at,
         n.author_id, u.display_name AS author_name, n.version, n.created_at, n.updated_at
    FROM note n JOIN app_user u ON u.id = n.author_id`;

export const ADDENDUM_SELECT = `
  SELECT a.id, a.note_id, a.body, a.reason, a.author_id, u.display_name AS author_name, a.created_at
    FROM note_addendum a JOIN app_user u ON u.id = a.author_id`;

/** A note is shareable when it is signed and its author chose to share it (docs/api.md "Notes"). */
export const SHAREABLE_SQL = `n.status = 'signed' AND n.share_with_medical_team`;

export function toAddendum(row: AddendumRow): Addendum {
  return {
    id: row.id,
    noteId: row.note_id,
    body: row.body,
    reason: row.reason,
    author: { id: row.author_id, displayName: row.author_name },
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export function toNote(row: NoteRow, addenda: AddendumRow[]): Note {
  return {
    id: row.id,
    patientId: row.patient_id,
    kind: row.kind,
    sessionId: row.session_id,
    body: row.body,
    shareWithMedicalTeam: row.share_with_medical_team,
    status: row.status,
    signedAt: row.signed_at ? new Date(row.signed_at).toISOString() : null,
    author: { id: row.author_id, displayName: row.author_name },
    addenda: addenda.filter((a) => a.note_id === row.id).map(toAddendum),
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
