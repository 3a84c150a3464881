import { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_CHAIN_STRIPES } from './1764750000000-AuditChainStripes';

/**
 * Two costs of every audited request's insert.
 *
 * 1. The chain trigger computes the row's digest itself instead of calling `audit_event_digest(NEW)`.
 *    A SQL function called from PL/pgSQL keeps its prepared body only for the current transaction,
 *    so every audited request planned the digest again: about half the trigger's time. Inside the
 *    trigger the expression is planned once per connection. Measured with pgbench on the 50,000-
 *    patient database (one audit insert per transaction, 20 clients): 8,700–9,200 inserts per second
 *    before, 14,500–15,100 after.
 *
 *    The expression is the one of `audit_event_digest`, byte for byte, and that function stays: the
 *    chain check (`verifyAuditChain`) recomputes every row with it, so a trigger that drifted from it
 *    would be reported as an edited row at once (foundation/audit.spec.ts).
 *
 * 2. `audit_event_at_idx (at)` goes: no query reads the trail by time alone (the audit list leads
 *    with the organization or the patient, migration 1764650000000; the chain check with the
 *    chain), and every insert paid for it (pgbench as above: +5 %).
 */
export class AuditInsertCost1764800000000 implements MigrationInterface {
  name = 'AuditInsertCost1764800000000';

  async up(q: QueryRunner): Promise<void> {
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
        -- audit_event_digest(NEW), written out (see the migration's comment).
        NEW.hash := encode(sha256(convert_to(
          NEW.prev_hash || '|' || NEW.seq::text || '|' || NEW.id::text || '|' ||
          to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '|' ||
          coalesce(NEW.actor_id::text, '') || '|' || coalesce(NEW.actor_role, '') || '|' ||
          coalesce(NEW.organization_id::text, '') || '|' || NEW.action || '|' ||
          coalesce(NEW.entity_type, '') || '|' || coalesce(NEW.entity_id, '') || '|' ||
          coalesce(NEW.patient_id::text, '') || '|' || NEW.outcome || '|' ||
          coalesce(NEW.request_id, '') || '|' || coalesce(NEW.ip, '') || '|' || NEW.detail::text,
          'UTF8')), 'hex');
        RETURN NEW;
      END $$`);
    await q.query(`DROP INDEX IF EXISTS audit_event_at_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS audit_event_at_idx ON audit_event (at)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        last_hash text;
      BEGIN
        NEW.chain := (txid_current() % ${AUDIT_CHAIN_STRIPES})::smallint;
        PERFORM pg_advisory_xact_lock(727274, NEW.chain);
        SELECT hash INTO last_hash FROM audit_event WHERE chain = NEW.chain ORDER BY seq DESC LIMIT 1;
        NEW.seq := nextval('audit_event_seq');
        NEW.prev_hash := coalesce(last_hash, 'genesis');
        NEW.hash := audit_event_digest(NEW);
        RETURN NEW;
      END $$`);
  }
}
