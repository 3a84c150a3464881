import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '@kap/api/platform';

export interface PsychotherapyNoteRow {
  id: string;
  patient_id: string;
  author_id: string;
  session_id: string | null;
  body: string;
  created_at: Date;
}

const SELECT = `SELECT id, patient_id, author_id, session_id, body, created_at FROM psychotherapy_note`;

/**
 * The psychotherapy notes' SQL: their own table, and every read names the author, so no other
 * reader can reach them.
 */
@Injectable()
export class PsychotherapyNotesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    db: Queryable,
    patientId: string,
    authorId: string,
    sessionId: string | null,
    body: string,
    now: Date,
  ): Promise<PsychotherapyNoteRow> {
    const [row] = await db.query<PsychotherapyNoteRow[]>(
      `INSERT INTO psychotherapy_note (patient_id, author_id, session_id, body, created_at)
           VALUES ($1, $2, $3, $4, $5) RETURNING id, patient_id, author_id, session_id, body, created_at`,
      [patientId, authorId, sessionId, body, now],
    );
    return row;
  }

  /** A page of the author's notes about the patient, newest first, after the cursor: one row more than `limit`. */
  listOwn(
    authorId: string,
    patientId: string,
    after: (string | number)[] | null,
    limit: number,
  ): Promise<PsychotherapyNoteRow[]> {
    return this.dataSource.query<PsychotherapyNoteRow[]>(
      `${SELECT}
          WHERE author_id = $1 AND patient_id = $2
            AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
          ORDER BY created_at DESC, id DESC
          LIMIT $5`,
      [authorId, patientId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
  }

  /** The note, when `authorId` wrote it. */
  async findOwn(noteId: string, authorId: string): Promise<PsychotherapyNoteRow | undefined> {
    const [row] = await this.dataSource.query<PsychotherapyNoteRow[]>(
      `${SELECT} WHERE id = $1 AND author_id = $2`,
      [noteId, authorId],
    );
    return row;
  }
}
