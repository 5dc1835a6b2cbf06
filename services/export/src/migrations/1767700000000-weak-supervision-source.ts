import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A label decided by weak supervision (aggregation method WEAK_SUPERVISION: the label model's
 * weak label auto-accepted; its answer record is the MACHINE answer of backend LABEL_MODEL)
 * counts under the source `weak_supervision` on the dashboards. Before this the function only
 * knew weak labels riding along human answers, and would have counted these as `human`. No such
 * label existed before the method did, so the counters need no recount.
 */
export class WeakSupervisionSource1767700000000 implements MigrationInterface {
  name = 'WeakSupervisionSource1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(source(`WHEN p -> 'aggregation' ->> 'method' = 'AGGREGATION_METHOD_WEAK_SUPERVISION' THEN 'weak_supervision'`));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(source(''));
  }
}

/** export.stat_label_source as 1765800000000 defined it, with `extra` tried right after the expert case. */
function source(extra: string): string {
  return `CREATE OR REPLACE FUNCTION export.stat_label_source(p jsonb, adjudicated boolean) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE
        WHEN adjudicated OR coalesce(p -> 'verdict' ->> 'requestId', '') <> '' OR p -> 'aggregation' ->> 'method' = 'AGGREGATION_METHOD_ADJUDICATION' THEN 'expert'
        ${extra}
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
    $$`;
}
