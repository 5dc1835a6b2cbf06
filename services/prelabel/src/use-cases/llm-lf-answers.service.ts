import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { lfKey, renderLlmPrompt, type LabelingFunction, type LlmLf } from '@verity/label-science';
import { DATA_SOURCE } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import type { LfTaskItem } from '../domain/labeling-function.policy';
import { type LfUsageRow, UsageRepository } from '../db/usage.repository';
import { DraftBackends } from './draft-backends.service';

/** What `llm` labeling functions' prompts got: answers for the votes, and the calls to bill. */
export interface LlmLfAnswers {
  /** `id@version` → item id → the answer as written (label-science's `LfExtras.llmAnswers`). */
  answers: Record<string, Record<string, string>>;
  usage: LfUsageRow[];
}

/**
 * Asks the configured LLM endpoint each `llm` LF's prompt (its `{{text}}` replaced by the item's
 * masked text) for each item of its question, through the drafts' client: the same concurrency
 * limit, retries, prices and metrics. An (item, LF version) already asked is not asked again, so
 * a redelivered task or a repeated backfill costs nothing. A failed call is billed and the LF
 * abstains on that item. Without an endpoint nothing is asked and llm LFs abstain.
 */
@Injectable()
export class LlmLfAnswersService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly backends: DraftBackends,
    private readonly usage: UsageRepository,
    private readonly logger: Logger,
  ) {}

  /** Whether llm LFs can vote here (an endpoint is configured). */
  get available(): boolean {
    return this.backends.llmClient !== null;
  }

  async ask(projectId: string, lfs: readonly LabelingFunction[], items: readonly LfTaskItem[]): Promise<LlmLfAnswers> {
    const client = this.backends.llmClient;
    const llmLfs = lfs.filter((lf): lf is LlmLf => lf.kind === 'llm');
    const out: LlmLfAnswers = { answers: {}, usage: [] };
    if (!client || llmLfs.length === 0) return out;
    await Promise.all(
      llmLfs.map(async (lf) => {
        const mine = items.filter((it) => it.questionId === lf.question_id && it.text);
        const asked = await this.usage.lfAsked(this.ds, projectId, lf.id, lf.version, mine.map((it) => it.id));
        const answers: Record<string, string> = (out.answers[lfKey(lf)] = {});
        await Promise.all(
          [...new Map(mine.filter((it) => !asked.has(it.id)).map((it) => [it.id, it])).values()].map(async (it) => {
            const r = await client.complete(renderLlmPrompt(lf, it.text));
            const billed = this.backends.billed(r.usage, r.model);
            out.usage.push({
              projectId, itemId: it.id, lfId: lf.id, lfVersion: lf.version, model: r.model, promptTokens: billed.promptTokens,
              completionTokens: billed.completionTokens, calls: billed.calls, costMicroUsd: billed.costMicroUsd, failure: r.ok ? null : r.failure,
            });
            if (r.ok) answers[it.id] = r.text;
            else this.logger.warn('llm labeling function got no answer', { projectId, lf: lfKey(lf), itemId: it.id, failure: r.failure, detail: r.detail });
          }),
        );
      }),
    );
    return out;
  }
}
