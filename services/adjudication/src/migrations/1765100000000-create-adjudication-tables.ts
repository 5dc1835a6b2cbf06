import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The adjudication schema: the local copy of projects (members and every ontology version
 * seen), the expert queue (requests with their state, claim lease and escalation), verdicts
 * (with gold confirmation), and the expert-agreement feedback per annotator.
 */
export class CreateAdjudicationTables1765100000000 implements MigrationInterface {
  name = 'CreateAdjudicationTables1765100000000';

  async up(q: QueryRunner): Promise<void> {
    // Local copy of projects.v1 (only a higher revision replaces a row).
    await q.query(`CREATE TABLE adjudication.projects (
      project_id text PRIMARY KEY,
      revision bigint NOT NULL,
      name text NOT NULL DEFAULT '',
      archived boolean NOT NULL DEFAULT false,
      current_ontology_version integer,
      reliability_floor double precision NOT NULL DEFAULT 0,
      event_id text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE adjudication.members (
      project_id text NOT NULL REFERENCES adjudication.projects (project_id) ON DELETE CASCADE,
      user_id text NOT NULL,
      roles text[] NOT NULL,
      active boolean NOT NULL,
      PRIMARY KEY (project_id, user_id)
    )`);
    // Every ontology version ever seen on projects.v1: versions are immutable, so the first
    // copy is kept; a request under an older version still shows its guidelines.
    await q.query(`CREATE TABLE adjudication.ontology_versions (
      project_id text NOT NULL,
      version integer NOT NULL,
      guidelines jsonb NOT NULL,
      questions jsonb NOT NULL,
      published_at timestamptz,
      published_by text NOT NULL DEFAULT '',
      event_id text NOT NULL,
      PRIMARY KEY (project_id, version)
    )`);
    // The expert queue: one row per adjudication request (request_id is the de-duplication key).
    await q.query(`CREATE TABLE adjudication.requests (
      request_id text PRIMARY KEY,
      project_id text NOT NULL,
      item_id text NOT NULL,
      task_id text NOT NULL,
      question_id text NOT NULL,
      ontology_version integer NOT NULL,
      reasons text[] NOT NULL,
      priority integer NOT NULL,
      detail text NOT NULL DEFAULT '',
      state text NOT NULL CHECK (state IN ('open', 'escalated', 'decided')),
      claimed_by text,
      claimed_at timestamptz,
      lease_expires_at timestamptz,
      escalated_by text,
      escalated_at timestamptz,
      escalation_note text,
      answerer_ids text[] NOT NULL DEFAULT '{}',
      event jsonb NOT NULL,
      event_id text NOT NULL,
      requested_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      decided_at timestamptz
    )`);
    await q.query(`CREATE INDEX requests_queue ON adjudication.requests (project_id, state, priority DESC, requested_at, request_id)
      WHERE state <> 'decided'`);
    await q.query(`CREATE INDEX requests_by_project ON adjudication.requests (project_id, state, requested_at)`);
    // One verdict per request; gold confirmation by a project manager is recorded on it.
    await q.query(`CREATE TABLE adjudication.verdicts (
      request_id text PRIMARY KEY REFERENCES adjudication.requests (request_id),
      project_id text NOT NULL,
      decision_id text NOT NULL UNIQUE,
      adjudicator_id text NOT NULL,
      tier text NOT NULL CHECK (tier IN ('expert', 'project_manager')),
      label text NOT NULL,
      answer jsonb NOT NULL,
      confidence double precision NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
      note text NOT NULL DEFAULT '',
      gold_candidate boolean NOT NULL,
      overrode_majority boolean NOT NULL,
      decided_at timestamptz NOT NULL,
      decision jsonb NOT NULL,
      gold_confirmed_by text,
      gold_confirmed_at timestamptz,
      gold_decision_id text
    )`);
    await q.query(`CREATE INDEX verdicts_gold_candidates ON adjudication.verdicts (project_id)
      WHERE gold_candidate AND gold_confirmed_at IS NULL`);
    // What adjudication knows of each annotator per project: quality's latest reliability and
    // suspension (from annotators.v1) and the running expert-agreement counts.
    await q.query(`CREATE TABLE adjudication.annotator_standing (
      project_id text NOT NULL,
      annotator_id text NOT NULL,
      reliability double precision,
      suspended boolean NOT NULL DEFAULT false,
      quality_occurred_at timestamptz,
      expert_scored integer NOT NULL DEFAULT 0,
      expert_agreed integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, annotator_id)
    )`);
    // Every answer judged against a verdict (the observations published on annotators.v1).
    await q.query(`CREATE TABLE adjudication.expert_observations (
      request_id text NOT NULL REFERENCES adjudication.requests (request_id),
      annotation_id text NOT NULL,
      project_id text NOT NULL,
      annotator_id text NOT NULL,
      agreed boolean NOT NULL,
      previous_reliability double precision NOT NULL,
      reliability double precision NOT NULL,
      event_id text NOT NULL,
      observed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (request_id, annotation_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['expert_observations', 'annotator_standing', 'verdicts', 'requests', 'ontology_versions', 'members', 'projects']) {
      await q.query(`DROP TABLE IF EXISTS adjudication.${t}`);
    }
  }
}
