import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PEG pain scale and the C-SSRS screener's version 2 (docs/requirements.md "Instruments").
 *
 * - `instrument` accepts `PEG`.
 * - `total` becomes `double precision`: the PEG's score is a mean with one decimal (6.7). Every
 *   stored integer converts exactly, and the `pg` driver reads it as a number, as before.
 * - `severity` may be null: the PEG has no published bands.
 *
 * No stored score is re-scored or changed: version-1 C-SSRS screens (6 answers) keep their items,
 * version and risk level. A column type change rewrites the table without firing the row trigger
 * `outcome_refuse_edit`, which keeps refusing every edit afterwards.
 */
export class PegAndCssrsVersion21764920000000 implements MigrationInterface {
  name = 'PegAndCssrsVersion21764920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outcome
        DROP CONSTRAINT outcome_instrument_check,
        ADD CONSTRAINT outcome_instrument_check
          CHECK (instrument IN ('PHQ9', 'GAD7', 'PCL5', 'CSSRS_SCREEN', 'PEG', 'CGI_S', 'CGI_I')),
        ALTER COLUMN total TYPE double precision,
        ALTER COLUMN severity DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Refuses (rather than loses) PEG scores: they have no place in the earlier schema.
    await q.query(`
      ALTER TABLE outcome
        DROP CONSTRAINT outcome_instrument_check,
        ADD CONSTRAINT outcome_instrument_check
          CHECK (instrument IN ('PHQ9', 'GAD7', 'PCL5', 'CSSRS_SCREEN', 'CGI_S', 'CGI_I')),
        ALTER COLUMN total TYPE integer,
        ALTER COLUMN severity SET NOT NULL`);
  }
}
