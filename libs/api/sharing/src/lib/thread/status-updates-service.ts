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
} from '@kap/api/core';
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
import { resolveSharedItems, type IncludedIds } from './shared-items';

export class ReleaseOfInformationRequired extends DomainError {
  constructor() {
    super(
      'release_of_information_required',
      "Nothing can be shared with the medical team without a signed release of information that is valid today. Record the patient's release on the care team first.",
    );
  }
}

interface StatusUpdateRow {
  id: string;
  patient_id: string;
  medical_team_id: string;
  from_side: CareTeamSide;
  kind: StatusUpdateKind;
  urgency: StatusUpdateUrgency;
  body: string;
  session_ids: string[];
  outcome_ids: string[];
  note_ids: string[];
  author_id: string;
  author_name: string;
  created_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
}

const SELECT = `
  SELECT su.id, su.patient_id, su.medical_team_id, su.from_side, su.kind, su.urgency, su.body, su.session_ids, su.outcome_ids,
         su.note_ids, su.author_id, au.display_name AS author_name, su.created_at, su.acknowledged_at, su.acknowledged_by,
         ku.display_name AS acknowledged_by_name
    FROM status_update su
    JOIN app_user au ON au.id = su.author_id
    LEFT JOIN app_user ku ON ku.id = su.acknowledged_by`;

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
    const [link] = await manager.query(
      `SELECT medical_team_id, to_char(release_signed_on, 'YYYY-MM-DD') AS signed_on, to_char(release_expires_on, 'YYYY-MM-DD') AS expires_on
         FROM care_team_link WHERE patient_id = $1 AND replaced_at IS NULL`,
      [patientId],
    );
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
    const [{ id }] = await manager.query(
      `INSERT INTO status_update (patient_id, medical_team_id, from_side, kind, urgency, body, session_ids, outcome_ids, note_ids,
         author_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        patientId,
        link.medical_team_id,
        view,
        update.kind,
        update.urgency,
        update.body,
        include.sessionIds,
        include.outcomeIds,
        include.noteIds,
        ctx.actor.id,
        this.clock.now(),
      ],
    );
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
      const rows: StatusUpdateRow[] = await manager.query(
        `${SELECT}
          WHERE su.patient_id = $1 AND ($2::uuid IS NULL OR su.medical_team_id = $2)
            AND ($3::timestamptz IS NULL OR (su.created_at, su.id) > ($3::timestamptz, $4::uuid))
          ORDER BY su.created_at, su.id
          LIMIT $5`,
        [patientId, this.teamOf(ctx), after?.[0] ?? null, after?.[1] ?? null, limit + 1],
      );
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
    const [located] = await this.dataSource.query(`SELECT patient_id FROM status_update WHERE id = $1`, [id]);
    const patientId: string | null = located?.patient_id ?? null;
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
        const [row]: StatusUpdateRow[] = await manager.query(
          `SELECT * FROM status_update WHERE id = $1 FOR UPDATE`,
          [id],
        );
        const team = this.teamOf(ctx);
        if (team !== null && row.medical_team_id !== team) throw new NotFound();
        if (row.from_side === view)
          throw new Forbidden(
            "An update is acknowledged by the other side of the care team, not by its author's.",
          );
        if (row.acknowledged_at !== null)
          throw new DomainError('conflict', 'This update has already been acknowledged.');
        await manager.query(
          `UPDATE status_update SET acknowledged_at = $2, acknowledged_by = $3 WHERE id = $1`,
          [id, this.clock.now(), ctx.actor.id],
        );
        await this.access.recordSuccess(ctx, target, {}, manager);
        return this.read(manager, id);
      }),
    );
  }

  /** Updates from the other side that nobody on the caller's side has acknowledged, per patient. */
  async unread(ctx: RequestContext): Promise<UnreadCounts> {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const visible = this.access.visibleSql(ctx, this.access.today(), param);
    const side: CareTeamSide = ctx.actor.organizationKind;
    const rows: { patient_id: string; count: number }[] = await this.dataSource.query(
      `SELECT su.patient_id, count(*)::int AS count
         FROM status_update su
         JOIN patient p ON p.id = su.patient_id AND p.archived_at IS NULL
         LEFT JOIN care_team_link link ON link.patient_id = p.id AND link.replaced_at IS NULL
        WHERE ${visible} AND su.acknowledged_at IS NULL AND su.from_side <> ${param(side)}
          ${side === 'medical_team' ? 'AND su.medical_team_id = link.medical_team_id' : ''}
        GROUP BY su.patient_id
        ORDER BY su.patient_id`,
      params,
    );
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
    const [row]: StatusUpdateRow[] = await manager.query(`${SELECT} WHERE su.id = $1`, [id]);
    return (await this.toUpdates(manager, row.patient_id, [row])).get(id)!;
  }

  /** Included ids must be the patient's; notes must be shareable. Names the first bad one. */
  private async checkIncluded(
    manager: EntityManager,
    patientId: string,
    include: IncludedIds,
  ): Promise<void> {
    const problems: FieldProblem[] = [];
    const check = async (ids: string[], field: string, sql: string, problem: string) => {
      if (ids.length === 0) return;
      const found = new Set<string>(
        ((await manager.query(sql, [ids, patientId])) as { id: string }[]).map((r) => r.id),
      );
      ids.forEach((id, i) => {
        if (!found.has(id)) problems.push({ field: `include.${field}[${i}]`, problem });
      });
    };
    await check(
      include.sessionIds,
      'sessionIds',
      `SELECT id FROM therapy_session WHERE id = ANY($1::uuid[]) AND patient_id = $2 AND archived_at IS NULL`,
      "must be one of this patient's sessions",
    );
    await check(
      include.outcomeIds,
      'outcomeIds',
      `SELECT id FROM outcome WHERE id = ANY($1::uuid[]) AND patient_id = $2 AND voided_at IS NULL`,
      "must be one of this patient's scores (not voided)",
    );
    if (include.noteIds.length > 0) {
      const notes: { id: string; shareable: boolean }[] = await manager.query(
        `SELECT id, status = 'signed' AND share_with_medical_team AS shareable FROM note
          WHERE id = ANY($1::uuid[]) AND patient_id = $2 AND archived_at IS NULL`,
        [include.noteIds, patientId],
      );
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
    const items = await resolveSharedItems(manager, patientId, {
      sessionIds: rows.flatMap((r) => r.session_ids),
      outcomeIds: rows.flatMap((r) => r.outcome_ids),
      noteIds: rows.flatMap((r) => r.note_ids),
    });
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
