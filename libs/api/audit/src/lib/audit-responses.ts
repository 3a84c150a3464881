import type { AuditEventItem, Page } from '@kap/shared/contracts';

/** One event of the audit trail as the practice admin reads it (docs/api.md "Audit and export"). */
export class AuditEventResponse implements AuditEventItem {
  id!: string;
  /** The instant the event was recorded. */
  at!: string;
  actorId!: string | null;
  action!: string;
  entityType!: string | null;
  entityId!: string | null;
  patientId!: string | null;
  outcome!: 'success' | 'failure' | 'denied';
  requestId!: string | null;
  ip!: string | null;
}

export class AuditEventPage implements Page<AuditEventItem> {
  items!: AuditEventResponse[];
  nextCursor!: string | null;
}
