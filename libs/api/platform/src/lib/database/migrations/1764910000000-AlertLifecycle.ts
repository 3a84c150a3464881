import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The alert lifecycle (docs/api.md "Alerts"): each side of the care team acknowledges
 * for itself, a source edited after acknowledgement raises a new alert, and an urgent alert left
 * unacknowledged escalates.
 *
 * - `alert.summary`: the sentence a person acts on. Existing alerts get a plain one from their
 *   kind and date; `alert_plain_summary` also fills it for a writer that gives none (demo seeds).
 * - `alert_acknowledgement`: one row per side (append-only, like alerts). Existing
 *   acknowledgements move there, on the side of the acknowledger's organization.
 * - `alert.acknowledged_at` becomes `first_acknowledged_at` (any side's first acknowledgement);
 *   `acknowledged_by` and `action` now live in `alert_acknowledgement` and are dropped, so that
 *   no reader can take one side's acknowledgement for both.
 * - At most one alert per source and kind that nobody has acknowledged (partial unique index):
 *   a retried write adds nothing; a source changed after acknowledgement raises a new alert.
 * - `organization.escalate_after_hours` and `alert.escalated_at` (when `alert.escalated` was
 *   emitted, so that it is emitted once).
 * - `webhook_event.type` accepts `alert.escalated`.
 */
export class AlertLifecycle1764910000000 implements MigrationInterface {
  name = 'AlertLifecycle1764910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION alert_plain_summary(kind text, at timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
        SELECT CASE kind
                 WHEN 'suicidality_item_positive' THEN 'PHQ-9 item 9 answered above 0'
                 WHEN 'cssrs_high_risk' THEN 'C-SSRS screen at high risk'
                 WHEN 'cssrs_moderate_risk' THEN 'C-SSRS screen at moderate risk'
                 WHEN 'cssrs_low_risk' THEN 'C-SSRS screen at low risk'
                 WHEN 'reliable_deterioration' THEN 'A score worsened reliably from baseline'
                 WHEN 'vitals_out_of_range' THEN 'Vitals outside the ordered limits in a dosing session'
                 WHEN 'serious_adverse_event' THEN 'Serious adverse event in a dosing session'
                 WHEN 'severe_adverse_event' THEN 'Severe adverse event in a dosing session'
                 WHEN 'dosing_frequency_exceeded' THEN 'More dosing sessions in 7 days than the plan allows'
                 WHEN 'dose_outside_plan' THEN 'Dose outside the prescriber''s plan'
                 WHEN 'not_cleared_for_dosing' THEN 'Dose given without clearance for dosing'
                 WHEN 'prescription_not_active' THEN 'Dose given without an active prescription'
                 WHEN 'doses_authorized_exceeded' THEN 'More doses than authorized'
                 ELSE initcap(replace(kind, '_', ' '))
               END || ' on ' || to_char(at AT TIME ZONE 'UTC', 'FMDD Mon YYYY')
      $$`);
    await q.query(`ALTER TABLE alert ADD COLUMN summary text`);
    await q.query(`UPDATE alert SET summary = alert_plain_summary(kind, created_at)`);
    await q.query(`ALTER TABLE alert ALTER COLUMN summary SET NOT NULL`);
    await q.query(`
      CREATE FUNCTION alert_fill_summary() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.summary := coalesce(NEW.summary, alert_plain_summary(NEW.kind, NEW.created_at));
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER alert_fill_summary BEFORE INSERT ON alert
      FOR EACH ROW EXECUTE FUNCTION alert_fill_summary()`);

    await q.query(`
      CREATE TABLE alert_acknowledgement (
        alert_id uuid NOT NULL CONSTRAINT alert_acknowledgement_alert_fk REFERENCES alert(id),
        side text NOT NULL CONSTRAINT alert_acknowledgement_side_check CHECK (side IN ('practice', 'medical_team')),
        acknowledged_by uuid NOT NULL CONSTRAINT alert_acknowledgement_by_fk REFERENCES app_user(id),
        acknowledged_at timestamptz NOT NULL,
        action text,
        CONSTRAINT alert_acknowledgement_pkey PRIMARY KEY (alert_id, side)
      )`);
    await q.query(`
      INSERT INTO alert_acknowledgement (alert_id, side, acknowledged_by, acknowledged_at, action)
      SELECT a.id, o.kind, a.acknowledged_by, a.acknowledged_at, a.action
        FROM alert a JOIN app_user u ON u.id = a.acknowledged_by JOIN organization o ON o.id = u.organization_id
       WHERE a.acknowledged_at IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION alert_acknowledgement_refuse_edit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'alert acknowledgements are never changed or deleted' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER alert_acknowledgement_refuse_edit BEFORE UPDATE OR DELETE ON alert_acknowledgement
      FOR EACH ROW EXECUTE FUNCTION alert_acknowledgement_refuse_edit()`);

    // alert_open_idx follows the renamed column: alerts nobody has acknowledged yet.
    await q.query(`ALTER TABLE alert RENAME COLUMN acknowledged_at TO first_acknowledged_at`);
    await q.query(`ALTER TABLE alert DROP COLUMN acknowledged_by, DROP COLUMN action`);
    await q.query(`DROP INDEX alert_source_idx`);
    await q.query(`
      CREATE UNIQUE INDEX alert_source_unacknowledged_idx ON alert (source_type, source_id, kind)
       WHERE first_acknowledged_at IS NULL`);
    await q.query(`CREATE INDEX alert_source_idx ON alert (source_type, source_id, kind)`);

    await q.query(`
      ALTER TABLE organization ADD COLUMN escalate_after_hours integer NOT NULL DEFAULT 4
        CONSTRAINT organization_escalate_after_hours_check CHECK (escalate_after_hours BETWEEN 1 AND 168)`);
    await q.query(`ALTER TABLE alert ADD COLUMN escalated_at timestamptz`);
    // The escalation job's question: which urgent alerts have not been escalated yet?
    await q.query(
      `CREATE INDEX alert_escalation_watch_idx ON alert (created_at) WHERE severity = 'urgent' AND escalated_at IS NULL`,
    );

    await q.query(`
      ALTER TABLE webhook_event
        DROP CONSTRAINT webhook_event_type_check,
        ADD CONSTRAINT webhook_event_type_check
          CHECK (type IN ('status_update.created', 'alert.raised', 'alert.escalated', 'medical_status.recorded'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Refuses (rather than loses) escalation events and second alerts per source: the earlier schema has no place for them.
    await q.query(`
      ALTER TABLE webhook_event
        DROP CONSTRAINT webhook_event_type_check,
        ADD CONSTRAINT webhook_event_type_check
          CHECK (type IN ('status_update.created', 'alert.raised', 'medical_status.recorded'))`);
    await q.query(`DROP INDEX alert_escalation_watch_idx`);
    await q.query(`ALTER TABLE alert DROP COLUMN escalated_at`);
    await q.query(`ALTER TABLE organization DROP COLUMN escalate_after_hours`);
    await q.query(`DROP INDEX alert_source_idx`);
    await q.query(`DROP INDEX alert_source_unacknowledged_idx`);
    await q.query(`CREATE UNIQUE INDEX alert_source_idx ON alert (source_type, source_id, kind)`);
    await q.query(`ALTER TABLE alert RENAME COLUMN first_acknowledged_at TO acknowledged_at`);
    await q.query(`
      ALTER TABLE alert ADD COLUMN acknowledged_by uuid CONSTRAINT alert_acknowledged_by_fk REFERENCES app_user(id),
                        ADD COLUMN action text`);
    // The earliest acknowledgement stands for the alert, as before.
    await q.query(`
      UPDATE alert a SET acknowledged_at = k.acknowledged_at, acknowledged_by = k.acknowledged_by, action = k.action
        FROM (SELECT DISTINCT ON (alert_id) alert_id, acknowledged_at, acknowledged_by, action
                FROM alert_acknowledgement ORDER BY alert_id, acknowledged_at) k
       WHERE k.alert_id = a.id`);
    await q.query(`DROP TABLE alert_acknowledgement`);
    await q.query(`DROP FUNCTION alert_acknowledgement_refuse_edit()`);
    await q.query(`DROP TRIGGER alert_fill_summary ON alert`);
    await q.query(`DROP FUNCTION alert_fill_summary()`);
    await q.query(`ALTER TABLE alert DROP COLUMN summary`);
    await q.query(`DROP FUNCTION alert_plain_summary(text, timestamptz)`);
  }
}
