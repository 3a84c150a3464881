import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning, type Queryable } from '@kap/api/platform';
import type { NoteKind } from '@kap/shared/contracts';
import { ADDENDUM_SELECT, NOTE_SELECT, SHAREABLE_SQL, type AddendumRow, type NoteRow } from './note-mapper';

export interface NoteFields {
  kind: NoteKind;
  sessionId: string | null;
  body: string;
  shareWithMedicalTeam: boolean;
}

/**
 * The notes' SQL. `shareableOnly` narrows a read to shareable notes (signed and shared), as the
 * medical team reads them. Reads outside a transaction go through the DataSource; the rest run in
 * the caller's transaction.
 */
@Injectable()
export class NotesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    db: Queryable,
    patientId: string,
    fields: NoteFields,
    authorId: string,
    now: Date,
  ): Promise<string> {
    const [{ id }] = await db.query<{ id: string }[]>(
      `INSERT INTO note (patient_id, kind, session_id, body, share_with_medical_team, author_id, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
      [patientId, fields.kind, fields.sessionId, fields.body, fields.shareWithMedicalTeam, authorId, now],
    );
    return id;
  }

  /**
   * A page of the patient's notes (of `kind` when given), newest first by `created_at`, after the
   * cursor: one row more than `limit`.
   */
  listOfPatient(
    patientId: string,
    shareableOnly: boolean,
    kind: NoteKind | null,
    after: (string | number)[] | null,
    limit: number,
  ): Promise<NoteRow[]> {
    return this.dataSource.query<NoteRow[]>(
      `${NOTE_SELECT}
          WHERE n.patient_id = $1 AND n.archived_at IS NULL ${shareableOnly ? `AND ${SHAREABLE_SQL}` : ''}
            AND ($2::text IS NULL OR n.kind = $2)
            AND ($3::timestamptz IS NULL OR (n.created_at, n.id) < ($3::timestamptz, $4::uuid))
          ORDER BY n.created_at DESC, n.id DESC
          LIMIT $5`,
      [patientId, kind, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
  }

  /** The note if it is not archived (and shareable, with `shareableOnly`). */
  async findVisible(db: Queryable, noteId: string, shareableOnly: boolean): Promise<NoteRow | undefined> {
    const [row] = await db.query<NoteRow[]>(
      `${NOTE_SELECT} WHERE n.id = $1 AND n.archived_at IS NULL ${shareableOnly ? `AND ${SHAREABLE_SQL}` : ''}`,
      [noteId],
    );
    return row;
  }

  /** The patient a note (not archived) is about, or null. */
  async patientOf(noteId: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ patient_id: string }[]>(
      `SELECT patient_id FROM note WHERE id = $1 AND archived_at IS NULL`,
      [noteId],
    );
    return row?.patient_id ?? null;
  }

  async read(db: Queryable, id: string): Promise<NoteRow> {
    const [row] = await db.query<NoteRow[]>(`${NOTE_SELECT} WHERE n.id = $1`, [id]);
    return row;
  }

  /** The note, its row locked until commit. */
  async lock(db: Queryable, id: string): Promise<NoteRow> {
    const [row] = await db.query<NoteRow[]>(`${NOTE_SELECT} WHERE n.id = $1 FOR UPDATE OF n`, [id]);
    return row;
  }

  /** Changes a draft still at `version`; answers whether it did. */
  async updateDraft(
    manager: EntityManager,
    id: string,
    version: number,
    fields: NoteFields,
    now: Date,
  ): Promise<boolean> {
    const updated = await updateReturning<{ id: string }>(
      manager,
      `UPDATE note SET kind = $3, session_id = $4, body = $5, share_with_medical_team = $6, version = version + 1, updated_at = $7
          WHERE id = $1 AND version = $2 AND status = 'draft'
          RETURNING id`,
      [id, version, fields.kind, fields.sessionId, fields.body, fields.shareWithMedicalTeam, now],
    );
    return updated.length > 0;
  }

  async sign(manager: EntityManager, id: string, at: Date): Promise<void> {
    await updateReturning(
      manager,
      `UPDATE note SET status = 'signed', signed_at = $2, version = version + 1, updated_at = $2 WHERE id = $1 RETURNING id`,
      [id, at],
    );
  }

  /** Appends an addendum, numbered after the note's last one; answers its id. */
  async insertAddendum(
    db: Queryable,
    noteId: string,
    body: string,
    reason: string,
    authorId: string,
    now: Date,
  ): Promise<string> {
    const [{ id }] = await db.query<{ id: string }[]>(
      `INSERT INTO note_addendum (note_id, position, body, reason, author_id, created_at)
           SELECT $1, COALESCE(max(position), 0) + 1, $2, $3, $4, $5 FROM note_addendum WHERE note_id = $1
           RETURNING id`,
      [noteId, body, reason, authorId, now],
    );
    return id;
  }

  async readAddendum(db: Queryable, id: string): Promise<AddendumRow> {
    const [row] = await db.query<AddendumRow[]>(`${ADDENDUM_SELECT} WHERE a.id = $1`, [id]);
    return row;
  }

  /** The addenda of these notes, each note's in order. */
  addendaOf(db: Queryable, noteIds: string[]): Promise<AddendumRow[]> {
    return db.query<AddendumRow[]>(
      `${ADDENDUM_SELECT} WHERE a.note_id = ANY($1::uuid[]) ORDER BY a.note_id, a.position`,
      [noteIds],
    );
  }
}
