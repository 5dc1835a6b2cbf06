import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C traceparent of the span that queued each real task, so a person's answer continues the
 * item's trace (docs/decisions.md, "One trace per item"). Null for honeypot copies and for tasks
 * queued before this migration.
 */
export class TaskTraceparent1767400000000 implements MigrationInterface {
  name = 'TaskTraceparent1767400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assignment.tasks ADD COLUMN IF NOT EXISTS traceparent text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assignment.tasks DROP COLUMN IF EXISTS traceparent`);
  }
}
