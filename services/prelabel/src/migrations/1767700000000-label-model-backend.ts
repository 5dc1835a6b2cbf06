import { MigrationInterface, QueryRunner } from 'typeorm';

/** prelabel.models also holds label-model fits (backend `labelmodel`): weak supervision's parameters, calibration and threshold. */
export class LabelModelBackend1767700000000 implements MigrationInterface {
  name = 'LabelModelBackend1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prelabel.models DROP CONSTRAINT IF EXISTS models_backend_check`);
    await q.query(`ALTER TABLE prelabel.models ADD CONSTRAINT models_backend_check CHECK (backend IN ('local', 'llm', 'labelmodel'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM prelabel.models WHERE backend = 'labelmodel'`);
    await q.query(`ALTER TABLE prelabel.models DROP CONSTRAINT IF EXISTS models_backend_check`);
    await q.query(`ALTER TABLE prelabel.models ADD CONSTRAINT models_backend_check CHECK (backend IN ('local', 'llm'))`);
  }
}
