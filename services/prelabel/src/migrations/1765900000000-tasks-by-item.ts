import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * prelabel.tasks by item alone. items.v1 (which item a content's source ids became) has no
 * project, so prelabel looks up the item's tasks in every project; `tasks_by_item` leads with
 * the project and could not serve it: each item event scanned the whole table (34 ms at 237,000
 * tasks), and the prelabel.items consumer fell thousands of records behind a busy items.v1.
 */
export class TasksByItem1765900000000 implements MigrationInterface {
  name = 'TasksByItem1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS tasks_by_item_only ON prelabel.tasks (item_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS prelabel.tasks_by_item_only`);
  }
}
