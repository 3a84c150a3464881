import { Injectable } from '@nestjs/common';
import { AutocommitQueries, Clock, type Queryable } from '@kap/api/platform';
import { AUDIT_INSERT_ONE, AuditGroupCommit } from './audit-group-commit';

export type AuditOutcome = 'success' | 'failure' | 'denied';

/** One line of the audit trail. Never patient names or clinical text: ids and codes only. */
export interface AuditEntry {
  action: string;
  outcome: AuditOutcome;
  actorId?: string | null;
  actorRole?: string | null;
  organizationId?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  patientId?: string | null;
  requestId?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
}

/**
 * Writes audit events. Pass the transaction's EntityManager so that a write and its audit event
 * commit together or not at all. The chain fields are filled in by the database trigger.
 */
@Injectable()
export class AuditLog {
  /** Rows written on their own share INSERTs with the rows of concurrent requests (see there). */
  private readonly ownRows: AuditGroupCommit;

  constructor(
    private readonly autocommit: AutocommitQueries,
    private readonly clock: Clock,
  ) {
    this.ownRows = new AuditGroupCommit(autocommit);
  }

  /**
   * Without a manager the row is written on its own (a read's audit event, a refusal), in a group
   * commit with other requests' rows; either way the promise settles when the row is committed.
   */
  async record(entry: AuditEntry, manager: Queryable = this.autocommit): Promise<void> {
    const values = [
      this.clock.now(),
      entry.actorId ?? null,
      entry.actorRole ?? null,
      entry.organizationId ?? null,
      entry.action,
      entry.entityType ?? null,
      entry.entityId ?? null,
      entry.patientId ?? null,
      entry.outcome,
      entry.requestId ?? null,
      entry.ip ?? null,
      JSON.stringify(entry.detail ?? {}),
    ];
    if (manager === this.autocommit) await this.ownRows.write(values);
    else await manager.query(AUDIT_INSERT_ONE, values);
  }
}
