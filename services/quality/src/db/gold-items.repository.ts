import { Injectable } from '@nestjs/common';
import { type Queryable, rows } from '@verity/persistence';

/** quality.gold_items: honeypot expected answers now; expert-confirmed gold (source 'adjudication') later. */
@Injectable()
export class GoldItemsRepository {
  async upsert(
    tx: Queryable,
    projectId: string,
    g: { itemId: string; questionId: string; ontologyVersion: number; source: 'honeypot' | 'adjudication'; labelKey: string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO quality.gold_items (project_id, item_id, question_id, ontology_version, source, label_key)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (project_id, item_id, question_id, ontology_version, source) DO UPDATE SET label_key = excluded.label_key
       WHERE gold_items.label_key <> excluded.label_key`,
      [projectId, g.itemId, g.questionId, g.ontologyVersion, g.source, g.labelKey],
    );
  }

  /** Item → known label for a question; expert-confirmed gold wins over a honeypot's expected answer. */
  async forQuestion(tx: Queryable, projectId: string, questionId: string, version: number): Promise<Map<string, string>> {
    const known = await rows<{ item_id: string; label_key: string }>(
      tx,
      `SELECT item_id, label_key FROM quality.gold_items WHERE project_id = $1 AND question_id = $2 AND ontology_version = $3
       ORDER BY CASE source WHEN 'honeypot' THEN 0 ELSE 1 END`,
      [projectId, questionId, version],
    );
    return new Map(known.map((r) => [r.item_id, r.label_key]));
  }
}
