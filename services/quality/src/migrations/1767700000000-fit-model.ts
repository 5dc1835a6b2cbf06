import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * quality.ds_fits records which model the default aggregation kept (`ds` or `mace`) and both
 * candidates' BIC, so a decision's provenance names the method that decided it. Fits stored
 * before have none (null) until their next refit.
 */
export class FitModel1767700000000 implements MigrationInterface {
  name = 'FitModel1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE quality.ds_fits
      ADD COLUMN IF NOT EXISTS model text CHECK (model IN ('ds', 'mace')),
      ADD COLUMN IF NOT EXISTS bic_ds double precision,
      ADD COLUMN IF NOT EXISTS bic_mace double precision`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE quality.ds_fits DROP COLUMN IF EXISTS model, DROP COLUMN IF EXISTS bic_ds, DROP COLUMN IF EXISTS bic_mace`);
  }
}
