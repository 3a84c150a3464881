import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditEventItem, Page } from '@kap/shared/contracts';
import { isCalendarDate, ValidationFailed } from '@kap/shared/domain';
import { decodeCursor, pageLimit, type RequestContext, toPage } from '@kap/api/platform';
import { AuditLog } from './audit-log';
import type { AuditListQuery } from './audit-list-request';

interface AuditEventRow {
  id: string;
  at: Date;
  /** `at` to the microsecond, for the cursor. */
  at_key: string;
  seq: string;
  actor_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  patient_id: string | null;
  outcome: AuditEventItem['outcome'];
  request_id: string | null;
  ip: string | null;
}

/**
 * The practice admin's view of the audit trail: what the practice's own people did, and, for one
 * of the practice's patients (`patientId`), everything anyone did with that record (the medical
 * team's reads included). Newest first by `at`, then by chain position; keyset paging on the
 * `(…, at DESC, seq DESC)` indexes of migration 1764650000000. Reading the trail is audited too.
 */
@Injectable()
export class AuditEventsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async list(ctx: RequestContext, query: AuditListQuery): Promise<Page<AuditEventItem>> {
    const limit = pageLimit(query);
    const from = query.from === undefined ? null : boundOf(query.from);
    const to = query.to === undefined ? null : boundOf(query.to);
    if (from !== null && to !== null && Date.parse(from.instant) > Date.parse(to.instant)) {
      throw new ValidationFailed([{ field: 'to', problem: 'must not be before from' }]);
    }
    const after = decodeCursor(query.cursor, ['string', 'string']);
    if (after && (Number.isNaN(Date.parse(String(after[0]))) || !/^\d{1,19}$/.test(String(after[1])))) {
      throw new ValidationFailed([
        { field: 'cursor', problem: 'is not a cursor this list gave out; start again without it' },
      ]);
    }

    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const org = param(ctx.actor.organizationId);
    const where: string[] = [];
    if (query.patientId !== undefined) {
      const patient = param(query.patientId.toLowerCase());
      // Leading on patient_id: the patient index. Anyone's events about the practice's own patient;
      // about another practice's patient only what this practice's people did.
      where.push(
        `a.patient_id = ${patient}::uuid`,
        `(a.organization_id = ${org}::uuid OR EXISTS (SELECT 1 FROM patient p WHERE p.id = ${patient}::uuid AND p.practice_id = ${org}::uuid))`,
      );
    } else {
      where.push(`a.organization_id = ${org}::uuid`);
    }
    if (query.actorId !== undefined) where.push(`a.actor_id = ${param(query.actorId.toLowerCase())}::uuid`);
    if (from !== null) where.push(`a.at >= ${param(from.instant)}::timestamptz`);
    // Inclusive end: a bare date runs through its whole day, an instant through its millisecond.
    if (to !== null)
      where.push(
        `a.at < ${param(to.instant)}::timestamptz + interval '${to.day ? '1 day' : '1 millisecond'}'`,
      );
    if (after) where.push(`(a.at, a.seq) < (${param(after[0])}::timestamptz, ${param(after[1])}::bigint)`);

    const rows: AuditEventRow[] = await this.dataSource.query(
      `SELECT a.id, a.at, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_key, a.seq::text AS seq,
              a.actor_id, a.action, a.entity_type, a.entity_id, a.patient_id, a.outcome, a.request_id, a.ip
         FROM audit_event a
        WHERE ${where.join(' AND ')}
        ORDER BY a.at DESC, a.seq DESC
        LIMIT ${param(limit + 1)}`,
      params,
    );
    const page = toPage(rows, limit, (row) => [row.at_key, row.seq], toAuditEventItem);
    await this.audit.record({
      action: 'audit.list',
      outcome: 'success',
      actorId: ctx.actor.id,
      actorRole: ctx.actor.role,
      organizationId: ctx.actor.organizationId,
      entityType: 'audit_event',
      entityId: null,
      patientId: query.patientId?.toLowerCase() ?? null,
      requestId: ctx.requestId,
      ip: ctx.ip,
      detail: {
        actorId: query.actorId ?? null,
        from: query.from ?? null,
        to: query.to ?? null,
        returned: page.items.length,
      },
    });
    return page;
  }
}

/**
 * Where a period bound starts: a bare date at midnight UTC. The text goes to PostgreSQL as it came
 * (it parses every instant the validator lets through, year 9999 with an offset included).
 */
function boundOf(value: string): { instant: string; day: boolean } {
  return isCalendarDate(value)
    ? { instant: `${value}T00:00:00Z`, day: true }
    : { instant: value, day: false };
}

function toAuditEventItem(row: AuditEventRow): AuditEventItem {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    actorId: row.actor_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    patientId: row.patient_id,
    outcome: row.outcome,
    requestId: row.request_id,
    ip: row.ip,
  };
}
