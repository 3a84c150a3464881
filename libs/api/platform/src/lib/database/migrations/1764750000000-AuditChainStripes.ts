import { MigrationInterface, QueryRunner } from 'typeorm';

/** How many independent chains the audit trail is woven from (decision 0009). */
export const AUDIT_CHAIN_STRIPES = 32;

/**
 * Decision 0009: the audit trail becomes 32 hash chains instead of one. The trigger used to take
 * one advisory lock for the whole database and hold it until commit (fsync included), so every
 * audited request in the system waited for the one before it. Now each transaction extends the
 * chain `txid % 32` under that chain's own lock: concurrent transactions have consecutive ids, so
 * they land on different chains and no longer wait for each other, while every row is still linked
 * to the previous row of its chain in commit order (the lock is still held until commit).
 *
 * Existing rows stay where they are: they are chain 0, linked exactly as before, so an existing
 * trail verifies unchanged. The digest is unchanged too: a row moved to another chain breaks the
 * links of both chains, so the chain number needs no place in the hash.
 */
export class AuditChainStripes1764750000000 implements MigrationInterface {
  name = 'AuditChainStripes1764750000000';

  async up(q: QueryRunner): Promise<void> {
    // A constant default: PostgreSQL stores it in the catalogue, no table rewrite on a large trail.
    await q.query(`ALTER TABLE audit_event ADD COLUMN chain smallint NOT NULL DEFAULT 0`);
    await q.query(`CREATE INDEX IF NOT EXISTS audit_event_chain_idx ON audit_event (chain, seq)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        last_hash text;
      BEGIN
        -- One writer at a time extends each chain; the lock is held until the transaction ends, so
        -- a chain's order is its commit order. Every row of one transaction goes to the same chain.
        NEW.chain := (txid_current() % ${AUDIT_CHAIN_STRIPES})::smallint;
        PERFORM pg_advisory_xact_lock(727274, NEW.chain);
        SELECT hash INTO last_hash FROM audit_event WHERE chain = NEW.chain ORDER BY seq DESC LIMIT 1;
        NEW.seq := nextval('audit_event_seq');
        NEW.prev_hash := coalesce(last_hash, 'genesis');
        NEW.hash := audit_event_digest(NEW);
        RETURN NEW;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        last_hash text;
      BEGIN
        PERFORM pg_advisory_xact_lock(727274);
        SELECT hash INTO last_hash FROM audit_event ORDER BY seq DESC LIMIT 1;
        NEW.seq := nextval('audit_event_seq');
        NEW.prev_hash := coalesce(last_hash, 'genesis');
        NEW.hash := audit_event_digest(NEW);
        RETURN NEW;
      END $$`);
    await q.query(`DROP INDEX audit_event_chain_idx`);
    await q.query(`ALTER TABLE audit_event DROP COLUMN chain`);
  }
}
