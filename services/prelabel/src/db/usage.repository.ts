import { Injectable } from '@nestjs/common';
import { rows, type Queryable } from '@verity/persistence';

export interface UsageRow {
  taskId: string;
  projectId: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  calls: number;
  costMicroUsd: number;
  failure: string | null;
}

/** One `llm` labeling function's call about one item. */
export interface LfUsageRow extends Omit<UsageRow, 'taskId'> {
  itemId: string;
  lfId: string;
  lfVersion: number;
}

export interface CostSummary {
  /** What the calls were for: drafting tasks, or answering `llm` labeling functions' prompts. */
  purpose: 'drafts' | 'labeling_functions';
  model: string;
  /** Tasks drafted; for labeling functions, (item, LF version) pairs asked. */
  tasks: number;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  costMicroUsd: number;
  failures: number;
}

/** LLM token usage and cost per task drafted and per (item, LF version) asked, summed per project. */
@Injectable()
export class UsageRepository {
  async insert(db: Queryable, u: UsageRow): Promise<void> {
    await db.query(
      `INSERT INTO prelabel.llm_usage (task_id, project_id, model, prompt_tokens, completion_tokens, calls, cost_micro_usd, failure)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (task_id) DO NOTHING`,
      [u.taskId, u.projectId, u.model, u.promptTokens, u.completionTokens, u.calls, u.costMicroUsd, u.failure],
    );
  }

  /** Stores the labeling-function calls (a pair already stored stays as it was). */
  async insertLfMany(db: Queryable, us: readonly LfUsageRow[]): Promise<void> {
    if (us.length === 0) return;
    await db.query(
      `INSERT INTO prelabel.lf_llm_usage (project_id, item_id, lf_id, lf_version, model, prompt_tokens, completion_tokens, calls, cost_micro_usd, failure)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::bigint[], $7::bigint[], $8::int[], $9::bigint[], $10::text[])
       ON CONFLICT DO NOTHING`,
      [us.map((u) => u.projectId), us.map((u) => u.itemId), us.map((u) => u.lfId), us.map((u) => u.lfVersion), us.map((u) => u.model),
        us.map((u) => u.promptTokens), us.map((u) => u.completionTokens), us.map((u) => u.calls), us.map((u) => u.costMicroUsd), us.map((u) => u.failure)],
    );
  }

  /** Of the items, those the LF version has asked the LLM about already (answered or failed). */
  async lfAsked(db: Queryable, projectId: string, lfId: string, lfVersion: number, itemIds: readonly string[]): Promise<Set<string>> {
    if (itemIds.length === 0) return new Set();
    const asked = await rows<{ item_id: string }>(
      db,
      `SELECT item_id FROM prelabel.lf_llm_usage WHERE project_id = $1 AND lf_id = $2 AND lf_version = $3 AND item_id = ANY($4::text[])`,
      [projectId, lfId, lfVersion, [...itemIds]],
    );
    return new Set(asked.map((r) => r.item_id));
  }

  async summary(db: Queryable, projectId: string): Promise<CostSummary[]> {
    // bigint sums come back from the driver as strings.
    const sums = await rows<{ purpose: CostSummary['purpose']; model: string; tasks: number; calls: number; prompt: string; completion: string; cost: string; failures: number }>(
      db,
      `SELECT purpose, model, count(*)::int AS tasks, sum(calls)::int AS calls, sum(prompt_tokens)::bigint AS prompt, sum(completion_tokens)::bigint AS completion,
              sum(cost_micro_usd)::bigint AS cost, count(failure)::int AS failures
       FROM (SELECT 'drafts' AS purpose, model, calls, prompt_tokens, completion_tokens, cost_micro_usd, failure FROM prelabel.llm_usage WHERE project_id = $1
             UNION ALL
             SELECT 'labeling_functions', model, calls, prompt_tokens, completion_tokens, cost_micro_usd, failure FROM prelabel.lf_llm_usage WHERE project_id = $1) u
       GROUP BY purpose, model ORDER BY purpose, model`,
      [projectId],
    );
    return sums.map((r) => ({
      purpose: r.purpose,
      model: r.model,
      tasks: Number(r.tasks),
      calls: Number(r.calls),
      promptTokens: Number(r.prompt),
      completionTokens: Number(r.completion),
      costMicroUsd: Number(r.cost),
      failures: Number(r.failures),
    }));
  }
}
