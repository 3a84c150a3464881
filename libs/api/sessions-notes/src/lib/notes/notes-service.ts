import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  Clock,
  decodeCursor,
  pageLimit,
  requiredVersion,
  toPage,
  UnitOfWork,
  type RequestContext,
} from '@kap/api/platform';
import { PatientAccess, type AuditTarget, type GrantedView } from '@kap/api/patients';
import type { Addendum, Note, Page } from '@kap/shared/contracts';
import { DomainError, Forbidden, NotFound, ValidationFailed, VersionConflict } from '@kap/shared/domain';
import { requireSessionOf } from '../sessions/session-of-patient';
import { SessionsRepository } from '../sessions/sessions-repository';
import { toAddendum, toNote, type AddendumRow, type NoteRow } from './note-mapper';
import type { CreateAddendumBody, CreateNoteBody, NotesQuery, UpdateNoteBody } from './note-requests';
import { NotesRepository } from './notes-repository';

class NoteSigned extends DomainError {
  constructor() {
    super(
      'note_signed',
      'This note is signed and can no longer change. Add an addendum to correct or complete it.',
    );
  }
}

/**
 * Preparation, integration and progress notes: a draft its author edits, then signed for good
 * (the database refuses any change too), corrected only by addenda. The medical team reads only
 * shareable notes (signed and shared); to it every other note does not exist.
 */
