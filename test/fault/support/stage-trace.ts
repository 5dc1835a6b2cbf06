import { Client } from 'pg';
import { stackEnv } from '@verity/testing';

/**
 * Where each given content event stopped on its way through the services, read from their own
 * tables: what a failed history check prints, so an intermittent loss names the stage it
 * happened at instead of only its count.
 */
export async function traceStages(projectId: string, source: string, sourceIds: readonly string[], databaseUrl = stackEnv().databaseUrl): Promise<string[]> {
  if (sourceIds.length === 0) return [];
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const lines: string[] = [];
    for (const sourceId of sourceIds) {
      const items = await pg.query<{ item_id: string; matched: string[] | null; created_at: Date }>(
        `SELECT item_id, matched_project_ids AS matched, created_at FROM ingestion.items WHERE source = $1 AND source_id = $2`,
        [source, sourceId],
      );
      if (items.rows.length === 0) {
        lines.push(`${sourceId}: no item in ingestion`);
        continue;
      }
      for (const item of items.rows) {
        // Only this project's rows: the same content also feeds every project without a source filter.
        const stage = async (label: string, sql: string) => {
          const r = await pg.query(sql, [item.item_id, projectId]);
          return `${label} ${r.rows.length ? JSON.stringify(r.rows) : '—'}`;
        };
        const parts = await Promise.all([
          stage('decomposition', `SELECT status, decomposed_at FROM decomposition.items WHERE item_id = $1 AND project_id = $2`),
          stage('tasks', `SELECT task_id, status FROM decomposition.tasks WHERE item_id = $1 AND project_id = $2`),
          stage('prelabel', `SELECT task_id, received_at FROM prelabel.tasks WHERE item_id = $1 AND project_id = $2`),
          stage('assignment', `SELECT task_id, kind, completed_at FROM assignment.tasks WHERE item_id = $1 AND project_id = $2`),
          stage('answers', `SELECT annotator_id, submitted_at FROM assignment.answers WHERE item_id = $1 AND project_id = $2`),
          stage('quality', `SELECT status, human_answers, answers_required, closed_at FROM quality.tasks WHERE item_id = $1 AND project_id = $2`),
          stage('export', `SELECT label_version, status, created_at FROM export.label_versions WHERE item_id = $1 AND project_id = $2`),
        ]);
        const matched = (item.matched ?? []).includes(projectId) ? 'matched the project' : 'did NOT match the project';
        lines.push(`${sourceId} item ${item.item_id} (${matched}, at ${item.created_at.toISOString()}): ${parts.join(' | ')}`);
      }
    }
    return lines;
  } finally {
    await pg.end();
  }
}
