import { MigrationInterface, QueryRunner } from 'typeorm';

/** People (users, API keys), projects with members, and versioned ontologies. */
export class CreatePeopleProjectsOntologies1764600000000 implements MigrationInterface {
  name = 'CreatePeopleProjectsOntologies1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE gateway.users (
      id text PRIMARY KEY,
      email text NOT NULL,
      display_name text NOT NULL,
      roles text[] NOT NULL,
      password_hash text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX users_email ON gateway.users (lower(email))`);
    await q.query(`CREATE TABLE gateway.api_keys (
      id text PRIMARY KEY,
      name text NOT NULL,
      roles text[] NOT NULL,
      project_ids text[] NOT NULL DEFAULT '{}',
      secret_hash text NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    )`);
    await q.query(`CREATE TABLE gateway.projects (
      id text PRIMARY KEY,
      name text NOT NULL,
      description text NOT NULL DEFAULT '',
      content_types text[] NOT NULL,
      filter jsonb NOT NULL,
      policy jsonb NOT NULL,
      archived boolean NOT NULL DEFAULT false,
      current_ontology_version integer,
      current_relabel_policy text,
      revision bigint NOT NULL DEFAULT 0,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE gateway.project_members (
      project_id text NOT NULL REFERENCES gateway.projects (id),
      user_id text NOT NULL REFERENCES gateway.users (id),
      roles text[] NOT NULL,
      skills text[] NOT NULL DEFAULT '{}',
      languages text[] NOT NULL DEFAULT '{}',
      active boolean NOT NULL DEFAULT true,
      added_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (project_id, user_id)
    )`);
    await q.query(`CREATE INDEX project_members_user ON gateway.project_members (user_id)`);
    await q.query(`CREATE TABLE gateway.ontology_versions (
      project_id text NOT NULL REFERENCES gateway.projects (id),
      version integer NOT NULL,
      status text NOT NULL CHECK (status IN ('draft', 'published')),
      guidelines jsonb NOT NULL,
      questions jsonb NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz,
      published_by text,
      relabel_policy text,
      PRIMARY KEY (project_id, version)
    )`);
    // At most one draft per project at a time.
    await q.query(`CREATE UNIQUE INDEX ontology_one_draft ON gateway.ontology_versions (project_id) WHERE status = 'draft'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gateway.ontology_versions`);
    await q.query(`DROP TABLE gateway.project_members`);
    await q.query(`DROP TABLE gateway.projects`);
    await q.query(`DROP TABLE gateway.api_keys`);
    await q.query(`DROP TABLE gateway.users`);
  }
}
