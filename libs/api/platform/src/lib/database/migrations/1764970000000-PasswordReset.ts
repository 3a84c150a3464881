import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Password reset links a practice admin issues for a member (issue 22, finding 10). Only the
 * SHA-256 of the token is kept, as for questionnaire links. A link is open until it is used, it
 * expires (24 h), or it is closed: a newer link for the same person, or a password change, closes it.
 */
export class PasswordReset1764970000000 implements MigrationInterface {
  name = 'PasswordReset1764970000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE password_reset (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL CONSTRAINT password_reset_user_fk REFERENCES app_user(id),
        token_hash text NOT NULL,
        issued_by uuid NOT NULL CONSTRAINT password_reset_issued_by_fk REFERENCES app_user(id),
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        closed_at timestamptz,
        CONSTRAINT password_reset_expiry_check CHECK (expires_at > created_at),
        CONSTRAINT password_reset_closed_once_check CHECK (used_at IS NULL OR closed_at IS NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX password_reset_token_idx ON password_reset (token_hash)`);
    await q.query(
      `CREATE INDEX password_reset_open_idx ON password_reset (user_id) WHERE used_at IS NULL AND closed_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE password_reset`);
  }
}
