import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ContentType, PrelabelMode, QuestionKind, type Task } from '@verity/contracts';
import { DATA_SOURCE, PlatformMetrics } from '@verity/service-runtime';
import { costMicroUsd } from '../domain/cost.math';
import { usableText } from '../domain/text.features';
import { LabelRepository } from '../db/label.repository';
import type { LlmFailure } from '../domain/llm-answer.parser';
import { LlmClient, type LlmUsage } from '../adapters/llm.client';
import { buildPrompt, PROMPT_VERSION } from '../domain/llm.prompt';
import { ModelCache, type ServedModel } from './model-cache.service';
import { PRELABEL_CONFIG, type PrelabelConfig } from '../prelabel.settings';

export type BackendName = 'llm' | 'local' | 'off';
export type Failure = LlmFailure | 'unsupported_content' | 'no_model';

/** What a backend made of a task: a draft with its raw confidence, or why there is none. */
export interface DraftOutcome {
  /** `labelmodel`: the weak label stood in for the model's draft (ProcessTaskUseCase). */
  backend: BackendName | 'labelmodel';
  modelId: string;
  modelVersion: string;
  promptVersion: string;
  optionId?: string;
  confidence?: number;
  failure?: Failure;
  detail: string;
  usage?: LlmUsage & { costMicroUsd: number };
  latencyMs: number;
  /** The calibration in force (LLM or local), if any. */
  served?: ServedModel | null;
  uncertaintyInputs?: number[];
}

/** Chooses the backend per project and produces a draft; never throws for model trouble. */
@Injectable()
export class DraftBackends implements OnModuleInit {
  private llm: LlmClient | null = null;

  constructor(
    @Inject(PRELABEL_CONFIG) private readonly cfg: PrelabelConfig,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly labels: LabelRepository,
    private readonly cache: ModelCache,
    private readonly metrics: PlatformMetrics,
  ) {}

  onModuleInit(): void {
    if (this.cfg.LLM_BASE_URL && this.cfg.LLM_MODEL) {
      this.llm = new LlmClient({
        baseUrl: this.cfg.LLM_BASE_URL,
        model: this.cfg.LLM_MODEL,
        apiKey: this.cfg.LLM_API_KEY,
        timeoutMs: this.cfg.PRELABEL_LLM_TIMEOUT_MS,
        maxRetries: this.cfg.PRELABEL_LLM_MAX_RETRIES,
        backoffMs: this.cfg.PRELABEL_LLM_BACKOFF_MS,
        concurrency: this.cfg.PRELABEL_LLM_CONCURRENCY,
        maxTokens: this.cfg.PRELABEL_LLM_MAX_TOKENS,
      });
    }
  }

  /** The configured LLM endpoint's client (shared by drafts and llm labeling functions); null without one. */
  get llmClient(): LlmClient | null {
    return this.llm;
  }

  /** A call's usage priced at the configured rates and counted in the metrics: spent whether or not its result is used or its transaction commits. */
  billed(usage: LlmUsage, model: string): LlmUsage & { costMicroUsd: number } {
    const cost = costMicroUsd(usage, { promptPer1k: this.cfg.PRELABEL_LLM_PROMPT_USD_PER_1K, completionPer1k: this.cfg.PRELABEL_LLM_COMPLETION_USD_PER_1K });
    this.metrics.llmTokens.inc({ model, kind: 'prompt' }, usage.promptTokens);
    this.metrics.llmTokens.inc({ model, kind: 'completion' }, usage.completionTokens);
    this.metrics.llmCostUsd.inc({ model }, cost / 1e6);
    return { ...usage, costMicroUsd: cost };
  }

  /** Project mode → backend: unspecified = LLM when an endpoint is configured, else local; LLM without an endpoint falls back to local. */
  choose(mode: PrelabelMode | undefined): BackendName {
    if (mode === PrelabelMode.OFF) return 'off';
    if (mode === PrelabelMode.LOCAL) return 'local';
    return this.llm ? 'llm' : 'local';
  }

  async draft(task: Task, backend: BackendName): Promise<DraftOutcome> {
    const started = Date.now();
    const base = { backend, modelId: '', modelVersion: '', promptVersion: '', detail: '', latencyMs: 0 };
    const done = (o: Partial<DraftOutcome>): DraftOutcome => ({ ...base, ...o, latencyMs: Date.now() - started });
    if (backend === 'off') return done({ detail: 'pre-labeling is off for the project' });
    const q = task.question!;
    if (q.kind !== QuestionKind.SINGLE_CHOICE || q.options.length < 2)
      return done({ failure: 'unsupported_content', detail: `question kind ${QuestionKind[q.kind] ?? q.kind} is not pre-labeled (single choice only)` });
    const text = task.maskedText;
    if ((task.contentType !== ContentType.TEXT && task.contentType !== ContentType.UNSPECIFIED) || !usableText(text))
      return done({ failure: 'unsupported_content', detail: `no usable text (${ContentType[task.contentType] ?? task.contentType} item)` });
    return backend === 'llm' ? this.viaLlm(task, text, done) : this.viaLocal(task, text, done);
  }

  private async viaLocal(task: Task, text: string, done: (o: Partial<DraftOutcome>) => DraftOutcome): Promise<DraftOutcome> {
    const served = await this.cache.get(task.projectId, task.questionId, 'local');
    if (!served?.classifier) return done({ failure: 'no_model', detail: 'the local model is not trained yet for this question' });
    const optionIds = new Set(task.question!.options.map((o) => o.optionId));
    const p = served.classifier.predict(text);
    const modelId = served.row.modelId;
    const modelVersion = `v${served.row.version}`;
    if (!optionIds.has(p.label))
      return done({ modelId, modelVersion, failure: 'out_of_ontology', detail: `model class "${p.label}" is not an option of this ontology version`, served });
    return done({ modelId, modelVersion, optionId: p.label, confidence: p.confidence, served, uncertaintyInputs: Object.values(p.probabilities) });
  }

  private async viaLlm(task: Task, text: string, done: (o: Partial<DraftOutcome>) => DraftOutcome): Promise<DraftOutcome> {
    const llm = this.llm!;
    const examples = await this.labels.goldExamples(this.ds, task.projectId, task.questionId, this.cfg.PRELABEL_LLM_GOLD_EXAMPLES);
    const messages = buildPrompt({ guidelines: task.guidelines, question: task.question!, text, examples });
    const r = await llm.classify(messages, task.question!);
    const usage = this.billed(r.usage, r.model);
    const served = await this.cache.get(task.projectId, task.questionId, 'llm');
    const common = { modelId: r.model, modelVersion: served ? `calibration-v${served.row.version}` : '', promptVersion: PROMPT_VERSION, usage, served };
    if (!r.ok) return done({ ...common, failure: r.failure, detail: r.detail });
    return done({ ...common, optionId: r.optionId, confidence: r.confidence });
  }
}
