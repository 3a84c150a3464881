import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  Clock,
  decodeCursor,
  pageLimit,
  toPage,
  UnitOfWork,
  type PageQuery,
  type RequestContext,
} from '@kap/api/platform';
import { PatientAccess, type AuditTarget, type GrantedView } from '@kap/api/patients';
import { OutboxWriter } from '@kap/api/webhooks';
import type {
  CareTeamSide,
  Page,
  StatusUpdate,
  StatusUpdateKind,
  StatusUpdateUrgency,
  UnreadCounts,
} from '@kap/shared/contracts';
import {
  DomainError,
  Forbidden,
  NotFound,
  releaseAllowsSharing,
  ValidationFailed,
  type FieldProblem,
} from '@kap/shared/domain';
import { DisclosuresService } from '../disclosures/disclosures-service';
import type { CreateStatusUpdateBody } from './status-update-requests';
import { toSharedItems, type IncludedIds } from './shared-items';
import { StatusUpdatesRepository, type StatusUpdateRow } from './status-updates-repository';

export class ReleaseOfInformationRequired extends DomainError {
  constructor() {
    super(
      'release_of_information_required',
      "Nothing can be shared with the medical team without a signed release of information that is valid today. Record the patient's release on the care team first.",
    );
  }
}

/** What a new update says, whoever composed it (a person, or the follow-up packet). */
export interface NewStatusUpdate {
  kind: StatusUpdateKind;
  urgency: StatusUpdateUrgency;
  body: string;
  include: IncludedIds;
  /** What the disclosure row says left the practice, besides the message itself. */
  extraCategories?: string[];
}

/**
 * The care-team thread: updates in both directions, acknowledged by the other side. An update
 * from the practice leaves it only under a release of information valid today, and every one
 * that leaves is a disclosure, written in the same transaction.
 */
