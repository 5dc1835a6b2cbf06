import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A blind audit whose machine answer disagrees with the crowd's label goes to the expert
 * (decision 80): `escalated_at` marks it; it stays unresolved until an expert's decision.
 */
export class AuditEscalations1768100000000 implements MigrationInterface {
  name = 'AuditEscalations1768100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE quality.machine_audits ADD COLUMN IF NOT EXISTS escalated_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE quality.machine_audits DROP COLUMN IF EXISTS escalated_at`);
  }
}
