import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops `slots_takeable` (project_id, task_id): every statement reaches slots by task (the
 * primary key), and with a new project's statistics saying "one row" the planner scanned this
 * index by project for every task of the queue instead (a lease took 2.5 s at 1,500 open tasks).
 */
export class SlotsByTask1767600000000 implements MigrationInterface {
  name = 'SlotsByTask1767600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS assignment.slots_takeable`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS slots_takeable ON assignment.slots (project_id, task_id) WHERE state IN ('open', 'leased')`);
  }
}
