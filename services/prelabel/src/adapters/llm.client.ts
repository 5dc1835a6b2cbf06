import OpenAI from 'openai';
import type { Question } from '@verity/contracts';
import { parseAnswer, type LlmFailure } from '../domain/llm-answer.parser';
import { answerSchema, type ChatMessage } from '../domain/llm.prompt';
import { Semaphore } from './llm.semaphore';

export interface LlmClientOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
  maxRetries: number;
  backoffMs: number;
  concurrency: number;
  maxTokens: number;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  calls: number;
}

export type LlmResult =
  | { ok: true; optionId: string; confidence: number; usage: LlmUsage; model: string }
  | { ok: false; failure: LlmFailure; detail: string; usage: LlmUsage; model: string };

export type LlmTextResult = { ok: true; text: string; usage: LlmUsage; model: string } | Extract<LlmResult, { ok: false }>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Calls to an OpenAI-compatible endpoint (a structured-output classification, or a labeling
 * function's free-text prompt), with our own
 * retry loop (the SDK's is off, so every attempt is counted and billed), a per-call timeout and
 * a concurrency limit. Never throws: every failure is a result the router turns into a human task.
 */
export class LlmClient {
  private readonly client: OpenAI;
  private readonly gate: Semaphore;

  constructor(private readonly o: LlmClientOptions) {
    this.client = new OpenAI({ baseURL: o.baseUrl, apiKey: o.apiKey || 'not-needed', maxRetries: 0, timeout: o.timeoutMs });
    this.gate = new Semaphore(o.concurrency);
  }

  get model(): string {
    return this.o.model;
  }

  async classify(messages: ChatMessage[], question: Question): Promise<LlmResult> {
    const optionIds = question.options.map((o) => o.optionId);
    const r = await this.call(messages, {
      type: 'json_schema',
      json_schema: { name: 'verity_choice', strict: true, schema: answerSchema(question) as unknown as Record<string, unknown> },
    });
    if (!r.ok) return r;
    const parsed = parseAnswer(r.content, optionIds);
    return parsed.ok ? { ok: true, optionId: parsed.optionId, confidence: parsed.confidence, usage: r.usage, model: r.model } : { ...parsed, usage: r.usage, model: r.model };
  }

  /** One free-text answer to a prompt (a labeling function's): the reply as written, trimmed. */
  async complete(prompt: string): Promise<LlmTextResult> {
    const r = await this.call([{ role: 'user', content: prompt }]);
    if (!r.ok) return r;
    if (typeof r.content !== 'string' || r.content.trim() === '') return { ok: false, failure: 'malformed', detail: 'empty answer', usage: r.usage, model: r.model };
    return { ok: true, text: r.content.trim(), usage: r.usage, model: r.model };
  }

  /** The retry loop around one chat completion; refusals and content filtering are failures. */
  private async call(
    messages: ChatMessage[],
    responseFormat?: OpenAI.ChatCompletionCreateParams['response_format'],
  ): Promise<{ ok: true; content: string | null | undefined; usage: LlmUsage; model: string } | Extract<LlmResult, { ok: false }>> {
    const usage: LlmUsage = { promptTokens: 0, completionTokens: 0, calls: 0 };
    let last: { failure: LlmFailure; detail: string; retryAfterMs?: number } = { failure: 'unavailable', detail: 'no attempt made' };
    for (let attempt = 0; attempt <= this.o.maxRetries; attempt++) {
      if (attempt > 0) await sleep(this.backoff(attempt, last));
      usage.calls++;
      const attemptStarted = Date.now();
      try {
        const res = await this.gate.run(() =>
          this.client.chat.completions.create(
            { model: this.o.model, messages, temperature: 0, max_tokens: this.o.maxTokens, ...(responseFormat ? { response_format: responseFormat } : {}) },
            { timeout: this.o.timeoutMs },
          ),
        );
        usage.promptTokens += res.usage?.prompt_tokens ?? 0;
        usage.completionTokens += res.usage?.completion_tokens ?? 0;
        const model = res.model || this.o.model;
        const choice = res.choices?.[0];
        if (!choice) return { ok: false, failure: 'malformed', detail: 'no choices in the response', usage, model };
        if (choice.message?.refusal || choice.finish_reason === 'content_filter')
          return { ok: false, failure: 'refused', detail: (choice.message?.refusal || 'content filter').slice(0, 200), usage, model };
        return { ok: true, content: choice.message?.content, usage, model };
      } catch (err) {
        // We never abort a call ourselves: an abort at the deadline is the timeout (some runtimes
        // surface it as APIUserAbortError instead of APIConnectionTimeoutError).
        const timedOut = Date.now() - attemptStarted >= this.o.timeoutMs * 0.95;
        last = timedOut ? { failure: 'timeout', detail: `no answer within ${this.o.timeoutMs} ms` } : { ...classifyError(err), retryAfterMs: retryAfterMs(err) };
        if (!timedOut && !isRetryable(err)) break;
      }
    }
    return { ok: false, failure: last.failure, detail: last.detail, usage, model: this.o.model };
  }

  private backoff(attempt: number, last: { retryAfterMs?: number }): number {
    const base = this.o.backoffMs * 2 ** (attempt - 1) * (0.8 + 0.4 * Math.random());
    return Math.min(30000, Math.max(base, last.retryAfterMs ?? 0));
  }
}

function classifyError(err: unknown): { failure: LlmFailure; detail: string } {
  const e = err as Error | undefined;
  if (err instanceof OpenAI.APIConnectionTimeoutError || /timeout/i.test(e?.name ?? '') || /timed? ?out/i.test(e?.message ?? ''))
    return { failure: 'timeout', detail: 'request timed out' };
  if (err instanceof OpenAI.APIError && err.status) return { failure: 'unavailable', detail: `HTTP ${err.status}: ${String(err.message).slice(0, 160)}` };
  return { failure: 'unavailable', detail: String((err as Error)?.message ?? err).slice(0, 200) };
}

function isRetryable(err: unknown): boolean {
  if (err instanceof OpenAI.APIConnectionError || /timed? ?out/i.test((err as Error)?.message ?? '')) return true; // includes timeouts
  if (err instanceof OpenAI.APIError) return err.status === 429 || err.status === 408 || (err.status ?? 0) >= 500;
  return false;
}

function retryAfterMs(err: unknown): number | undefined {
  if (!(err instanceof OpenAI.APIError)) return undefined;
  const v = err.headers?.get?.('retry-after');
  if (!v) return undefined;
  const s = Number(v);
  return Number.isFinite(s) ? s * 1000 : undefined;
}
