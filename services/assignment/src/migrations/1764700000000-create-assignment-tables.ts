import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Queues, slots, leases, answers, skips, the local copy of projects and members, the honeypot
 * gold store, annotator suspensions and the per-annotator lease counters.
 */
export class CreateAssignmentTables1764700000000 implements MigrationInterface {
  name = 'CreateAssignmentTables1764700000000';

  async up(q: QueryRunner): Promise<void> {
    // Local copy of projects.v1 (only a higher revision replaces a row).
    await q.query(`CREATE TABLE assignment.projects (
      project_id text PRIMARY KEY,
      revision bigint NOT NULL,
      archived boolean NOT NULL DEFAULT false,
      answers_per_task integer NOT NULL,
      honeypot_rate double precision NOT NULL,
      lease_seconds integer NOT NULL,
      required_skills text[] NOT NULL DEFAULT '{}',
      match_language boolean NOT NULL DEFAULT false,
      ontology_version integer,
      event_id text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE assignment.members (
      project_id text NOT NULL REFERENCES assignment.projects (project_id) ON DELETE CASCADE,
      user_id text NOT NULL,
      roles text[] NOT NULL,
      skills text[] NOT NULL DEFAULT '{}',
      languages text[] NOT NULL DEFAULT '{}',
      active boolean NOT NULL,
      PRIMARY KEY (project_id, user_id)
    )`);
    // annotators.v1: the latest suspension state per annotator (made per project by 1765300000000).
    await q.query(`CREATE TABLE assignment.suspensions (
      annotator_id text PRIMARY KEY,
      suspended boolean NOT NULL,
      reason text NOT NULL DEFAULT '',
      event_id text NOT NULL,
      occurred_at timestamptz NOT NULL
    )`);
    // Tasks: real ones from tasks.v1 / prelabels.v1, and per-annotator honeypot copies.
    await q.query(`CREATE TABLE assignment.tasks (
      task_id text PRIMARY KEY,
      project_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('real', 'honeypot')),
      gold_id text,
      item_id text NOT NULL,
      question_id text NOT NULL,
      ontology_version integer NOT NULL,
      question jsonb NOT NULL,
      content_type smallint NOT NULL,
      masked_text text,
      payload_ref jsonb,
      guidelines text NOT NULL DEFAULT '',
      language text,
      required_skills text[] NOT NULL DEFAULT '{}',
      answers_required integer NOT NULL,
      priority integer NOT NULL DEFAULT 0,
      draft jsonb,
      draft_event_id text,
      draft_model jsonb,
      audit boolean NOT NULL DEFAULT false,
      source_event_id text NOT NULL,
      correlation_id text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz
    )`);
    await q.query(`CREATE INDEX tasks_queue ON assignment.tasks (project_id, priority DESC, received_at, task_id)
      WHERE kind = 'real' AND completed_at IS NULL`);
    await q.query(`CREATE INDEX tasks_by_item ON assignment.tasks (project_id, item_id, question_id)`);
    // One slot per wanted answer: the unit that is leased, so N annotators work a task at once.
    await q.query(`CREATE TABLE assignment.slots (
      task_id text NOT NULL REFERENCES assignment.tasks (task_id) ON DELETE CASCADE,
      slot_no integer NOT NULL,
      project_id text NOT NULL,
      state text NOT NULL CHECK (state IN ('open', 'leased', 'done', 'void')),
      lease_id text,
      annotator_id text,
      expires_at timestamptz,
      PRIMARY KEY (task_id, slot_no)
    )`);
    await q.query(`CREATE INDEX slots_takeable ON assignment.slots (project_id, task_id) WHERE state IN ('open', 'leased')`);
    await q.query(`CREATE INDEX slots_expiring ON assignment.slots (expires_at) WHERE state = 'leased'`);
    // Every lease ever given (history): who, when, until when, and how it ended.
    await q.query(`CREATE TABLE assignment.assignments (
      lease_id text PRIMARY KEY,
      task_id text NOT NULL REFERENCES assignment.tasks (task_id),
      slot_no integer NOT NULL,
      project_id text NOT NULL,
      item_id text NOT NULL,
      question_id text NOT NULL,
      annotator_id text NOT NULL,
      state text NOT NULL CHECK (state IN ('leased', 'submitted', 'skipped', 'expired')),
      leased_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      ended_at timestamptz,
      draft_shown boolean NOT NULL DEFAULT false
    )`);
    // Never the same person twice on one task (an expired lease does not count).
    await q.query(`CREATE UNIQUE INDEX assignments_once_per_person ON assignment.assignments (task_id, annotator_id)
      WHERE state IN ('leased', 'submitted', 'skipped')`);
    await q.query(`CREATE INDEX assignments_by_person ON assignment.assignments (project_id, annotator_id, item_id, question_id)`);
    await q.query(`CREATE TABLE assignment.answers (
      annotation_id text PRIMARY KEY,
      lease_id text NOT NULL UNIQUE REFERENCES assignment.assignments (lease_id),
      task_id text NOT NULL,
      project_id text NOT NULL,
      item_id text NOT NULL,
      question_id text NOT NULL,
      ontology_version integer NOT NULL,
      annotator_id text NOT NULL,
      answer jsonb NOT NULL,
      time_spent_ms bigint NOT NULL,
      assigned_at timestamptz NOT NULL,
      submitted_at timestamptz NOT NULL,
      draft_shown boolean NOT NULL,
      honeypot boolean NOT NULL,
      event_id text NOT NULL
    )`);
    await q.query(`CREATE INDEX answers_by_task ON assignment.answers (project_id, task_id)`);
    await q.query(`CREATE TABLE assignment.skips (
      lease_id text PRIMARY KEY REFERENCES assignment.assignments (lease_id),
      task_id text NOT NULL,
      project_id text NOT NULL,
      annotator_id text NOT NULL,
      reason text NOT NULL,
      skipped_at timestamptz NOT NULL DEFAULT now()
    )`);
    // The gold set honeypots are drawn from.
    await q.query(`CREATE TABLE assignment.gold_items (
      gold_id text PRIMARY KEY,
      project_id text NOT NULL,
      source text NOT NULL CHECK (source IN ('tasks', 'endpoint')),
      item_id text NOT NULL,
      question_id text NOT NULL,
      ontology_version integer NOT NULL,
      question jsonb NOT NULL,
      content_type smallint NOT NULL,
      masked_text text,
      payload_ref jsonb,
      guidelines text NOT NULL DEFAULT '',
      language text,
      required_skills text[] NOT NULL DEFAULT '{}',
      expected_answer jsonb NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX gold_by_project ON assignment.gold_items (project_id)`);
    // Leases served per project and annotator: the honeypot schedule's counter.
    await q.query(`CREATE TABLE assignment.lease_counters (
      project_id text NOT NULL,
      annotator_id text NOT NULL,
      leases bigint NOT NULL DEFAULT 0,
      honeypots bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (project_id, annotator_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['lease_counters', 'gold_items', 'skips', 'answers', 'assignments', 'slots', 'tasks', 'suspensions', 'members', 'projects']) {
      await q.query(`DROP TABLE IF EXISTS assignment.${t}`);
    }
  }
}
