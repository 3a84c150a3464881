import { Injectable } from '@nestjs/common';
import { AutocommitQueries, type Queryable } from '../persistence/autocommit-queries';
import { Clock } from '../clock/clock';

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
  constructor(
    private readonly autocommit: AutocommitQueries,
    private readonly clock: Clock,
  ) {}

  /** Without a manager the row is written on its own (a read's audit event, a refusal). */
  async record(entry: AuditEntry, manager: Queryable = this.autocommit): Promise<void> {
    await manager.query(
      `INSERT INTO audit_event (at, actor_id, actor_role, organization_id, action, entity_type, entity_id,
         patient_id, outcome, request_id, ip, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
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
      ],
    );
  }
}
