import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The quality schema: the local copy of projects, every answer, task state, gold items,
 * annotator statistics with their reliability history, and the Dawid-Skene fit state.
 */
export class CreateQualityTables1764900000000 implements MigrationInterface {
  name = 'CreateQualityTables1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE quality.projects (
      project_id text PRIMARY KEY,
      revision bigint NOT NULL,
      archived boolean NOT NULL,
      answers_per_task integer NOT NULL,
      agreement_threshold double precision NOT NULL,
      posterior_threshold double precision NOT NULL,
      reliability_floor double precision NOT NULL,
      ontology_version integer,
      questions jsonb NOT NULL DEFAULT '{}'::jsonb,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);

    // Every answer received (human, machine, honeypot, late). answer_key is the canonical
    // equality key; counted marks the answers that make up a real task's N.
    await q.query(`CREATE TABLE quality.answers (
      annotation_id text PRIMARY KEY,
      event_id text NOT NULL,
      project_id text NOT NULL,
      task_id text NOT NULL,
      item_id text NOT NULL,
      question_id text NOT NULL,
      ontology_version integer NOT NULL,
      annotator_id text NOT NULL,
      source smallint NOT NULL,
      kind text NOT NULL,
      answer_key text,
      honeypot boolean NOT NULL,
      expected_key text,
      honeypot_correct boolean,
      counted boolean NOT NULL,
      draft_key text,
      draft_record bytea,
      record bytea NOT NULL,
      submitted_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      seq bigserial NOT NULL
    )`);
    await q.query(`CREATE INDEX answers_task ON quality.answers (task_id)`);
    await q.query(`CREATE INDEX answers_fit ON quality.answers (project_id, question_id, ontology_version, seq)
      WHERE source = 1 AND kind = 'choice' AND (counted OR honeypot)`);
    await q.query(`CREATE INDEX answers_window ON quality.answers (project_id, submitted_at) WHERE counted`);
    await q.query(`CREATE UNIQUE INDEX answers_one_per_annotator ON quality.answers (task_id, annotator_id) WHERE counted`);

    await q.query(`CREATE TABLE quality.tasks (
      task_id text PRIMARY KEY,
      project_id text NOT NULL,
      item_id text NOT NULL,
      question_id text NOT NULL,
      ontology_version integer NOT NULL,
      answers_required integer,
      human_answers integer NOT NULL DEFAULT 0,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'decided', 'adjudication')),
      outcome_event_id text,
      label text,
      agreement double precision,
      confidence double precision,
      reasons text[],
      created_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz
    )`);
    await q.query(`CREATE INDEX tasks_open ON quality.tasks (project_id) WHERE status = 'open'`);

    // Items with a known answer: honeypots (expected answer) now, expert-confirmed gold later.
    await q.query(`CREATE TABLE quality.gold_items (
      project_id text NOT NULL,
      item_id text NOT NULL,
      question_id text NOT NULL,
      ontology_version integer NOT NULL,
      source text NOT NULL CHECK (source IN ('honeypot', 'adjudication')),
      label_key text NOT NULL,
      confirmed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, item_id, question_id, ontology_version, source)
    )`);

    await q.query(`CREATE TABLE quality.annotator_stats (
      project_id text NOT NULL,
      annotator_id text NOT NULL,
      honeypots_answered integer NOT NULL DEFAULT 0,
      honeypots_correct integer NOT NULL DEFAULT 0,
      gold_answered integer NOT NULL DEFAULT 0,
      gold_correct integer NOT NULL DEFAULT 0,
      answers_counted integer NOT NULL DEFAULT 0,
      agreement_pairs integer NOT NULL DEFAULT 0,
      agreeing_pairs integer NOT NULL DEFAULT 0,
      reliability double precision,
      published_reliability double precision,
      suspended boolean NOT NULL DEFAULT false,
      suspended_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, annotator_id)
    )`);

    // DS reliability of an annotator per fitted question (answer-weighted into one number).
    await q.query(`CREATE TABLE quality.ds_worker_reliability (
      project_id text NOT NULL,
      question_id text NOT NULL,
      ontology_version integer NOT NULL,
      annotator_id text NOT NULL,
      reliability double precision NOT NULL,
      answers integer NOT NULL,
      PRIMARY KEY (project_id, annotator_id, question_id, ontology_version)
    )`);

    await q.query(`CREATE TABLE quality.reliability_history (
      id bigserial PRIMARY KEY,
      project_id text NOT NULL,
      annotator_id text NOT NULL,
      change text NOT NULL,
      reliability double precision NOT NULL,
      previous_reliability double precision,
      honeypot_accuracy double precision,
      honeypots_answered integer NOT NULL,
      gold_accuracy double precision,
      ds_reliability double precision,
      agreement double precision,
      suspended boolean NOT NULL,
      reason text NOT NULL,
      trigger_event_id text,
      event_id text NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX reliability_history_annotator ON quality.reliability_history (project_id, annotator_id, id)`);

    // Dawid-Skene state per (project, question, ontology version): the warm start of the next fit.
    await q.query(`CREATE TABLE quality.ds_fits (
      project_id text NOT NULL,
      question_id text NOT NULL,
      ontology_version integer NOT NULL,
      class_names jsonb,
      worker_names jsonb,
      priors jsonb,
      confusion bytea,
      answers_in_fit integer NOT NULL DEFAULT 0,
      answers_since_fit integer NOT NULL DEFAULT 0,
      iterations integer,
      converged boolean,
      log_likelihood double precision,
      fits integer NOT NULL DEFAULT 0,
      fitted_at timestamptz,
      PRIMARY KEY (project_id, question_id, ontology_version)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['ds_fits', 'reliability_history', 'ds_worker_reliability', 'annotator_stats', 'gold_items', 'tasks', 'answers', 'projects']) {
      await q.query(`DROP TABLE quality.${t}`);
    }
  }
}
