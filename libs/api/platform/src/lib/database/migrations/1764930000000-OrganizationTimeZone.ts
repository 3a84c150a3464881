import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each organization's IANA time zone (docs/requirements.md "Clinic time": every date in a rule is a calendar date in
 * the organization's zone). Existing organizations get `UTC`, the rule they already ran on, so
 * nothing stored changes meaning; an admin sets the real zone through `PATCH /api/organization`.
 * The name is checked by the API (the runtime's zone list), not by a constraint: PostgreSQL's and
 * Node's zone databases may differ by a release.
 */
export class OrganizationTimeZone1764930000000 implements MigrationInterface {
  name = 'OrganizationTimeZone1764930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organization ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organization DROP COLUMN time_zone`);
  }
}
