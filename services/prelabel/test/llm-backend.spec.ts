import { QuestionKind, type Question } from '@verity/contracts';
import { costMicroUsd } from '../src/domain/cost.math';
import { routeOf } from '../src/domain/routing.rule';
import { LlmClient, type LlmResult } from '../src/adapters/llm.client';
import { buildPrompt, PROMPT_VERSION } from '../src/domain/llm.prompt';
import { OpenAiTestDouble } from './support/openai-test-double';

// The LLM path against a local OpenAI-compatible TEST DOUBLE (loopback HTTP only; no model).
describe('LLM backend against an OpenAI-compatible test double', () => {
  const double = new OpenAiTestDouble();
  let client: LlmClient;
  const question = {
    questionId: 'spam',
    kind: QuestionKind.SINGLE_CHOICE,
    prompt: 'Is this comment spam?',
    options: [
      { optionId: 'spam', label: 'Spam', description: 'self-promotion, links, scams' },
      { optionId: 'ham', label: 'Not spam', description: '' },
    ],
  } as unknown as Question;
  const guidelines = 'GUIDELINE-MARKER: links to other channels count as spam.';
  const messages = buildPrompt({ guidelines, question, text: 'check out my channel!!!', examples: [{ text: 'nice song', optionId: 'ham' }] });
  const routeOfResult = (r: LlmResult) => routeOf({ hasDraft: r.ok, calibrated: r.ok ? r.confidence : undefined, threshold: 0.9, auditRate: 0, taskId: 't1' });

  beforeAll(async () => {
    const baseUrl = await double.start();
    client = new LlmClient({ baseUrl, model: 'test-double-model', timeoutMs: 400, maxRetries: 2, backoffMs: 20, concurrency: 2, maxTokens: 32 });
  });
  afterAll(() => double.stop());

  it('the prompt carries the guidelines, the question, every option and a gold example; the answer is schema-constrained', async () => {
    double.program({ kind: 'answer', content: '{"option_id":"spam","confidence":0.97}' });
    const r = await client.classify(messages, question);
    expect(r).toMatchObject({ ok: true, optionId: 'spam', confidence: 0.97, model: 'test-double-model' });
    expect(routeOfResult(r)).toBe('auto_accept');
    const body = double.requests[0]!.body;
    const system = body.messages[0].content as string;
    expect(system).toContain('GUIDELINE-MARKER');
    expect(system).toContain('Is this comment spam?');
    expect(system).toContain('- spam: Spam — self-promotion, links, scams');
    expect(system).toContain('- ham: Not spam');
    expect(body.messages.map((m: { content: string }) => m.content).join('\n')).toContain('nice song');
    expect(body.messages.at(-1).content).toContain('check out my channel!!!');
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.schema.properties.option_id.enum).toEqual(['spam', 'ham']);
    expect(PROMPT_VERSION).toMatch(/v\d+$/);
  });

  it('an answer outside the ontology → no draft, OUT_OF_ONTOLOGY, humans', async () => {
    double.program({ kind: 'answer', content: '{"option_id":"maybe","confidence":0.99}' });
    const r = await client.classify(messages, question);
    expect(r).toMatchObject({ ok: false, failure: 'out_of_ontology' });
    expect(routeOfResult(r)).toBe('human_without_draft');
  });

  it('malformed JSON → MALFORMED, humans (not retried: the call itself succeeded)', async () => {
    double.program({ kind: 'answer', content: '{"option_id": "spam", confid' });
    const r = await client.classify(messages, question);
    expect(r).toMatchObject({ ok: false, failure: 'malformed' });
    expect(r.usage.calls).toBe(1);
    expect(routeOfResult(r)).toBe('human_without_draft');
  });

  it('a refusal → REFUSED, humans', async () => {
    double.program({ kind: 'answer', content: null, refusal: 'I cannot help with that.' });
    const r = await client.classify(messages, question);
    expect(r).toMatchObject({ ok: false, failure: 'refused' });
    expect(routeOfResult(r)).toBe('human_without_draft');
  });

  it('a 429 then success → retried with backoff, the draft is kept', async () => {
    double.program({ kind: 'status', status: 429, retryAfter: 0 }, { kind: 'answer', content: '{"option_id":"ham","confidence":0.6}' });
    const r = await client.classify(messages, question);
    expect(r).toMatchObject({ ok: true, optionId: 'ham' });
    expect(r.usage.calls).toBe(2);
    expect(double.requests).toHaveLength(2);
    expect(routeOfResult(r)).toBe('human_with_draft');
  });

  it('a persistent 429 → UNAVAILABLE after 1 + maxRetries calls, humans', async () => {
    double.program({ kind: 'status', status: 429 });
    const r = await client.classify(messages, question);
    expect(r).toMatchObject({ ok: false, failure: 'unavailable' });
    expect(r.ok ? '' : r.detail).toContain('429');
    expect(r.usage.calls).toBe(3);
    expect(routeOfResult(r)).toBe('human_without_draft');
  });

  it('a timeout → TIMEOUT after its retries, humans, and the service call returns (never blocks)', async () => {
    double.program({ kind: 'hang', ms: 2000 });
    const started = Date.now();
    const r = await client.classify(messages, question);
    expect(r).toMatchObject({ ok: false, failure: 'timeout' });
    expect(r.usage.calls).toBe(3);
    expect(Date.now() - started).toBeLessThan(3 * 400 + 1000);
    expect(routeOfResult(r)).toBe('human_without_draft');
  });

  it("complete(): a labeling function's prompt as the user message, no schema, the answer trimmed; retried and failed like classify", async () => {
    double.program({ kind: 'status', status: 429 }, { kind: 'answer', content: '  yes\n' });
    const r = await client.complete('Spam? check out my channel');
    expect(r).toMatchObject({ ok: true, text: 'yes', usage: { calls: 2 } });
    expect(double.requests[1]!.body.messages).toEqual([{ role: 'user', content: 'Spam? check out my channel' }]);
    expect(double.requests[1]!.body.response_format).toBeUndefined();
    double.program({ kind: 'answer', content: '   ' });
    expect(await client.complete('x')).toMatchObject({ ok: false, failure: 'malformed', detail: 'empty answer' });
    double.program({ kind: 'answer', content: null, refusal: 'no' });
    expect(await client.complete('x')).toMatchObject({ ok: false, failure: 'refused' });
  });

  it('cost accounting adds up: Σ (prompt tokens × prompt price + completion tokens × completion price)', async () => {
    const price = { promptPer1k: 0.15, completionPer1k: 0.6 };
    const replies = [
      { promptTokens: 1234, completionTokens: 17 },
      { promptTokens: 800, completionTokens: 9 },
      { promptTokens: 999, completionTokens: 12 },
    ];
    let total = 0;
    let prompt = 0;
    let completion = 0;
    for (const t of replies) {
      double.program({ kind: 'answer', content: '{"option_id":"spam","confidence":0.5}', ...t });
      const r = await client.classify(messages, question);
      expect(r.usage).toEqual({ promptTokens: t.promptTokens, completionTokens: t.completionTokens, calls: 1 });
      prompt += r.usage.promptTokens;
      completion += r.usage.completionTokens;
      total += costMicroUsd(r.usage, price);
    }
    expect(prompt).toBe(3033);
    expect(completion).toBe(38);
    // 3033 × 0.15 / 1000 + 38 × 0.6 / 1000 USD = 0.45495 + 0.0228 = 0.47775 USD
    expect(total).toBe(477750);
  });
});
