import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Labeling functions as project artifacts (issue #14):
 * - `labeling_functions`: every version of every LF of a project; a changed definition is a new
 *   row (version + 1), so old votes stay attributable. `retired_at` set on all versions of an LF
 *   when it is retired: it stops voting, its history stays.
 * - `lf_votes`: one row per (item, question, LF version) that fired; an abstain is no row.
 * - `projects.ontology`: the questions and option ids of the project's current ontology (from
 *   projects.v1 `current_ontology`), to refuse an LF naming an unknown question or option.
 */
export class LabelingFunctions1765800000000 implements MigrationInterface {
  name = 'LabelingFunctions1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE prelabel.labeling_functions (
      project_id text NOT NULL,
      lf_id text NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      owner text NOT NULL,
      question_id text NOT NULL,
      kind text NOT NULL,
      definition jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      retired_at timestamptz,
      PRIMARY KEY (project_id, lf_id, version)
    )`);
    await q.query(`CREATE TABLE prelabel.lf_votes (
      project_id text NOT NULL,
      item_id text NOT NULL,
      question_id text NOT NULL,
      lf_id text NOT NULL,
      lf_version integer NOT NULL,
      label text NOT NULL,
      voted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, item_id, question_id, lf_id, lf_version)
    )`);
    await q.query(`CREATE INDEX lf_votes_by_question ON prelabel.lf_votes (project_id, question_id)`);
    // An item's erasure deletes its votes in every project (PrelabelCopiesEraser).
    await q.query(`CREATE INDEX lf_votes_by_item ON prelabel.lf_votes (item_id)`);
    await q.query(`ALTER TABLE prelabel.projects ADD COLUMN ontology jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prelabel.projects DROP COLUMN ontology`);
    await q.query(`DROP TABLE IF EXISTS prelabel.lf_votes`);
    await q.query(`DROP TABLE IF EXISTS prelabel.labeling_functions`);
  }
}
