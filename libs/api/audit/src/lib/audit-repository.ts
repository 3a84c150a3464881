import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditEventItem } from '@kap/shared/contracts';

export interface AuditEventRow {
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

/** A period's bound as PostgreSQL reads it; `day`: a bare date, which runs through its whole day. */
export interface AuditPeriodBound {
  instant: string;
  day: boolean;
}

/** Which events a page of the listing holds. */
export interface AuditEventFilter {
  organizationId: string;
  /** Lower-case; null: the organization's own people's events. */
  patientId: string | null;
  /** Lower-case. */
  actorId: string | null;
  from: AuditPeriodBound | null;
  to: AuditPeriodBound | null;
  /** The `(at_key, seq)` cursor of the last row of the previous page. */
  after: readonly (string | number)[] | null;
  take: number;
}

/** The listing's SQL over `audit_event` (writing the trail is `AuditLog`'s). */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first by `at`, then by chain position, on the `(…, at DESC, seq DESC)` indexes. */
  page(filter: AuditEventFilter): Promise<AuditEventRow[]> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const org = param(filter.organizationId);
    const where: string[] = [];
    if (filter.patientId !== null) {
      const patient = param(filter.patientId);
      // Leading on patient_id: the patient index. Anyone's events about the practice's own patient;
      // about another practice's patient only what this practice's people did.
      where.push(
        `a.patient_id = ${patient}::uuid`,
        `(a.organization_id = ${org}::uuid OR EXISTS (SELECT 1 FROM patient p WHERE p.id = ${patient}::uuid AND p.practice_id = ${org}::uuid))`,
      );
    } else {
      where.push(`a.organization_id = ${org}::uuid`);
    }
    if (filter.actorId !== null) where.push(`a.actor_id = ${param(filter.actorId)}::uuid`);
    const { from, to, after } = filter;
    if (from !== null) where.push(`a.at >= ${param(from.instant)}::timestamptz`);
    // Inclusive end: a bare date runs through its whole day, an instant through its millisecond.
    if (to !== null)
      where.push(
        `a.at < ${param(to.instant)}::timestamptz + interval '${to.day ? '1 day' : '1 millisecond'}'`,
      );
    if (after) where.push(`(a.at, a.seq) < (${param(after[0])}::timestamptz, ${param(after[1])}::bigint)`);

    return this.dataSource.query<AuditEventRow[]>(
      `SELECT a.id, a.at, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_key, a.seq::text AS seq,
              a.actor_id, a.action, a.entity_type, a.entity_id, a.patient_id, a.outcome, a.request_id, a.ip
         FROM audit_event a
        WHERE ${where.join(' AND ')}
        ORDER BY a.at DESC, a.seq DESC
        LIMIT ${param(filter.take)}`,
      params,
    );
  }
}
