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

export interface CostSummary {
  model: string;
  tasks: number;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  costMicroUsd: number;
  failures: number;
}

/** LLM token usage and cost per task, summed per project. */
@Injectable()
export class UsageRepository {
  async insert(db: Queryable, u: UsageRow): Promise<void> {
    await db.query(
      `INSERT INTO prelabel.llm_usage (task_id, project_id, model, prompt_tokens, completion_tokens, calls, cost_micro_usd, failure)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (task_id) DO NOTHING`,
      [u.taskId, u.projectId, u.model, u.promptTokens, u.completionTokens, u.calls, u.costMicroUsd, u.failure],
    );
  }

  async summary(db: Queryable, projectId: string): Promise<CostSummary[]> {
    // bigint sums come back from the driver as strings.
    const sums = await rows<{ model: string; tasks: number; calls: number; prompt: string; completion: string; cost: string; failures: number }>(
      db,
      `SELECT model, count(*)::int AS tasks, sum(calls)::int AS calls, sum(prompt_tokens)::bigint AS prompt, sum(completion_tokens)::bigint AS completion,
              sum(cost_micro_usd)::bigint AS cost, count(failure)::int AS failures
       FROM prelabel.llm_usage WHERE project_id = $1 GROUP BY model ORDER BY model`,
      [projectId],
    );
    return sums.map((r) => ({
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
