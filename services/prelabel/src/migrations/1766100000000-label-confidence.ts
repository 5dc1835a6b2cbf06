import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The confidence of each label (labels.v1 `confidence`: the aggregation's posterior, or the
 * expert's stated confidence). The local model checks its held-out answers against labels that
 * are themselves wrong now and then; with their confidence it can estimate its precision against
 * the truth (decision 63). Labels stored before this have none and count as certain.
 */
export class LabelConfidence1766100000000 implements MigrationInterface {
  name = 'LabelConfidence1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prelabel.labels ADD COLUMN IF NOT EXISTS confidence double precision`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prelabel.labels DROP COLUMN IF EXISTS confidence`);
  }
}
