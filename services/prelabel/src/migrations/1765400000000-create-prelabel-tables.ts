import { MigrationInterface, QueryRunner } from 'typeorm';

/** Project policy copies, tasks seen, labels, models + calibrations, drafts, LLM usage, weak labels, AL candidates. */
export class CreatePrelabelTables1765400000000 implements MigrationInterface {
  name = 'CreatePrelabelTables1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE prelabel.projects (
      project_id text PRIMARY KEY,
      revision bigint NOT NULL,
      mode smallint NOT NULL,
      auto_accept_threshold double precision,
      target_precision double precision,
      audit_rate double precision NOT NULL DEFAULT 0,
      sampling_strategy smallint NOT NULL DEFAULT 0,
      al_daily_budget integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    // Every task seen on tasks.v1 (the item's masked text is the local model's input).
    await q.query(`CREATE TABLE prelabel.tasks (
      task_id text PRIMARY KEY,
      project_id text NOT NULL,
      item_id text NOT NULL,
      question_id text NOT NULL,
      ontology_version integer NOT NULL,
      task bytea NOT NULL,
      text text,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX tasks_by_item ON prelabel.tasks (project_id, item_id, question_id)`);
    // Latest label version per (project, item, question) from labels.v1.
    await q.query(`CREATE TABLE prelabel.labels (
      project_id text NOT NULL,
      item_id text NOT NULL,
      question_id text NOT NULL,
      label_version integer NOT NULL,
      option_id text NOT NULL,
      gold boolean NOT NULL,
      excluded boolean NOT NULL,
      event_id text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, item_id, question_id)
    )`);
    await q.query(`CREATE INDEX labels_by_question ON prelabel.labels (project_id, question_id, received_at)`);
    // Model versions per (project, question, backend): the local classifier's weights, and for
    // both backends the isotonic calibration map, its report (ECE, accuracy) and the threshold.
    await q.query(`CREATE TABLE prelabel.models (
      project_id text NOT NULL,
      question_id text NOT NULL,
      backend text NOT NULL CHECK (backend IN ('local', 'llm')),
      version integer NOT NULL,
      model_id text NOT NULL,
      classes text[] NOT NULL,
      n_labels integer NOT NULL,
      state jsonb,
      calibration jsonb NOT NULL,
      report jsonb NOT NULL,
      threshold double precision,
      trained_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, question_id, backend, version)
    )`);
    // One draft (or failure) per task, with the route it took.
    await q.query(`CREATE TABLE prelabel.drafts (
      task_id text PRIMARY KEY,
      event_id text NOT NULL,
      project_id text NOT NULL,
      item_id text NOT NULL,
      question_id text NOT NULL,
      backend text NOT NULL,
      model_id text NOT NULL,
      model_version text NOT NULL,
      prompt_version text NOT NULL,
      option_id text,
      confidence double precision,
      calibrated double precision,
      threshold double precision,
      route text NOT NULL,
      failure text,
      audit boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX drafts_by_item ON prelabel.drafts (project_id, item_id, question_id)`);
    // LLM token usage and cost per task (all attempts).
    await q.query(`CREATE TABLE prelabel.llm_usage (
      task_id text PRIMARY KEY,
      project_id text NOT NULL,
      model text NOT NULL,
      prompt_tokens bigint NOT NULL,
      completion_tokens bigint NOT NULL,
      calls integer NOT NULL,
      cost_micro_usd bigint NOT NULL,
      failure text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX llm_usage_by_project ON prelabel.llm_usage (project_id, created_at)`);
    await q.query(`CREATE TABLE prelabel.weak_labels (
      feedback_id text PRIMARY KEY,
      event_id text NOT NULL,
      project_id text,
      item_id text,
      source text NOT NULL,
      source_id text NOT NULL,
      question_id text NOT NULL,
      feedback_source smallint NOT NULL,
      source_detail text NOT NULL,
      actor_id text NOT NULL,
      answer bytea NOT NULL,
      confidence double precision,
      request_review boolean NOT NULL,
      observed_at timestamptz,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX weak_labels_by_item ON prelabel.weak_labels (item_id, question_id)`);
    // Active learning: scored candidates (deployed-model predictions or the local model's pool).
    await q.query(`CREATE TABLE prelabel.al_candidates (
      project_id text NOT NULL,
      item_id text NOT NULL,
      question_id text NOT NULL,
      origin text NOT NULL CHECK (origin IN ('predictions', 'pool')),
      strategy text NOT NULL,
      uncertainty double precision NOT NULL,
      status text NOT NULL CHECK (status IN ('candidate', 'selected')),
      source_ref text,
      created_at timestamptz NOT NULL DEFAULT now(),
      selected_at timestamptz,
      PRIMARY KEY (project_id, item_id, question_id)
    )`);
    await q.query(`CREATE INDEX al_open ON prelabel.al_candidates (project_id, uncertainty DESC) WHERE status = 'candidate'`);
    // predictions.v1 whose item id is unknown: kept for operators (ingestion resolves source ids).
    await q.query(`CREATE TABLE prelabel.unresolved_predictions (
      prediction_id text PRIMARY KEY,
      project_id text,
      source text NOT NULL,
      source_id text NOT NULL,
      question_id text NOT NULL,
      uncertainty double precision NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['unresolved_predictions', 'al_candidates', 'weak_labels', 'llm_usage', 'drafts', 'models', 'labels', 'tasks', 'projects'])
      await q.query(`DROP TABLE prelabel.${t}`);
  }
}
