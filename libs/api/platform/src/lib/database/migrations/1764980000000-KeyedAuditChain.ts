import { MigrationInterface, QueryRunner } from 'typeorm';
import { AUDIT_KEY_SETTING } from '../audit-key';
import { AUDIT_CHAIN_STRIPES } from './1764750000000-AuditChainStripes';

/** The text a row's MAC covers: the same fields, order and format as the unkeyed digest had. */
const MESSAGE = (e: string) => `
  ${e}.prev_hash || '|' || ${e}.seq::text || '|' || ${e}.id::text || '|' ||
  to_char(${e}.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '|' ||
  coalesce(${e}.actor_id::text, '') || '|' || coalesce(${e}.actor_role, '') || '|' ||
  coalesce(${e}.organization_id::text, '') || '|' || ${e}.action || '|' ||
  coalesce(${e}.entity_type, '') || '|' || coalesce(${e}.entity_id, '') || '|' ||
  coalesce(${e}.patient_id::text, '') || '|' || ${e}.outcome || '|' ||
  coalesce(${e}.request_id, '') || '|' || coalesce(${e}.ip, '') || '|' || ${e}.detail::text`;

/** HMAC-SHA-256 of `message` with the pads of `auditKeyPads` (k⊕ipad, then k⊕opad, hex). */
const HMAC = (pads: string, message: string) =>
  `encode(sha256(decode(substr(${pads}, 129, 128), 'hex') || sha256(decode(substr(${pads}, 1, 128), 'hex') || convert_to(${message}, 'UTF8'))), 'hex')`;

const UNKEYED = (e: string) => `encode(sha256(convert_to(${MESSAGE(e)}, 'UTF8')), 'hex')`;

/**
 * Issue 22, finding 3: the chain was a plain SHA-256 chain, and the database held its recipe
 * (`audit_event_digest`), so whoever could write the table could recompute it after an edit and
 * `verify-audit` said "intact". Now each row's hash is an HMAC-SHA-256 keyed with AUDIT_KEY
 * (decision 0016), which the database never stores.
 *
 * Where the MAC is computed: in the chain trigger, as before. Only there are the chain's previous
 * hash and the row's `seq` known (under the chain's lock, decision 0009); computing it in Node would
 * cost a round trip per row. The trigger reads the key from the session setting `kap.audit_key`,
 * which the API's connections carry from their start-up message (database-options.ts): nothing is
 * written to a table, a WAL record, a dump or a statement log. A session without it (psql, a
 * restored copy) cannot write an audit row at all: the trigger refuses. The HMAC is built from
 * `sha256()` alone (no pgcrypto), so PGlite runs the same SQL.
 *
 * Re-keying: every chain is walked once in order and each row gets a MAC linked to the previous
 * row's MAC. A row that did not verify under the old digest (edited, or its predecessor removed)
 * keeps its old hash, so after the migration it is reported as changed instead of being laundered
 * into a valid MAC. The table is locked for the walk; API instances of the previous version must be
 * stopped first (their connections carry no key, so their audit rows would be refused afterwards).
 * Cost: one pass, one UPDATE per row: 100,000 rows (the scale generator's) took 11–16 s on the
 * shared 2-core machine under load, so about 2–3 minutes per million rows. (Batched UPDATEs were
 * tried: no faster within the noise.)
 */
export class KeyedAuditChain1764980000000 implements MigrationInterface {
  name = 'KeyedAuditChain1764980000000';

  async up(q: QueryRunner): Promise<void> {
    const [{ pads }] = await q.query(`SELECT current_setting('${AUDIT_KEY_SETTING}', true) AS pads`);
    if (typeof pads !== 'string' || pads.length !== 256) {
      throw new Error(
        'Re-keying the audit chain needs the audit key: start KAP Care with AUDIT_KEY set (or the key file in DATA_DIR).',
      );
    }
    await q.query(`LOCK TABLE audit_event IN EXCLUSIVE MODE`);
    await q.query(`
      CREATE FUNCTION audit_event_mac(e audit_event, pads text) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$ SELECT ${HMAC('pads', MESSAGE('e'))} $$`);
    await q.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
    await q.query(`
      DO $$
      DECLARE
        pads text := current_setting('${AUDIT_KEY_SETTING}');
        e audit_event;
        current_chain smallint := -1;
        old_previous text;
        new_previous text;
        stored_hash text;
      BEGIN
        FOR e IN SELECT * FROM audit_event ORDER BY chain, seq LOOP
          IF e.chain IS DISTINCT FROM current_chain THEN
            current_chain := e.chain;
            old_previous := 'genesis';
            new_previous := 'genesis';
          END IF;
          stored_hash := e.hash;
          IF e.prev_hash = old_previous AND e.hash = ${UNKEYED('e')} THEN
            e.prev_hash := new_previous;
            e.hash := audit_event_mac(e, pads);
            UPDATE audit_event SET prev_hash = e.prev_hash, hash = e.hash WHERE seq = e.seq;
          ELSE
            RAISE WARNING 'audit_event seq % did not verify before re-keying; it keeps its old hash and stays reported', e.seq;
          END IF;
          old_previous := stored_hash;
          new_previous := e.hash;
        END LOOP;
      END $$`);
    await q.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        last_hash text;
        pads text := current_setting('${AUDIT_KEY_SETTING}', true);
      BEGIN
        IF pads IS NULL OR length(pads) <> 256 THEN
          RAISE EXCEPTION 'audit_event: this session has no audit key (${AUDIT_KEY_SETTING}); audit rows are written by KAP Care started with AUDIT_KEY';
        END IF;
        -- One writer at a time extends each chain; the lock is held until the transaction ends, so
        -- a chain's order is its commit order. Every row of one transaction goes to the same chain.
        NEW.chain := (txid_current() % ${AUDIT_CHAIN_STRIPES})::smallint;
        PERFORM pg_advisory_xact_lock(727274, NEW.chain);
        SELECT hash INTO last_hash FROM audit_event WHERE chain = NEW.chain ORDER BY seq DESC LIMIT 1;
        NEW.seq := nextval('audit_event_seq');
        NEW.prev_hash := coalesce(last_hash, 'genesis');
        -- audit_event_mac(NEW, pads), written out: planned once per connection (migration 1764800000000).
        NEW.hash := ${HMAC('pads', MESSAGE('NEW'))};
        RETURN NEW;
      END $$`);
    // Nothing may compute an unkeyed chain hash any more; verifyAuditChain uses audit_event_mac.
    await q.query(`DROP FUNCTION audit_event_digest(audit_event)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE audit_event IN EXCLUSIVE MODE`);
    await q.query(`
      CREATE FUNCTION audit_event_digest(e audit_event) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$ SELECT ${UNKEYED('e')} $$`);
    await q.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
    await q.query(`
      DO $$
      DECLARE
        e audit_event;
        current_chain smallint := -1;
        previous text;
      BEGIN
        FOR e IN SELECT * FROM audit_event ORDER BY chain, seq LOOP
          IF e.chain IS DISTINCT FROM current_chain THEN
            current_chain := e.chain;
            previous := 'genesis';
          END IF;
          e.prev_hash := previous;
          e.hash := audit_event_digest(e);
          UPDATE audit_event SET prev_hash = e.prev_hash, hash = e.hash WHERE seq = e.seq;
          previous := e.hash;
        END LOOP;
      END $$`);
    await q.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
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
        NEW.hash := ${UNKEYED('NEW')};
        RETURN NEW;
      END $$`);
    await q.query(`DROP FUNCTION audit_event_mac(audit_event, text)`);
  }
}
