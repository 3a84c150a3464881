/** The audit trail as the practice admin reads it. Contract: docs/api.md "Audit and export". */
export interface AuditEventItem {
  id: string;
  /** ISO-8601 instant the event was recorded. */
  at: string;
  actorId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  patientId: string | null;
  outcome: 'success' | 'failure' | 'denied';
  requestId: string | null;
  ip: string | null;
}

export interface AuditListQuery {
  patientId?: string;
  actorId?: string;
  /** Inclusive: an instant with offset, or a date YYYY-MM-DD (from its start, UTC). */
  from?: string;
  /** Inclusive: an instant with offset, or a date YYYY-MM-DD (through its end, UTC). */
  to?: string;
  cursor?: string;
  limit?: number;
}
