import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, decodeCursor, pageLimit, toPage, type PageQuery, type RequestContext } from '@kap/api/core';
import { PatientAccess, type AuditTarget } from '@kap/api/patients';
import type { Disclosure, DisclosureSource, Page } from '@kap/shared/contracts';

export interface DisclosureEntry {
  patientId: string;
  recipientOrganizationId: string;
  source: DisclosureSource;
  statusUpdateId: string | null;
  categories: string[];
  sessionIds: string[];
  outcomeIds: string[];
  noteIds: string[];
  purpose: string;
}

interface DisclosureRow {
  id: string;
  patient_id: string;
  disclosed_at: Date;
  disclosed_by: string;
  disclosed_by_name: string;
  recipient_organization_id: string;
  recipient_name: string;
  source: DisclosureSource;
  status_update_id: string | null;
  categories: string[];
  session_ids: string[];
  outcome_ids: string[];
  note_ids: string[];
  purpose: string;
}

/**
 * The accounting of disclosures (R12): everything that left the practice for a medical team,
 * written in the transaction that let it leave, never changed afterwards.
 */
@Injectable()
export class DisclosuresService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PatientAccess,
    private readonly clock: Clock,
  ) {}

  /** Call with the transaction's manager: the disclosure commits with what was disclosed. */
  async record(manager: EntityManager, ctx: RequestContext, entry: DisclosureEntry): Promise<string> {
    const [{ id }] = await manager.query(
      `INSERT INTO disclosure (patient_id, disclosed_at, disclosed_by, recipient_organization_id, recipient_name, source,
         status_update_id, categories, session_ids, outcome_ids, note_ids, purpose)
       SELECT $1, $2, $3, o.id, o.name, $5, $6, $7, $8, $9, $10, $11 FROM organization o WHERE o.id = $4
       RETURNING id`,
      [
        entry.patientId,
        this.clock.now(),
        ctx.actor.id,
        entry.recipientOrganizationId,
        entry.source,
        entry.statusUpdateId,
        entry.categories,
        entry.sessionIds,
        entry.outcomeIds,
        entry.noteIds,
        entry.purpose,
      ],
    );
    return id;
  }

  /** Newest first. The practice's own record: the medical team never reads it. */
  async list(ctx: RequestContext, patientId: string, query: PageQuery): Promise<Page<Disclosure>> {
    const target: AuditTarget = {
      action: 'disclosure.list',
      entityType: 'disclosure',
      entityId: null,
      patientId,
    };
    return this.access.audited(ctx, target, async () => {
      await this.access.require(this.dataSource.manager, ctx, patientId, { need: 'practice' });
      const limit = pageLimit(query);
      const after = decodeCursor(query.cursor, ['string', 'string']);
      const rows: DisclosureRow[] = await this.dataSource.query(
        `SELECT d.*, u.display_name AS disclosed_by_name
           FROM disclosure d JOIN app_user u ON u.id = d.disclosed_by
          WHERE d.patient_id = $1
            AND ($2::timestamptz IS NULL OR (d.disclosed_at, d.id) < ($2::timestamptz, $3::uuid))
          ORDER BY d.disclosed_at DESC, d.id DESC
          LIMIT $4`,
        [patientId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
      );
      await this.access.recordSuccess(ctx, target);
      return toPage(rows, limit, (r) => [new Date(r.disclosed_at).toISOString(), r.id], toDisclosure);
    });
  }
}

function toDisclosure(row: DisclosureRow): Disclosure {
  return {
    id: row.id,
    patientId: row.patient_id,
    disclosedAt: new Date(row.disclosed_at).toISOString(),
    disclosedBy: { id: row.disclosed_by, displayName: row.disclosed_by_name },
    recipient: { organizationId: row.recipient_organization_id, name: row.recipient_name },
    source: row.source,
    statusUpdateId: row.status_update_id,
    what: {
      categories: row.categories,
      sessionIds: row.session_ids,
      outcomeIds: row.outcome_ids,
      noteIds: row.note_ids,
    },
    purpose: row.purpose,
  };
}
