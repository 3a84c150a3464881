import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-step sign-in: the organization's policy, each person's TOTP secret (pending until
 * confirmed with a code), single-use recovery codes stored as hashes, and the short-lived
 * challenges between the password step and the code step (stored as hashes too).
 */
export class MultiFactorSignIn1764600000000 implements MigrationInterface {
  name = 'MultiFactorSignIn1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organization ADD COLUMN mfa_policy text NOT NULL DEFAULT 'optional'
        CONSTRAINT organization_mfa_policy_check CHECK (mfa_policy IN ('optional', 'required'))`);

    // One factor per person. `confirmed_at` NULL = an enrolment in progress; `last_time_step` is
    // the newest 30-second step accepted, so a code is never accepted twice (replay).
    await q.query(`
      CREATE TABLE mfa_factor (
        user_id uuid PRIMARY KEY CONSTRAINT mfa_factor_user_fk REFERENCES app_user(id),
        secret text NOT NULL,
        created_at timestamptz NOT NULL,
        confirmed_at timestamptz,
        last_time_step bigint
      )`);

    await q.query(`
      CREATE TABLE mfa_recovery_code (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id uuid NOT NULL CONSTRAINT mfa_recovery_code_user_fk REFERENCES app_user(id),
        code_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX mfa_recovery_code_hash_idx ON mfa_recovery_code (user_id, code_hash)`);

    await q.query(`
      CREATE TABLE mfa_challenge (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL,
        user_id uuid NOT NULL CONSTRAINT mfa_challenge_user_fk REFERENCES app_user(id),
        purpose text NOT NULL CONSTRAINT mfa_challenge_purpose_check CHECK (purpose IN ('verify', 'enrol')),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        failed_attempts integer NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE UNIQUE INDEX mfa_challenge_token_hash_idx ON mfa_challenge (token_hash)`);
    await q.query(`CREATE INDEX mfa_challenge_user_idx ON mfa_challenge (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mfa_challenge, mfa_recovery_code, mfa_factor`);
    await q.query(`ALTER TABLE organization DROP COLUMN mfa_policy`);
  }
}