@Injectable()
export class StatusUpdatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly work: UnitOfWork,
    private readonly access: PatientAccess,
    private readonly disclosures: DisclosuresService,
    private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
    private readonly updates: StatusUpdatesRepository,
  ) {}

  async create(ctx: RequestContext, patientId: string, body: CreateStatusUpdateBody): Promise<StatusUpdate> {
    const target: AuditTarget = {
      action: 'status_update.create',
      entityType: 'status_update',
      entityId: null,
      patientId,
    };
    const include: IncludedIds = {
      sessionIds: body.include?.sessionIds ?? [],
      outcomeIds: body.include?.outcomeIds ?? [],
      noteIds: body.include?.noteIds ?? [],
    };
    const replay = this.access.onReplay(ctx, patientId);
    return this.access.audited(ctx, target, () =>
      this.work.create(
        ctx,
        `POST /api/patients/${patientId}/status-updates`,
        body,
        replay,
        async (manager) => {
          const view = await this.access.require(manager, ctx, patientId, { lock: true });
          const id = await this.post(manager, ctx, patientId, view, {
            kind: body.kind,
            urgency: body.urgency,
            body: body.body,
            include,
          });
          target.entityId = id;
          await this.access.recordSuccess(ctx, target, { kind: body.kind, from: view }, manager);
          return this.read(manager, id);
        },
      ),
    );
  }

  /**
   * Writes an update from the caller's side, inside the caller's transaction (patient locked).
   * From the practice: needs a release valid today (409 otherwise) and writes the disclosure.
   */
  async post(
    manager: EntityManager,
    ctx: RequestContext,
    patientId: string,
    view: GrantedView,
    update: NewStatusUpdate,
  ): Promise<string> {
    const link = await this.updates.currentLink(manager, patientId);
    if (
      !link ||
      !releaseAllowsSharing({ signedOn: link.signed_on, expiresOn: link.expires_on }, this.access.today())
    ) {
      // The medical team's view already implies a valid release; this guards the practice side.
      throw new ReleaseOfInformationRequired();
    }
    const include = {
      sessionIds: [...new Set(update.include.sessionIds)],
      outcomeIds: [...new Set(update.include.outcomeIds)],
      noteIds: [...new Set(update.include.noteIds)],
    };
    await this.checkIncluded(manager, patientId, include);
    const id = await this.updates.insert(manager, {
      patientId,
      medicalTeamId: link.medical_team_id,
      fromSide: view,
      kind: update.kind,
      urgency: update.urgency,
      body: update.body,
      include,
      authorId: ctx.actor.id,
      createdAt: this.clock.now(),
    });
    if (view === 'practice') {
      const categories = ['message'];
      if (include.sessionIds.length > 0) categories.push('session_records');
      if (include.outcomeIds.length > 0) categories.push('outcome_scores');
      if (include.noteIds.length > 0) categories.push('shared_notes');
      await this.disclosures.record(manager, ctx, {
        patientId,
        recipientOrganizationId: link.medical_team_id,
        source: 'status_update',
        statusUpdateId: id,
        categories: [...categories, ...(update.extraCategories ?? [])],
        ...include,
        purpose: `care coordination: ${update.kind}`,
      });
    }
    // The team's systems hear of the update in the same transaction. The body goes with it: it is
    // the message to the team. Included records travel as ids only (all shareable, checked above).
    await this.outbox.enqueue(manager, {
      type: 'status_update.created',
      patientId,
      data: {
        statusUpdateId: id,
        fromSide: view,
        kind: update.kind,
        urgency: update.urgency,
        body: update.body,
        include,
      },
    });
    return id;
  }

  /** The thread, oldest first. The medical team sees the updates exchanged with its own team. */
  async list(ctx: RequestContext, patientId: string, query: PageQuery): Promise<Page<StatusUpdate>> {
    const target: AuditTarget = {
      action: 'status_update.list',
      entityType: 'status_update',
      entityId: null,
      patientId,
    };
    return this.access.audited(ctx, target, async () => {
      const manager = this.dataSource.manager;
      await this.access.require(manager, ctx, patientId);
      const limit = pageLimit(query);
      const after = decodeCursor(query.cursor, ['string', 'string']);
      const rows = await this.updates.listOfPatient(manager, patientId, this.teamOf(ctx), after, limit);
      const page = rows.slice(0, limit);
      const updates = await this.toUpdates(manager, patientId, page);
      await this.access.recordSuccess(ctx, target);
      return toPage(
        rows,
        limit,
        (r) => [new Date(r.created_at).toISOString(), r.id],
        (r) => updates.get(r.id)!,
      );
    });
  }

  /** By the other side only: the author's side gets 403; a second acknowledgement 409. */
  async acknowledge(ctx: RequestContext, id: string): Promise<StatusUpdate> {
    const patientId = await this.updates.patientOf(id);
    const target: AuditTarget = {
      action: 'status_update.acknowledge',
      entityType: 'status_update',
      entityId: id,
      patientId,
    };
    return this.access.audited(ctx, target, () =>
      this.work.run(async (manager) => {
        if (!patientId) throw new NotFound();
        const view = await this.access.require(manager, ctx, patientId);
        const row = await this.updates.lock(manager, id);
        const team = this.teamOf(ctx);
        if (team !== null && row.medical_team_id !== team) throw new NotFound();
        if (row.from_side === view)
          throw new Forbidden(
            "An update is acknowledged by the other side of the care team, not by its author's.",
          );
        if (row.acknowledged_at !== null)
          throw new DomainError('conflict', 'This update has already been acknowledged.');
        await this.updates.acknowledge(manager, id, this.clock.now(), ctx.actor.id);
        await this.access.recordSuccess(ctx, target, {}, manager);
        return this.read(manager, id);
      }),
    );
  }

  /** Updates from the other side that nobody on the caller's side has acknowledged, per patient. */
  async unread(ctx: RequestContext): Promise<UnreadCounts> {
    const side: CareTeamSide = ctx.actor.organizationKind;
    const today = this.access.today();
    const rows = await this.updates.unreadCounts((param) => this.access.visibleSql(ctx, today, param), side);
    // The counts tell which patients have news (R10): one event naming them all, as the patient list does.
    await this.access.recordSuccess(
      ctx,
      { action: 'status_update.unread', entityType: 'status_update', entityId: null, patientId: null },
      { patientIds: rows.map((row) => row.patient_id) },
    );
    return {
      total: rows.reduce((sum, r) => sum + r.count, 0),
      byPatient: rows.map((r) => ({ patientId: r.patient_id, count: r.count })),
    };
  }

  async read(manager: EntityManager, id: string): Promise<StatusUpdate> {
    const row = await this.updates.read(manager, id);
    return (await this.toUpdates(manager, row.patient_id, [row])).get(id)!;
  }

  /** Included ids must be the patient's; notes must be shareable. Names the first bad one. */
  private async checkIncluded(
    manager: EntityManager,
    patientId: string,
    include: IncludedIds,
  ): Promise<void> {
    const problems: FieldProblem[] = [];
    const check = async (
      ids: string[],
      field: string,
      found: (ids: string[]) => Promise<{ id: string }[]>,
      problem: string,
    ) => {
      if (ids.length === 0) return;
      const foundIds = new Set((await found(ids)).map((r) => r.id));
      ids.forEach((id, i) => {
        if (!foundIds.has(id)) problems.push({ field: `include.${field}[${i}]`, problem });
      });
    };
    await check(
      include.sessionIds,
      'sessionIds',
      (ids) => this.updates.sessionsOfPatient(manager, ids, patientId),
      "must be one of this patient's sessions",
    );
    await check(
      include.outcomeIds,
      'outcomeIds',
      (ids) => this.updates.outcomesOfPatient(manager, ids, patientId),
      "must be one of this patient's scores (not voided)",
    );
    if (include.noteIds.length > 0) {
      const notes = await this.updates.notesOfPatient(manager, include.noteIds, patientId);
      const byId = new Map(notes.map((n) => [n.id, n.shareable]));
      include.noteIds.forEach((id, i) => {
        const shareable = byId.get(id);
        if (shareable === undefined)
          problems.push({ field: `include.noteIds[${i}]`, problem: "must be one of this patient's notes" });
        else if (!shareable) {
          problems.push({
            field: `include.noteIds[${i}]`,
            problem:
              'is not shareable: only a signed note marked to share with the medical team may be attached',
          });
        }
      });
    }
    if (problems.length > 0) throw new ValidationFailed(problems);
  }

  private teamOf(ctx: RequestContext): string | null {
    return ctx.actor.organizationKind === 'medical_team' ? ctx.actor.organizationId : null;
  }

  private async toUpdates(
    manager: EntityManager,
    patientId: string,
    rows: StatusUpdateRow[],
  ): Promise<Map<string, StatusUpdate>> {
    const items = toSharedItems(
      await this.updates.sharedItems(manager, patientId, {
        sessionIds: rows.flatMap((r) => r.session_ids),
        outcomeIds: rows.flatMap((r) => r.outcome_ids),
        noteIds: rows.flatMap((r) => r.note_ids),
      }),
    );
    const pick = <T>(ids: string[], map: Map<string, T>) =>
      ids.flatMap((id) => (map.has(id) ? [map.get(id)!] : []));
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          patientId: r.patient_id,
          medicalTeamId: r.medical_team_id,
          from: r.from_side,
          kind: r.kind,
          urgency: r.urgency,
          body: r.body,
          author: { id: r.author_id, displayName: r.author_name },
          createdAt: new Date(r.created_at).toISOString(),
          acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at).toISOString() : null,
          acknowledgedBy: r.acknowledged_by
            ? { id: r.acknowledged_by, displayName: r.acknowledged_by_name ?? '' }
            : null,
          include: { sessionIds: r.session_ids, outcomeIds: r.outcome_ids, noteIds: r.note_ids },
          included: {
            sessions: pick(r.session_ids, items.sessions),
            outcomes: pick(r.outcome_ids, items.outcomes),
            notes: pick(r.note_ids, items.notes),
          },
        },
      ]),
    );
  }
}
