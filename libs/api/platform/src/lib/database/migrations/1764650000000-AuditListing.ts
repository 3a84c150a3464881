import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `GET /api/audit` pages newest first by `(at, seq)` within one organization, one patient or one
 * actor. The trail grows by one row per request (millions of rows), so each of those filters gets
 * an index that already holds its rows in page order; the older `(patient_id, seq)` and
 * `(actor_id, seq)` indexes are replaced, not kept beside them (every index costs each insert).
 * `IF NOT EXISTS`: on a large live trail an operator may build them first with CREATE INDEX
 * CONCURRENTLY (outside a transaction), and this migration then only drops the old ones.
 */
export class AuditListing1764650000000 implements MigrationInterface {
  name = 'AuditListing1764650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS audit_event_organization_at_idx ON audit_event (organization_id, at DESC, seq DESC)`,
    );
    await q.query(
      `CREATE INDEX IF NOT EXISTS audit_event_patient_at_idx ON audit_event (patient_id, at DESC, seq DESC) WHERE patient_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX IF NOT EXISTS audit_event_actor_at_idx ON audit_event (actor_id, at DESC, seq DESC)`,
    );
    await q.query(`DROP INDEX IF EXISTS audit_event_patient_idx, audit_event_actor_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX audit_event_patient_idx ON audit_event (patient_id, seq) WHERE patient_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX audit_event_actor_idx ON audit_event (actor_id, seq)`);
    await q.query(
      `DROP INDEX audit_event_organization_at_idx, audit_event_patient_at_idx, audit_event_actor_at_idx`,
    );
  }
}
