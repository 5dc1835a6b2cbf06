import type { DataSource } from 'typeorm';
import { signServiceToken } from '@verity/auth';
import { ProjectRole, TOPICS } from '@verity/contracts';
import type { EventProducer } from '@verity/messaging';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { type InProcessPrelabel, publishSpamProject, spamTaskEvent, startPrelabel } from './support/in-process-prelabel';
import { OpenAiTestDouble } from './support/openai-test-double';

// llm labeling functions on the real stack (prelabel in-process), against a TEST DOUBLE of an
// OpenAI-compatible endpoint: the prompt asked per item with its text, the answer mapped to an
// option (or abstaining), the backfill capped, each (item, LF version) asked once and billed
// under purpose labeling_functions, and arriving tasks asked before their transaction.
describe('llm labeling functions on the real stack', () => {
  stackEnv();
  jest.setTimeout(180000);
  const projectId = uniqueName('pl-llmlf');
  const questionId = 'spam';
  const jwtSecret = process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef';
  const llm = new OpenAiTestDouble();
  let prelabel: InProcessPrelabel;
  let producer: EventProducer;
  let ds: DataSource;
  let baseUrl: string;
  const item = (name: string) => `${projectId}-${name}`;
  const taskEvent = (name: string, text: string) => spamTaskEvent(projectId, item(name), text);
  const pm = signServiceToken({ kind: 'user', id: 'pm-1', roles: ['project_manager'] }, 'prelabel', jwtSecret);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}/v1/projects/${projectId}/prelabel${path}`, {
      method,
      headers: { authorization: `Bearer ${pm}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const votes = async (lf: string) =>
    (await ds.query(`SELECT item_id, lf_version, label FROM prelabel.lf_votes WHERE project_id = $1 AND lf_id = $2 ORDER BY item_id, lf_version`, [projectId, lf])).map(
      (r: { item_id: string; lf_version: number; label: string }) => `${r.item_id.slice(projectId.length + 1)}@${r.lf_version}=${r.label}`,
    ) as string[];
  const usage = async () =>
    (await ds.query(`SELECT item_id, lf_version, calls, failure FROM prelabel.lf_llm_usage WHERE project_id = $1 ORDER BY lf_version, item_id`, [projectId])).map(
      (r: { item_id: string; lf_version: number; calls: number; failure: string | null }) => `${r.item_id.slice(projectId.length + 1)}@${r.lf_version}:${r.calls}${r.failure ? `:${r.failure}` : ''}`,
    ) as string[];
  const held = ['a-0 Check out my channel', 'a-1 great song', 'a-2 subscribe for free stuff'].map((s) => [s.slice(0, 3), s.slice(4)] as const);
  const prompt = 'Is this YouTube comment spam? Answer yes or no.\n{{text}}';

  beforeAll(async () => {
    // Other suites' LLM-mode projects reach this in-process prelabel too (it reads every task on
    // the shared topics): only this suite's labeling-function prompts count.
    llm.only((body) => String(body.messages?.[0]?.content ?? '').startsWith(prompt.split('\n')[0]!));
    const llmUrl = await llm.start();
    prelabel = await startPrelabel('prelabel-llmlf-it', {
      JWT_SECRET: jwtSecret,
      LLM_BASE_URL: llmUrl,
      LLM_MODEL: 'test-double',
      LLM_API_KEY: 'test',
      PRELABEL_LLM_MAX_RETRIES: '0',
      PRELABEL_LLM_PROMPT_USD_PER_1K: '1',
      PRELABEL_LLM_LF_BACKFILL_MAX: '2',
      PRELABEL_LOCAL_MIN_LABELS: '100000',
      PRELABEL_AL_INTERVAL_MS: '0',
    });
    ({ producer, ds, baseUrl } = prelabel);
    // Local drafts (the project's mode): the only LLM calls are the labeling function's.
    await publishSpamProject(prelabel, projectId, [{ userId: 'pm-1', roles: [ProjectRole.PROJECT_MANAGER] }]);
    for (const [name, text] of held) await producer.publish(TOPICS.tasks, taskEvent(name, text));
    await eventually('the tasks held', async () => {
      const [t] = await ds.query(`SELECT count(*)::int AS n FROM prelabel.tasks WHERE project_id = $1`, [projectId]);
      return t.n === held.length ? true : undefined;
    }, 60000, 300);
  });

  afterAll(async () => {
    await prelabel?.close();
    await llm.stop();
  });

  it('backfills over the items held, asking at most PRELABEL_LLM_LF_BACKFILL_MAX; the prompt carries the text; the answer is mapped', async () => {
    llm.program({ kind: 'answer', content: ' Yes ', promptTokens: 1000, completionTokens: 1 });
    const saved = await call('POST', '/labeling-functions', { id: 'ask', question_id: questionId, kind: 'llm', prompt, mapping: { yes: 'spam', no: 'ham' } });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ votesAutomatically: true, backfill: { items: 3, votes: 2, failures: ['1 item(s) not asked: over PRELABEL_LLM_LF_BACKFILL_MAX (2)'] } });
    expect(await votes('ask')).toEqual(['a-0@1=spam', 'a-1@1=spam']);
    expect(llm.requests.map((r) => r.body.messages[0].content).sort()).toEqual([prompt.replace('{{text}}', 'Check out my channel'), prompt.replace('{{text}}', 'great song')]);
    // A free-text answer: no structured-output schema is asked for.
    expect(llm.requests[0].body.response_format).toBeUndefined();
  });

  it('an arriving task is asked before its transaction; an unmapped answer abstains; a failed call is billed and abstains', async () => {
    llm.program({ kind: 'answer', content: 'NO' });
    await producer.publish(TOPICS.tasks, taskEvent('b-0', 'lovely tune'));
    await eventually('b-0 asked', async () => ((await usage()).some((u) => u.startsWith('b-0@')) ? true : undefined), 60000, 300);
    expect(await votes('ask')).toEqual(['a-0@1=spam', 'a-1@1=spam', 'b-0@1=ham']);

    llm.program({ kind: 'answer', content: 'maybe' });
    await producer.publish(TOPICS.tasks, taskEvent('b-1', 'hmm'));
    await eventually('b-1 asked', async () => ((await usage()).some((u) => u.startsWith('b-1@')) ? true : undefined), 60000, 300);
    llm.program({ kind: 'status', status: 400 });
    await producer.publish(TOPICS.tasks, taskEvent('b-2', 'free gift cards'));
    await eventually('b-2 asked', async () => ((await usage()).some((u) => u.startsWith('b-2@')) ? true : undefined), 60000, 300);
    expect(await votes('ask')).toEqual(['a-0@1=spam', 'a-1@1=spam', 'b-0@1=ham']);
    expect(await usage()).toEqual(['a-0@1:1', 'a-1@1:1', 'b-0@1:1', 'b-1@1:1', 'b-2@1:1:unavailable']);
  });

  it('a new version asks again; the items it asked are not asked twice; the costs count them under labeling_functions', async () => {
    llm.program({ kind: 'answer', content: 'yes', promptTokens: 1000, completionTokens: 0 });
    const v2 = await call('PUT', '/labeling-functions/ask', { question_id: questionId, kind: 'llm', prompt: `${prompt}\nBe strict.`, mapping: { yes: 'spam', no: 'ham' } });
    expect(v2.status).toBe(200);
    // Six items held; two asked (the cap), four reported.
    expect(v2.body).toMatchObject({ version: 2, backfill: { items: 6, votes: 2, failures: ['4 item(s) not asked: over PRELABEL_LLM_LF_BACKFILL_MAX (2)'] } });
    expect((await usage()).filter((u) => u.includes('@2:'))).toEqual(['a-0@2:1', 'a-1@2:1']);
    const asked = llm.requests.length;
    // The same definition again stores nothing and asks nothing.
    expect((await call('PUT', '/labeling-functions/ask', { question_id: questionId, kind: 'llm', prompt: `${prompt}\nBe strict.`, mapping: { yes: 'spam', no: 'ham' } })).body).toMatchObject({ created: false, backfill: null });
    expect(llm.requests.length).toBe(asked);

    const costs = await call('GET', '/costs');
    expect(costs.status).toBe(200);
    const lf = (costs.body.models as { purpose: string; model: string; tasks: number; calls: number; failures: number; costMicroUsd: number }[]).find((m) => m.purpose === 'labeling_functions');
    // Seven (item, version) pairs asked, one failed; the 1000-token prompts at $1 per 1k tokens.
    expect(lf).toMatchObject({ model: 'test-double', tasks: 7, calls: 7, failures: 1 });
    expect(lf!.costMicroUsd).toBeGreaterThanOrEqual(4 * 1_000_000);
    expect(costs.body.totalCostMicroUsd).toBeGreaterThanOrEqual(lf!.costMicroUsd);
  });
});
