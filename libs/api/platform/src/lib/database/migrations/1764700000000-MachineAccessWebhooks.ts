import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A medical team's own system: API keys and signed webhooks with a transactional outbox.
 *
 * - `api_key`: each key is also a row of `app_user` (same id) with an unusable password, so that
 *   everything it writes (`entered_by`, audit `actor_id`) names the key with the existing foreign
 *   keys. Only the SHA-256 of the key is stored.
 * - `webhook_event` + `webhook_delivery` are the outbox: written in the transaction of the change,
 *   one delivery per subscribed endpoint; `webhook_delivery_attempt` is the delivery log.
 */
export class MachineAccessWebhooks1764700000000 implements MigrationInterface {
  name = 'MachineAccessWebhooks1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_key (
        id uuid PRIMARY KEY CONSTRAINT api_key_principal_fk REFERENCES app_user(id),
        organization_id uuid NOT NULL CONSTRAINT api_key_organization_fk REFERENCES organization(id),
        name text NOT NULL,
        prefix text NOT NULL,
        token_hash text NOT NULL,
        created_by uuid NOT NULL CONSTRAINT api_key_created_by_fk REFERENCES app_user(id),
        created_at timestamptz NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz,
        revoked_by uuid CONSTRAINT api_key_revoked_by_fk REFERENCES app_user(id)
      )`);
    await q.query(`CREATE UNIQUE INDEX api_key_token_hash_idx ON api_key (token_hash)`);
    await q.query(
      `CREATE INDEX api_key_organization_idx ON api_key (organization_id, created_at DESC, id DESC)`,
    );

    await q.query(`
      CREATE TABLE webhook (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL CONSTRAINT webhook_organization_fk REFERENCES organization(id),
        url text NOT NULL,
        description text,
        secret text NOT NULL,
        created_by uuid NOT NULL CONSTRAINT webhook_created_by_fk REFERENCES app_user(id),
        created_at timestamptz NOT NULL,
        disabled_at timestamptz,
        disabled_by uuid CONSTRAINT webhook_disabled_by_fk REFERENCES app_user(id)
      )`);
    await q.query(
      `CREATE INDEX webhook_organization_idx ON webhook (organization_id, created_at DESC, id DESC)`,
    );

    await q.query(`
      CREATE TABLE webhook_event (
        id uuid PRIMARY KEY,
        type text NOT NULL CONSTRAINT webhook_event_type_check
          CHECK (type IN ('status_update.created', 'alert.raised', 'medical_status.recorded')),
        organization_id uuid NOT NULL CONSTRAINT webhook_event_organization_fk REFERENCES organization(id),
        patient_id uuid NOT NULL CONSTRAINT webhook_event_patient_fk REFERENCES patient(id),
        occurred_at timestamptz NOT NULL,
        body text NOT NULL
      )`);

    await q.query(`
      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL CONSTRAINT webhook_delivery_webhook_fk REFERENCES webhook(id),
        event_id uuid NOT NULL CONSTRAINT webhook_delivery_event_fk REFERENCES webhook_event(id),
        status text NOT NULL CONSTRAINT webhook_delivery_status_check CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        created_at timestamptz NOT NULL,
        delivered_at timestamptz,
        CONSTRAINT webhook_delivery_once UNIQUE (webhook_id, event_id)
      )`);
    // The worker's question: what is due? Only pending rows are in this index.
    await q.query(
      `CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX webhook_delivery_log_idx ON webhook_delivery (webhook_id, created_at DESC, id DESC)`,
    );

    await q.query(`
      CREATE TABLE webhook_delivery_attempt (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        delivery_id uuid NOT NULL CONSTRAINT webhook_delivery_attempt_delivery_fk REFERENCES webhook_delivery(id),
        at timestamptz NOT NULL,
        status_code integer,
        error text,
        duration_ms integer NOT NULL
      )`);
    await q.query(
      `CREATE INDEX webhook_delivery_attempt_delivery_idx ON webhook_delivery_attempt (delivery_id, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_delivery_attempt, webhook_delivery, webhook_event, webhook, api_key`);
  }
}
