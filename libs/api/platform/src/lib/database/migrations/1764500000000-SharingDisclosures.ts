import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The care-team thread (status updates in both directions, acknowledged by the other side) and the
 * accounting of disclosures (R12): one append-only row for everything that left the practice.
 * Plus the indexes the dashboard's one query needs.
 */
export class SharingDisclosures1764500000000 implements MigrationInterface {
  name = 'SharingDisclosures1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE status_update (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL CONSTRAINT status_update_patient_fk REFERENCES patient(id),
        medical_team_id uuid NOT NULL CONSTRAINT status_update_team_fk REFERENCES organization(id),
        from_side text NOT NULL CONSTRAINT status_update_from_side_check CHECK (from_side IN ('practice', 'medical_team')),
        kind text NOT NULL CONSTRAINT status_update_kind_check CHECK (kind IN
          ('session_summary', 'safety_concern', 'request_review', 'eligibility', 'prescription', 'follow_up', 'general')),
        urgency text NOT NULL CONSTRAINT status_update_urgency_check CHECK (urgency IN ('routine', 'soon', 'urgent')),
        body text NOT NULL,
        session_ids uuid[] NOT NULL DEFAULT '{}',
        outcome_ids uuid[] NOT NULL DEFAULT '{}',
        note_ids uuid[] NOT NULL DEFAULT '{}',
        author_id uuid NOT NULL CONSTRAINT status_update_author_fk REFERENCES app_user(id),
        created_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        acknowledged_by uuid CONSTRAINT status_update_acknowledged_by_fk REFERENCES app_user(id),
        CONSTRAINT status_update_ack_check CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
      )`);
    // The thread, oldest first.
    await q.query(`CREATE INDEX status_update_patient_idx ON status_update (patient_id, created_at, id)`);
    // Unread counts and the dashboard: what the other side has not acknowledged yet.
    await q.query(
      `CREATE INDEX status_update_open_idx ON status_update (patient_id, from_side, created_at) WHERE acknowledged_at IS NULL`,
    );
    // Only the acknowledgement may ever change; nothing is deleted.
    await q.query(`
      CREATE FUNCTION status_update_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'status updates are never deleted' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF (to_jsonb(NEW) - 'acknowledged_at' - 'acknowledged_by') <> (to_jsonb(OLD) - 'acknowledged_at' - 'acknowledged_by')
           OR OLD.acknowledged_at IS NOT NULL THEN
          RAISE EXCEPTION 'status update % can only be acknowledged, once', OLD.id USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER status_update_guard BEFORE UPDATE OR DELETE ON status_update
      FOR EACH ROW EXECUTE FUNCTION status_update_guard()`);

    await q.query(`
      CREATE TABLE disclosure (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL CONSTRAINT disclosure_patient_fk REFERENCES patient(id),
        disclosed_at timestamptz NOT NULL,
        disclosed_by uuid NOT NULL CONSTRAINT disclosure_disclosed_by_fk REFERENCES app_user(id),
        recipient_organization_id uuid NOT NULL CONSTRAINT disclosure_recipient_fk REFERENCES organization(id),
        recipient_name text NOT NULL,
        source text NOT NULL CONSTRAINT disclosure_source_check CHECK (source IN ('status_update', 'follow_up_packet', 'export')),
        status_update_id uuid CONSTRAINT disclosure_status_update_fk REFERENCES status_update(id),
        categories text[] NOT NULL,
        session_ids uuid[] NOT NULL DEFAULT '{}',
        outcome_ids uuid[] NOT NULL DEFAULT '{}',
        note_ids uuid[] NOT NULL DEFAULT '{}',
        purpose text NOT NULL
      )`);
    await q.query(
      `CREATE INDEX disclosure_patient_idx ON disclosure (patient_id, disclosed_at DESC, id DESC)`,
    );
    await q.query(`
      CREATE TRIGGER disclosure_append_only BEFORE UPDATE OR DELETE ON disclosure
      FOR EACH ROW EXECUTE FUNCTION append_only()`);

    // Dashboard: the newest medical-team follow-up per patient, and the latest PHQ-9.
    await q.query(
      `CREATE INDEX medical_status_entry_source_idx ON medical_status_entry (patient_id, source, as_of DESC)`,
    );
    await q.query(
      `CREATE INDEX therapy_session_dosing_idx ON therapy_session (patient_id, occurred_at) WHERE archived_at IS NULL AND kind = 'dosing'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX therapy_session_dosing_idx, medical_status_entry_source_idx`);
    await q.query(`DROP TABLE disclosure, status_update`);
    await q.query(`DROP FUNCTION status_update_guard()`);
  }
}
