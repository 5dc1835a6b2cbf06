import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audits of auto-accepted machine answers: one row per audited machine answer, open until the
 * task's final label is known (decided by quality from the humans' answers, or by an expert
 * verdict after adjudication), then whether the machine's answer matched it. Machine precision
 * per (project, question, model) is read from here.
 */
export class CreateMachineAudits1765500000000 implements MigrationInterface {
  name = 'CreateMachineAudits1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE quality.machine_audits (
      annotation_id text PRIMARY KEY,
      project_id text NOT NULL,
      task_id text NOT NULL,
      item_id text NOT NULL,
      question_id text NOT NULL,
      ontology_version integer NOT NULL,
      model_id text NOT NULL,
      model_version text NOT NULL,
      machine_key text,
      final_key text,
      correct boolean,
      resolved_by text CHECK (resolved_by IN ('quality', 'adjudication')),
      received_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz
    )`);
    await q.query(`CREATE INDEX machine_audits_task ON quality.machine_audits (task_id)`);
    await q.query(`CREATE INDEX machine_audits_project ON quality.machine_audits (project_id, question_id, model_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS quality.machine_audits`);
  }
}
