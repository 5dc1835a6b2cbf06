import { MigrationInterface, QueryRunner } from 'typeorm';

/** Projects (with every ontology version seen), items per project, tasks, and decisions learned. */
export class CreateDecompositionTables1764500000000 implements MigrationInterface {
  name = 'CreateDecompositionTables1764500000000';

  async up(q: QueryRunner): Promise<void> {
    // revision 0 = placeholder for a project an item named before its snapshot arrived.
    await q.query(`CREATE TABLE decomposition.projects (
      project_id text PRIMARY KEY,
      revision bigint NOT NULL,
      archived boolean NOT NULL DEFAULT false,
      ontology_version integer,
      answers_per_task integer NOT NULL DEFAULT 1,
      required_skills text[] NOT NULL DEFAULT '{}',
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE decomposition.ontology_versions (
      project_id text NOT NULL REFERENCES decomposition.projects (project_id),
      version integer NOT NULL,
      ontology bytea NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, version)
    )`);
    // One row per (project, item): pending until the project has an ontology.
    await q.query(`CREATE TABLE decomposition.items (
      project_id text NOT NULL REFERENCES decomposition.projects (project_id),
      item_id text NOT NULL,
      content_type smallint NOT NULL,
      language text,
      item_event_id text NOT NULL,
      correlation_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'decomposed', 'skipped')),
      ontology_version integer,
      created_at timestamptz NOT NULL DEFAULT now(),
      decomposed_at timestamptz,
      PRIMARY KEY (project_id, item_id)
    )`);
    await q.query(`CREATE INDEX items_pending ON decomposition.items (project_id, created_at) WHERE status = 'pending'`);
    await q.query(`CREATE TABLE decomposition.tasks (
      task_id text PRIMARY KEY,
      project_id text NOT NULL,
      item_id text NOT NULL,
      question_id text NOT NULL,
      ontology_version integer NOT NULL,
      origin smallint NOT NULL,
      parent_task_id text REFERENCES decomposition.tasks (task_id),
      status text NOT NULL CHECK (status IN ('created', 'decided')),
      decided_options text[],
      question bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (project_id, item_id, question_id, ontology_version),
      FOREIGN KEY (project_id, item_id) REFERENCES decomposition.items (project_id, item_id)
    )`);
    // Decisions learned from decisions.v1 (only those about our tasks).
    await q.query(`CREATE TABLE decomposition.decisions (
      decision_id text PRIMARY KEY,
      project_id text NOT NULL,
      task_id text NOT NULL REFERENCES decomposition.tasks (task_id),
      item_id text NOT NULL,
      question_id text NOT NULL,
      ontology_version integer NOT NULL,
      options text[] NOT NULL,
      event_id text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX decisions_by_item ON decomposition.decisions (project_id, item_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE decomposition.decisions`);
    await q.query(`DROP TABLE decomposition.tasks`);
    await q.query(`DROP TABLE decomposition.items`);
    await q.query(`DROP TABLE decomposition.ontology_versions`);
    await q.query(`DROP TABLE decomposition.projects`);
  }
}
