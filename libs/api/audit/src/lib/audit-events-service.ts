import { Injectable } from '@nestjs/common';
import type { AuditEventItem, Page } from '@kap/shared/contracts';
import { isCalendarDate, ValidationFailed } from '@kap/shared/domain';
import { decodeCursor, pageLimit, type RequestContext, toPage } from '@kap/api/platform';
import { AuditLog } from './audit-log';
import type { AuditListQuery } from './audit-list-request';
import { AuditRepository, type AuditEventRow, type AuditPeriodBound } from './audit-repository';

/**
 * The practice admin's view of the audit trail: what the practice's own people did, and, for one
 * of the practice's patients (`patientId`), everything anyone did with that record (the medical
 * team's reads included). Newest first by `at`, then by chain position; keyset paging on the
 * `(…, at DESC, seq DESC)` indexes of migration 1764650000000. Reading the trail is audited too.
 */
@Injectable()
export class AuditEventsService {
  constructor(
    private readonly events: AuditRepository,
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

    const rows = await this.events.page({
      organizationId: ctx.actor.organizationId,
      patientId: query.patientId?.toLowerCase() ?? null,
      actorId: query.actorId?.toLowerCase() ?? null,
      from,
      to,
      after,
      take: limit + 1,
    });
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
function boundOf(value: string): AuditPeriodBound {
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
