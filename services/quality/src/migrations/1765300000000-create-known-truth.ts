import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Expert feedback as known truth: one row per (project, annotator, item, question, ontology
 * version) judged by an expert verdict (annotators.v1 EXPERT_VERDICT) or by confirmed gold
 * (decisions.v1 gold=true). annotator_stats.gold_answered / gold_correct are the sums of this
 * ledger, so a verdict and the gold confirmation of the same answer count once.
 */
export class CreateKnownTruth1765300000000 implements MigrationInterface {
  name = 'CreateKnownTruth1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE quality.known_truth (
      project_id text NOT NULL,
      annotator_id text NOT NULL,
      item_id text NOT NULL,
      question_id text NOT NULL,
      ontology_version integer NOT NULL,
      source text NOT NULL CHECK (source IN ('expert_verdict', 'gold')),
      correct boolean NOT NULL,
      annotation_id text,
      truth_key text,
      event_id text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, annotator_id, item_id, question_id, ontology_version)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS quality.known_truth`);
  }
}
