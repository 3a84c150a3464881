import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Clock,
  decodeCursor,
  pageLimit,
  toPage,
  UnitOfWork,
  type PageQuery,
  type RequestContext,
} from '@kap/api/platform';
import { PatientAccess, type AuditTarget } from '@kap/api/patients';
import type { Page, PsychotherapyNote } from '@kap/shared/contracts';
import { NotFound } from '@kap/shared/domain';
import { requireSessionOf } from '../sessions/session-of-patient';
import { SessionsRepository } from '../sessions/sessions-repository';
import { PsychotherapyNotesRepository, type PsychotherapyNoteRow } from './psychotherapy-notes-repository';

function toPsychotherapyNote(row: PsychotherapyNoteRow): PsychotherapyNote {
  return {
    id: row.id,
    patientId: row.patient_id,
    sessionId: row.session_id,
    body: row.body,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * Psychotherapy (process) notes, kept apart from the record: their own table, read by their author
 * alone. Every query here names the author, so no other reader, list, share, export or packet can
 * reach them; to anyone else a psychotherapy note does not exist (404).
 */
@Injectable()
export class PsychotherapyNotesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly work: UnitOfWork,
    private readonly access: PatientAccess,
    private readonly clock: Clock,
    private readonly notes: PsychotherapyNotesRepository,
    private readonly sessions: SessionsRepository,
  ) {}

  async create(
    ctx: RequestContext,
    patientId: string,
    body: { body: string; sessionId?: string | null },
  ): Promise<PsychotherapyNote> {
    const target: AuditTarget = {
      action: 'psychotherapy_note.create',
      entityType: 'psychotherapy_note',
      entityId: null,
      patientId,
    };
    const replay = this.access.onReplay(ctx, patientId, { need: 'practice' });
    return this.access.audited(ctx, target, () =>
      this.work.create(
        ctx,
        `POST /api/patients/${patientId}/psychotherapy-notes`,
        body,
        replay,
        async (manager) => {
          await this.access.require(manager, ctx, patientId, { need: 'practice' });
          await requireSessionOf(this.sessions, manager, patientId, body.sessionId);
          const row = await this.notes.insert(
            manager,
            patientId,
            ctx.actor.id,
            body.sessionId ?? null,
            body.body,
            this.clock.now(),
          );
          target.entityId = row.id;
          await this.access.recordSuccess(ctx, target, {}, manager);
          return toPsychotherapyNote(row);
        },
      ),
    );
  }

  /** The caller's own psychotherapy notes about a patient, newest first. */
  async listOwn(ctx: RequestContext, patientId: string, query: PageQuery): Promise<Page<PsychotherapyNote>> {
    const target: AuditTarget = {
      action: 'psychotherapy_note.list',
      entityType: 'psychotherapy_note',
      entityId: null,
      patientId,
    };
    return this.access.audited(ctx, target, async () => {
      // Only a therapist can be an author; to anyone else the list does not exist.
      if (ctx.actor.role !== 'therapist') throw new NotFound();
      await this.access.require(this.dataSource.manager, ctx, patientId, { need: 'practice' });
      const limit = pageLimit(query);
      const after = decodeCursor(query.cursor, ['string', 'string']);
      const rows = await this.notes.listOwn(ctx.actor.id, patientId, after, limit);
      await this.access.recordSuccess(ctx, target);
      return toPage(rows, limit, (r) => [new Date(r.created_at).toISOString(), r.id], toPsychotherapyNote);
    });
  }

  async get(ctx: RequestContext, noteId: string): Promise<PsychotherapyNote> {
    // Looked up by id AND author: another caller learns nothing, not even which patient it is about.
    const row = await this.notes.findOwn(noteId, ctx.actor.id);
    const target: AuditTarget = {
      action: 'psychotherapy_note.read',
      entityType: 'psychotherapy_note',
      entityId: noteId,
      patientId: row?.patient_id ?? null,
    };
    return this.access.audited(ctx, target, async () => {
      if (!row) throw new NotFound();
      // The author must still see the patient (not archived, still on their caseload).
      await this.access.require(this.dataSource.manager, ctx, row.patient_id, { need: 'practice' });
      await this.access.recordSuccess(ctx, target);
      return toPsychotherapyNote(row);
    });
  }
}
