import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tasks.v1 event id of each real task (the audit chain): copied to every AnnotationEvent
 * (`task_event_id`). A task that arrived on prelabels.v1 first gets it from the prelabel
 * event's causation id. Null for honeypot copies and for tasks queued before this migration.
 */
export class TaskEventId1765410000000 implements MigrationInterface {
  name = 'TaskEventId1765410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assignment.tasks ADD COLUMN IF NOT EXISTS task_event_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assignment.tasks DROP COLUMN IF EXISTS task_event_id`);
  }
}
