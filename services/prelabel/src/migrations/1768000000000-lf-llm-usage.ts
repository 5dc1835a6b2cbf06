import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What `llm` labeling functions spend: one row per (item, LF version) asked, so a redelivered
 * task or a repeated backfill is not asked (or billed) twice. The costs API sums it with the
 * drafts' `llm_usage` (purpose `labeling_functions`).
 */
export class LfLlmUsage1768000000000 implements MigrationInterface {
  name = 'LfLlmUsage1768000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS prelabel.lf_llm_usage (
      project_id text NOT NULL,
      item_id text NOT NULL,
      lf_id text NOT NULL,
      lf_version integer NOT NULL,
      model text NOT NULL,
      prompt_tokens bigint NOT NULL,
      completion_tokens bigint NOT NULL,
      calls integer NOT NULL,
      cost_micro_usd bigint NOT NULL,
      failure text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, lf_id, lf_version, item_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS prelabel.lf_llm_usage`);
  }
}
