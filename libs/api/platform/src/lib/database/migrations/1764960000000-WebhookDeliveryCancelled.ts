import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A webhook delivery can be `cancelled`: its patient's release of information for the team ended
 * before it was sent (issue 22). Such a delivery is never sent, by the worker or by hand.
 */
export class WebhookDeliveryCancelled1764960000000 implements MigrationInterface {
  name = 'WebhookDeliveryCancelled1764960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_delivery DROP CONSTRAINT webhook_delivery_status_check`);
    await q.query(
      `ALTER TABLE webhook_delivery ADD CONSTRAINT webhook_delivery_status_check CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE webhook_delivery SET status = 'failed' WHERE status = 'cancelled'`);
    await q.query(`ALTER TABLE webhook_delivery DROP CONSTRAINT webhook_delivery_status_check`);
    await q.query(
      `ALTER TABLE webhook_delivery ADD CONSTRAINT webhook_delivery_status_check CHECK (status IN ('pending', 'delivered', 'failed'))`,
    );
  }
}
