import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outcome scores (never edited: voided with a reason and entered again) and safety alerts
 * (never deleted: acknowledged with the action taken).
 */
export class OutcomesAlerts1764300000000 implements MigrationInterface {
  name = 'OutcomesAlerts1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outcome (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL CONSTRAINT outcome_patient_fk REFERENCES patient(id),
        instrument text NOT NULL CONSTRAINT outcome_instrument_check
          CHECK (instrument IN ('PHQ9', 'GAD7', 'PCL5', 'CSSRS_SCREEN', 'CGI_S', 'CGI_I')),
        instrument_version text NOT NULL,
        administered_at timestamptz NOT NULL,
        items jsonb NOT NULL,
        total integer,
        severity text NOT NULL,
        subscales jsonb,
        flags jsonb NOT NULL DEFAULT '[]'::jsonb,
        difficulty smallint,
        source text NOT NULL CONSTRAINT outcome_source_check CHECK (source IN ('clinician', 'patient', 'medical_team')),
        session_id uuid,
        entered_by uuid NOT NULL CONSTRAINT outcome_entered_by_fk REFERENCES app_user(id),
        created_at timestamptz NOT NULL,
        voided_at timestamptz,
        void_reason text,
        voided_by uuid CONSTRAINT outcome_voided_by_fk REFERENCES app_user(id)
      )`);
    // The trend reads one instrument of one patient in time order, skipping voided scores.
    await q.query(
      `CREATE INDEX outcome_trend_idx ON outcome (patient_id, instrument, administered_at, id) WHERE voided_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX outcome_patient_list_idx ON outcome (patient_id, administered_at DESC, id DESC)`,
    );
    // Scores are facts: only the void columns may ever change, and only once.
    await q.query(`
      CREATE FUNCTION outcome_refuse_edit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'outcome scores are never deleted; void them' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF OLD.voided_at IS NOT NULL
           OR (to_jsonb(NEW) - 'voided_at' - 'void_reason' - 'voided_by') <> (to_jsonb(OLD) - 'voided_at' - 'void_reason' - 'voided_by') THEN
          RAISE EXCEPTION 'outcome scores are never edited; void and enter again' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER outcome_refuse_edit BEFORE UPDATE OR DELETE ON outcome
      FOR EACH ROW EXECUTE FUNCTION outcome_refuse_edit()`);

    await q.query(`
      CREATE TABLE alert (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL CONSTRAINT alert_patient_fk REFERENCES patient(id),
        kind text NOT NULL,
        severity text NOT NULL CONSTRAINT alert_severity_check CHECK (severity IN ('info', 'warning', 'urgent')),
        source_type text NOT NULL CONSTRAINT alert_source_type_check CHECK (source_type IN ('outcome', 'session', 'rule')),
        source_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        acknowledged_by uuid CONSTRAINT alert_acknowledged_by_fk REFERENCES app_user(id),
        action text
      )`);
    // One alert per kind per source: a retried write never raises the same alert twice.
    await q.query(`CREATE UNIQUE INDEX alert_source_idx ON alert (source_type, source_id, kind)`);
    await q.query(`CREATE INDEX alert_patient_idx ON alert (patient_id, created_at, id)`);
    await q.query(
      `CREATE INDEX alert_open_idx ON alert (patient_id, created_at, id) WHERE acknowledged_at IS NULL`,
    );
    await q.query(`
      CREATE FUNCTION alert_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'alerts are never deleted; acknowledge them' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER alert_refuse_delete BEFORE DELETE ON alert
      FOR EACH ROW EXECUTE FUNCTION alert_refuse_delete()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE alert, outcome`);
    await q.query(`DROP FUNCTION alert_refuse_delete(), outcome_refuse_edit()`);
  }
}