@Injectable()
export class NotesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly work: UnitOfWork,
    private readonly access: PatientAccess,
    private readonly clock: Clock,
    private readonly notes: NotesRepository,
    private readonly sessions: SessionsRepository,
  ) {}

  async create(ctx: RequestContext, patientId: string, body: CreateNoteBody): Promise<Note> {
    const target: AuditTarget = { action: 'note.create', entityType: 'note', entityId: null, patientId };
    const replay = this.access.onReplay(ctx, patientId, { need: 'practice' });
    return this.access.audited(ctx, target, () =>
      this.work.create(ctx, `POST /api/patients/${patientId}/notes`, body, replay, async (manager) => {
        await this.access.require(manager, ctx, patientId, { need: 'practice' });
        await requireSessionOf(this.sessions, manager, patientId, body.sessionId);
        const id = await this.notes.insert(
          manager,
          patientId,
          {
            kind: body.kind,
            sessionId: body.sessionId ?? null,
            body: body.body,
            shareWithMedicalTeam: body.shareWithMedicalTeam,
          },
          ctx.actor.id,
          this.clock.now(),
        );
        target.entityId = id;
        await this.access.recordSuccess(ctx, target, { kind: body.kind }, manager);
        return this.read(manager, id);
      }),
    );
  }

  /** Newest first by `createdAt`; the medical team gets shareable notes only. */
  async list(ctx: RequestContext, patientId: string, query: NotesQuery): Promise<Page<Note>> {
    const target: AuditTarget = { action: 'note.list', entityType: 'note', entityId: null, patientId };
    return this.access.audited(ctx, target, async () => {
      const view = await this.access.require(this.dataSource.manager, ctx, patientId);
      const limit = pageLimit(query);
      const after = decodeCursor(query.cursor, ['string', 'string']);
      const rows = await this.notes.listOfPatient(
        patientId,
        view === 'medical_team',
        query.kind ?? null,
        after,
        limit,
      );
      const addenda = await this.addendaOf(
        this.dataSource.manager,
        rows.slice(0, limit).map((r) => r.id),
      );
      await this.access.recordSuccess(ctx, target, { kind: query.kind ?? null });
      return toPage(
        rows,
        limit,
        (r) => [new Date(r.created_at).toISOString(), r.id],
        (r) => toNote(r, addenda),
      );
    });
  }

  async get(ctx: RequestContext, noteId: string): Promise<Note> {
    const located = await this.locate(noteId);
    const target: AuditTarget = {
      action: 'note.read',
      entityType: 'note',
      entityId: noteId,
      patientId: located,
    };
    return this.access.audited(ctx, target, async () => {
      if (!located) throw new NotFound();
      const view = await this.access.require(this.dataSource.manager, ctx, located);
      const note = await this.visible(this.dataSource.manager, noteId, view);
      await this.access.recordSuccess(ctx, target);
      return note;
    });
  }

  /** Drafts only, by their author, with If-Match. */
  async update(ctx: RequestContext, noteId: string, body: UpdateNoteBody): Promise<Note> {
    const version = requiredVersion(ctx);
    return this.authorWrite(ctx, noteId, 'note.update', async (manager, current, target) => {
      if (current.status === 'signed') throw new NoteSigned();
      if (current.version !== version) throw new VersionConflict(await this.read(manager, noteId));
      if (body.sessionId !== undefined)
        await requireSessionOf(this.sessions, manager, current.patient_id, body.sessionId);
      const updated = await this.notes.updateDraft(
        manager,
        noteId,
        version,
        {
          kind: body.kind ?? current.kind,
          sessionId: body.sessionId === undefined ? current.session_id : body.sessionId,
          body: body.body ?? current.body,
          shareWithMedicalTeam: body.shareWithMedicalTeam ?? current.share_with_medical_team,
        },
        this.clock.now(),
      );
      if (!updated) throw new VersionConflict(await this.read(manager, noteId));
      const changed = Object.keys(body).filter((key) => body[key as keyof UpdateNoteBody] !== undefined);
      await this.access.recordSuccess(ctx, target, { fields: changed }, manager);
      return this.read(manager, noteId);
    });
  }

  /** Signs a draft: from now on its text, kind, session and sharing are fixed. */
  async sign(ctx: RequestContext, noteId: string): Promise<Note> {
    return this.authorWrite(ctx, noteId, 'note.sign', async (manager, current, target) => {
      if (current.status === 'signed') throw new NoteSigned();
      if (!/\S/.test(current.body))
        throw new ValidationFailed([
          { field: 'body', problem: 'is empty: write the note before signing it' },
        ]);
      await this.notes.sign(manager, noteId, this.clock.now());
      await this.access.recordSuccess(ctx, target, { shared: current.share_with_medical_team }, manager);
      return this.read(manager, noteId);
    });
  }

  /** Appends an addendum to a signed note (a draft is simply edited). */
  async addAddendum(ctx: RequestContext, noteId: string, body: CreateAddendumBody): Promise<Addendum> {
    return this.authorWrite(
      ctx,
      noteId,
      'note.addendum',
      async (manager, current, target) => {
        if (current.status !== 'signed') {
          throw new DomainError(
            'conflict',
            'This note is still a draft: change it directly; addenda are for signed notes.',
          );
        }
        const id = await this.notes.insertAddendum(
          manager,
          noteId,
          body.body,
          body.reason.trim(),
          ctx.actor.id,
          this.clock.now(),
        );
        await this.access.recordSuccess(ctx, target, { addendumId: id }, manager);
        return toAddendum(await this.notes.readAddendum(manager, id));
      },
      body,
    );
  }

  /**
   * A change by the note's author: the note's row is locked until commit (so addenda are numbered
   * in turn and a sign cannot race an edit). Anyone else who may see the note gets 403; anyone who
   * may not, 404. With `createBody` the write honours Idempotency-Key.
   */
  private async authorWrite<T>(
    ctx: RequestContext,
    noteId: string,
    action: string,
    write: (manager: EntityManager, current: NoteRow, target: AuditTarget) => Promise<T>,
    createBody?: object,
  ): Promise<T> {
    const located = await this.locate(noteId);
    const target: AuditTarget = { action, entityType: 'note', entityId: noteId, patientId: located };
    const see = async (manager: EntityManager) => {
      if (!located) throw new NotFound();
      await this.visible(manager, noteId, await this.access.require(manager, ctx, located));
    };
    const work = async (manager: EntityManager) => {
      await see(manager);
      const current = await this.notes.lock(manager, noteId);
      if (current.author_id !== ctx.actor.id)
        throw new Forbidden('Only the author of a note may change, sign or add to it.');
      return write(manager, current, target);
    };
    return this.access.audited(ctx, target, () =>
      createBody
        ? this.work.create(ctx, `POST /api/notes/${noteId}/addenda`, createBody, see, work)
        : this.work.run(work),
    );
  }

  /** The note as this view may see it: the medical team only sees shareable notes. */
  private async visible(manager: EntityManager, noteId: string, view: GrantedView): Promise<Note> {
    const row = await this.notes.findVisible(manager, noteId, view === 'medical_team');
    if (!row) throw new NotFound();
    return toNote(row, await this.addendaOf(manager, [noteId]));
  }

  private locate(noteId: string): Promise<string | null> {
    return this.notes.patientOf(noteId);
  }

  private async read(manager: EntityManager, id: string): Promise<Note> {
    const row = await this.notes.read(manager, id);
    return toNote(row, await this.addendaOf(manager, [id]));
  }

  private async addendaOf(manager: EntityManager, noteIds: string[]): Promise<AddendumRow[]> {
    if (noteIds.length === 0) return [];
    return this.notes.addendaOf(manager, noteIds);
  }
}
