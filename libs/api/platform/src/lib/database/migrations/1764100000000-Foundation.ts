import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organizations, users, server-side sessions, login throttling, idempotency keys and the
 * append-only, hash-chained audit log. PostgreSQL 15 compatible (PGlite is 18).
 */
export class Foundation1764100000000 implements MigrationInterface {
  name = 'Foundation1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organization (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        kind text NOT NULL CONSTRAINT organization_kind_check CHECK (kind IN ('practice', 'medical_team')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL CONSTRAINT app_user_organization_fk REFERENCES organization(id),
        email text NOT NULL,
        email_key text NOT NULL,
        display_name text NOT NULL,
        role text NOT NULL CONSTRAINT app_user_role_check
          CHECK (role IN ('therapist', 'practice_admin', 'prescriber', 'care_coordinator')),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX app_user_email_key_idx ON app_user (email_key)`);
    await q.query(`CREATE INDEX app_user_organization_idx ON app_user (organization_id, created_at, id)`);

    // Sessions live in the database, not in a process: any API instance can check and revoke them.
    await q.query(`
      CREATE TABLE auth_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL,
        user_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        ip text,
        user_agent text
      )`);
    await q.query(`CREATE UNIQUE INDEX auth_session_token_hash_idx ON auth_session (token_hash)`);
    await q.query(`CREATE INDEX auth_session_user_idx ON auth_session (user_id) WHERE revoked_at IS NULL`);

    await q.query(`
      CREATE TABLE login_failure (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email_key text NOT NULL,
        ip text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX login_failure_email_idx ON login_failure (email_key, at)`);
    await q.query(`CREATE INDEX login_failure_ip_idx ON login_failure (ip, at)`);

    await q.query(`
      CREATE TABLE idempotency_key (
        actor_id uuid NOT NULL,
        key text NOT NULL,
        route text NOT NULL,
        request_hash text NOT NULL,
        response jsonb,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (actor_id, key)
      )`);

    // The audit log. `seq`, `prev_hash` and `hash` are set by the trigger under an advisory lock,
    // so the chain order is the commit order and the app cannot forge a link.
    await q.query(`CREATE SEQUENCE audit_event_seq`);
    await q.query(`
      CREATE TABLE audit_event (
        seq bigint PRIMARY KEY,
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        actor_role text,
        organization_id uuid,
        action text NOT NULL,
        entity_type text,
        entity_id text,
        patient_id uuid,
        outcome text NOT NULL CONSTRAINT audit_event_outcome_check CHECK (outcome IN ('success', 'failure', 'denied')),
        request_id text,
        ip text,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX audit_event_id_idx ON audit_event (id)`);
    await q.query(
      `CREATE INDEX audit_event_patient_idx ON audit_event (patient_id, seq) WHERE patient_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX audit_event_actor_idx ON audit_event (actor_id, seq)`);
    await q.query(`CREATE INDEX audit_event_at_idx ON audit_event (at)`);

    await q.query(`
      CREATE FUNCTION audit_event_digest(e audit_event) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$
        SELECT encode(sha256(convert_to(
          e.prev_hash || '|' || e.seq::text || '|' || e.id::text || '|' ||
          to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '|' ||
          coalesce(e.actor_id::text, '') || '|' || coalesce(e.actor_role, '') || '|' ||
          coalesce(e.organization_id::text, '') || '|' || e.action || '|' ||
          coalesce(e.entity_type, '') || '|' || coalesce(e.entity_id, '') || '|' ||
          coalesce(e.patient_id::text, '') || '|' || e.outcome || '|' ||
          coalesce(e.request_id, '') || '|' || coalesce(e.ip, '') || '|' || e.detail::text,
          'UTF8')), 'hex')
      $$`);
    await q.query(`
      CREATE FUNCTION audit_event_chain() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        last_hash text;
      BEGIN
        -- One writer at a time extends the chain; the lock is held until the transaction ends.
        PERFORM pg_advisory_xact_lock(727274);
        SELECT hash INTO last_hash FROM audit_event ORDER BY seq DESC LIMIT 1;
        NEW.seq := nextval('audit_event_seq');
        NEW.prev_hash := coalesce(last_hash, 'genesis');
        NEW.hash := audit_event_digest(NEW);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_chain()`);
    await q.query(`
      CREATE FUNCTION audit_event_refuse_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()`);
    await q.query(`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_event CASCADE`);
    await q.query(`DROP FUNCTION audit_event_chain(), audit_event_refuse_change()`);
    await q.query(`DROP SEQUENCE audit_event_seq`);
    await q.query(`DROP TABLE idempotency_key, login_failure, auth_session, app_user, organization`);
  }
}
