import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the medical team's reads, so their cost follows the team's caseload rather than the
 * size of the tables (P9 in docs/requirements.md):
 * - the team's current links carry the release's start date, so the rule "release valid today"
 *   is answered from the index alone (alerts, unread counts, dashboard, packet);
 * - the team's unacknowledged status updates are found by team, not by scanning every open update;
 * - a patient's latest follow-up date is one index-only probe (the dashboard asks it per patient).
 */
export class MedicalTeamReads1764990000000 implements MigrationInterface {
  name = 'MedicalTeamReads1764990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX care_team_link_team_idx`);
    await q.query(
      `CREATE INDEX care_team_link_team_idx ON care_team_link (medical_team_id, release_expires_on, patient_id)
         INCLUDE (release_signed_on) WHERE replaced_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX status_update_team_open_idx ON status_update (medical_team_id, patient_id) WHERE acknowledged_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX medical_status_entry_follow_up_idx ON medical_status_entry (patient_id, as_of DESC, created_at DESC, id DESC)
         INCLUDE (next_follow_up_due) WHERE next_follow_up_due IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX medical_status_entry_follow_up_idx`);
    await q.query(`DROP INDEX status_update_team_open_idx`);
    await q.query(`DROP INDEX care_team_link_team_idx`);
    await q.query(
      `CREATE INDEX care_team_link_team_idx ON care_team_link (medical_team_id, release_expires_on, patient_id) WHERE replaced_at IS NULL`,
    );
  }
}
