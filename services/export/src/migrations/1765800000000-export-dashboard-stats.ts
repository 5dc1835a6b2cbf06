import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Maintained counters for the dashboards (GET /v1/projects/:projectId/stats), kept by a
 * statement-level trigger on `export.label_versions` in the same transaction as the label
 * version (the decision and exclusion code is untouched), so a dashboard reads a few rows per
 * project instead of reading the provenance of a million labels.
 *
 * Per project, label source and aggregation method:
 * - `labels`: ACTIVE label versions published (labels.v1 events), `excluded`: EXCLUDED ones;
 * - `current`: labels (item, question) whose latest version is ACTIVE and was decided that way
 *   (a new version moves its label from the previous version's source to its own);
 * - `verdicts` / `verdict_ms`: expert verdicts, each counted once (the first ACTIVE version that
 *   carries its request id; gold confirmations and migrations repeat it), and the expert's measured
 *   time on it (claim to verdict, the EXPERT answer record's `timeSpentMs`).
 * The same flows per UTC minute of `created_at` (when export published them).
 *
 * Source of a version (`export.stat_label_source`): an expert verdict → `expert`; machine
 * auto-accept → `llm`, `local_model` or `external_model` by the model's backend; no human or
 * machine answer but weak labels → `weak_supervision`; else `human`.
 *
 * Rows are sharded by the writing backend (`pg_backend_pid() % 16`) so concurrent decisions do
 * not wait on one counter row. Existing versions are counted once here, under a lock that holds
 * writers back meanwhile.
 */
export class ExportDashboardStats1765800000000 implements MigrationInterface {
  name = 'ExportDashboardStats1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE export.label_versions IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`CREATE TABLE export.stat_totals (
      project_id text NOT NULL,
      source text NOT NULL,
      method text NOT NULL,
      shard smallint NOT NULL,
      labels bigint NOT NULL DEFAULT 0,
      excluded bigint NOT NULL DEFAULT 0,
      current bigint NOT NULL DEFAULT 0,
      verdicts bigint NOT NULL DEFAULT 0,
      verdict_ms bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (project_id, source, method, shard)
    )`);
    await q.query(`CREATE TABLE export.stat_minutes (
      project_id text NOT NULL,
      minute timestamptz NOT NULL,
      source text NOT NULL,
      method text NOT NULL,
      shard smallint NOT NULL,
      labels bigint NOT NULL DEFAULT 0,
      excluded bigint NOT NULL DEFAULT 0,
      verdicts bigint NOT NULL DEFAULT 0,
      verdict_ms bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (project_id, minute, source, method, shard)
    )`);
    await q.query(`CREATE FUNCTION export.stat_label_source(p jsonb, adjudicated boolean) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE
        WHEN adjudicated OR coalesce(p -> 'verdict' ->> 'requestId', '') <> '' OR p -> 'aggregation' ->> 'method' = 'AGGREGATION_METHOD_ADJUDICATION' THEN 'expert'
        WHEN p -> 'aggregation' ->> 'method' = 'AGGREGATION_METHOD_MACHINE_AUTO_ACCEPT' THEN
          CASE coalesce(
                 (SELECT a -> 'model' ->> 'backend' FROM jsonb_array_elements(coalesce(p -> 'answers', '[]')) a
                  WHERE a ->> 'source' = 'ANSWER_SOURCE_MACHINE' AND a -> 'model' ? 'backend' LIMIT 1),
                 'MODEL_BACKEND_' || (p -> 'aggregation' -> 'parameters' ->> 'backend'))
            WHEN 'MODEL_BACKEND_LOCAL' THEN 'local_model'
            WHEN 'MODEL_BACKEND_LLM' THEN 'llm'
            ELSE 'external_model' END
        WHEN jsonb_array_length(coalesce(p -> 'weakLabels', '[]')) > 0
             AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(p -> 'answers', '[]')) a
                             WHERE a ->> 'source' IN ('ANSWER_SOURCE_HUMAN', 'ANSWER_SOURCE_MACHINE')) THEN 'weak_supervision'
        ELSE 'human' END
    $$`);
    await q.query(`CREATE FUNCTION export.stat_label_method(p jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT coalesce(nullif(lower(replace(p -> 'aggregation' ->> 'method', 'AGGREGATION_METHOD_', '')), ''), 'unspecified')
    $$`);
    await q.query(`CREATE FUNCTION export.stat_verdict_ms(p jsonb) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
      SELECT coalesce(sum((a ->> 'timeSpentMs')::bigint), 0)::bigint FROM jsonb_array_elements(coalesce(p -> 'answers', '[]')) a
      WHERE a ->> 'source' = 'ANSWER_SOURCE_EXPERT'
    $$`);
    // Per inserted version: its source and method, the previous version's (its label moves from there), whether it brings a new verdict.
    await q.query(`CREATE FUNCTION export.stat_labels_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE v_shard smallint := (pg_backend_pid() % 16)::smallint;
      BEGIN
        WITH r AS (
          SELECT n.project_id, date_trunc('minute', n.created_at, 'UTC') AS minute, export.stat_label_source(n.provenance, n.adjudicated) AS source,
                 export.stat_label_method(n.provenance) AS method, n.status = 1 AS active,
                 n.status = 1 AND coalesce(n.provenance -> 'verdict' ->> 'requestId', '') <> '' AND NOT EXISTS (
                   SELECT 1 FROM export.label_versions e WHERE e.item_id = n.item_id AND e.question_id = n.question_id
                     AND e.label_version < n.label_version AND e.status = 1
                     AND e.provenance -> 'verdict' ->> 'requestId' = n.provenance -> 'verdict' ->> 'requestId') AS new_verdict,
                 export.stat_verdict_ms(n.provenance) AS verdict_ms,
                 export.stat_label_source(p.provenance, p.adjudicated) AS prev_source, export.stat_label_method(p.provenance) AS prev_method,
                 coalesce(p.status = 1, false) AS prev_active
          FROM new_versions n
          LEFT JOIN export.label_versions p ON p.item_id = n.item_id AND p.question_id = n.question_id AND p.label_version = n.label_version - 1
        ), totals AS (
          INSERT INTO export.stat_totals AS t (project_id, source, method, shard, labels, excluded, current, verdicts, verdict_ms)
          SELECT project_id, source, method, v_shard, sum(labels), sum(excluded), sum(current), sum(verdicts), sum(ms) FROM (
            SELECT project_id, source, method, active::int AS labels, (NOT active)::int AS excluded, active::int AS current,
                   new_verdict::int AS verdicts, CASE WHEN new_verdict THEN verdict_ms ELSE 0 END AS ms
            FROM r
            UNION ALL
            SELECT project_id, prev_source, prev_method, 0, 0, -1, 0, 0 FROM r WHERE prev_active
          ) x GROUP BY project_id, source, method
          ON CONFLICT ON CONSTRAINT stat_totals_pkey DO UPDATE SET labels = t.labels + EXCLUDED.labels,
            excluded = t.excluded + EXCLUDED.excluded, current = t.current + EXCLUDED.current,
            verdicts = t.verdicts + EXCLUDED.verdicts, verdict_ms = t.verdict_ms + EXCLUDED.verdict_ms
          RETURNING 1
        )
        INSERT INTO export.stat_minutes AS m (project_id, minute, source, method, shard, labels, excluded, verdicts, verdict_ms)
        SELECT project_id, minute, source, method, v_shard, count(*) FILTER (WHERE active), count(*) FILTER (WHERE NOT active),
               count(*) FILTER (WHERE new_verdict), coalesce(sum(verdict_ms) FILTER (WHERE new_verdict), 0)
        FROM r GROUP BY project_id, minute, source, method
        ON CONFLICT ON CONSTRAINT stat_minutes_pkey DO UPDATE SET labels = m.labels + EXCLUDED.labels,
          excluded = m.excluded + EXCLUDED.excluded, verdicts = m.verdicts + EXCLUDED.verdicts, verdict_ms = m.verdict_ms + EXCLUDED.verdict_ms;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER stat_labels_inserted AFTER INSERT ON export.label_versions
      REFERENCING NEW TABLE AS new_versions FOR EACH STATEMENT EXECUTE FUNCTION export.stat_labels_inserted()`);

    // What is already there, counted once (shard 0).
    await q.query(`CREATE TEMP TABLE stat_backfill ON COMMIT DROP AS
      SELECT v.project_id, date_trunc('minute', v.created_at, 'UTC') AS minute, export.stat_label_source(v.provenance, v.adjudicated) AS source,
             export.stat_label_method(v.provenance) AS method, v.status = 1 AS active,
             v.label_version = max(v.label_version) OVER (PARTITION BY v.item_id, v.question_id) AS latest,
             v.status = 1 AND coalesce(v.provenance -> 'verdict' ->> 'requestId', '') <> '' AND row_number() OVER (
               PARTITION BY v.item_id, v.question_id, v.provenance -> 'verdict' ->> 'requestId', v.status = 1 ORDER BY v.label_version) = 1 AS new_verdict,
             export.stat_verdict_ms(v.provenance) AS verdict_ms
      FROM export.label_versions v`);
    await q.query(`INSERT INTO export.stat_totals (project_id, source, method, shard, labels, excluded, current, verdicts, verdict_ms)
      SELECT project_id, source, method, 0, count(*) FILTER (WHERE active), count(*) FILTER (WHERE NOT active), count(*) FILTER (WHERE active AND latest),
             count(*) FILTER (WHERE new_verdict), coalesce(sum(verdict_ms) FILTER (WHERE new_verdict), 0)
      FROM stat_backfill GROUP BY project_id, source, method`);
    await q.query(`INSERT INTO export.stat_minutes (project_id, minute, source, method, shard, labels, excluded, verdicts, verdict_ms)
      SELECT project_id, minute, source, method, 0, count(*) FILTER (WHERE active), count(*) FILTER (WHERE NOT active),
             count(*) FILTER (WHERE new_verdict), coalesce(sum(verdict_ms) FILTER (WHERE new_verdict), 0)
      FROM stat_backfill GROUP BY project_id, minute, source, method`);
    await q.query(`DROP TABLE stat_backfill`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS stat_labels_inserted ON export.label_versions`);
    for (const f of ['stat_labels_inserted()', 'stat_label_source(jsonb, boolean)', 'stat_label_method(jsonb)', 'stat_verdict_ms(jsonb)']) {
      await q.query(`DROP FUNCTION IF EXISTS export.${f}`);
    }
    await q.query(`DROP TABLE IF EXISTS export.stat_minutes`);
    await q.query(`DROP TABLE IF EXISTS export.stat_totals`);
  }
}
