import type { DataSource } from 'typeorm';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { signServiceToken } from '@verity/auth';
import { AnswerSource, createEvent, FeedbackSource, LabelStatus, newEnvelope, ProjectRole, TOPICS, uuidv7 } from '@verity/contracts';
import type { EventProducer } from '@verity/messaging';
import { eventually, stackEnv, uniqueName } from '@verity/testing';
import { ModelRepository } from '../src/db/model.repository';
import { applyCalibration } from '../src/domain/calibration.math';
import { trainLocalModel } from '../src/domain/local.model';
import { ModelCache } from '../src/use-cases/model-cache.service';
import type { QuestionLfAnalysis } from '../src/use-cases/analyze-labeling-functions.use-case';
import { type InProcessPrelabel, publishSpamProject, spamTaskEvent, startPrelabel } from './support/in-process-prelabel';

// Labeling functions as project artifacts on the real stack (prelabel in-process): created over
// HTTP and checked (400 naming the field), voting on tasks as they arrive, a changed definition
// as a new version backfilled over the tasks held, and the analysis matching the stored votes.
describe('labeling functions on the real stack', () => {
  stackEnv();
  jest.setTimeout(180000);
  const projectId = uniqueName('pl-lf');
  const questionId = 'spam';
  const jwtSecret = process.env.JWT_SECRET || 'integration-test-secret-0123456789abcdef';
  let prelabel: InProcessPrelabel;
  let producer: EventProducer;
  let ds: DataSource;
  let baseUrl: string;

  const item = (name: string) => `${projectId}-${name}`;
  const taskEvent = (name: string, text: string) => spamTaskEvent(projectId, item(name), text);
  const labelEvent = (name: string, label: string) =>
    createEvent(TOPICS.labels, {
      envelope: newEnvelope({ producer: 'export', projectId, spec: TOPICS.labels }),
      itemId: item(name), questionId, ontologyVersion: 1, labelVersion: 1, status: LabelStatus.ACTIVE, label,
      answer: { value: { case: 'choice', value: { optionIds: [label] } } }, confidence: 1,
      provenance: { answers: [{ annotatorId: 'alice', source: AnswerSource.HUMAN }] },
    } as never);
  // Texts already held when the LFs are created, and their decided labels (pre-5 has none).
  const before: [string, string, string | null][] = [
    ['pre-0', 'Check out my channel http://spam.example', 'spam'],
    ['pre-1', 'Great song, love it', 'ham'],
    ['pre-2', 'subscribe please!!!', 'spam'],
    ['pre-3', 'I love this video so much', 'ham'],
    ['pre-4', 'free iPhone at http://x.example', 'ham'],
    ['pre-5', 'nice', null],
  ];
  const pm = signServiceToken({ kind: 'user', id: 'pm-1', roles: ['project_manager'] }, 'prelabel', jwtSecret);
  const annotator = signServiceToken({ kind: 'user', id: 'ann-1', roles: ['annotator'] }, 'prelabel', jwtSecret);
  const url = (path = '') => `${baseUrl}/v1/projects/${projectId}/prelabel/labeling-functions${path}`;
  const call = async (method: string, path: string, body?: unknown, token = pm) => {
    const res = await fetch(url(path), {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { message?: string; errors?: unknown[]; backfill?: unknown } };
  };
  const votes = async () =>
    (await ds.query(`SELECT item_id, lf_id, lf_version, label FROM prelabel.lf_votes WHERE project_id = $1 ORDER BY item_id, lf_id, lf_version`, [projectId])).map(
      (r: { item_id: string; lf_id: string; lf_version: number; label: string }) => `${r.item_id.slice(projectId.length + 1)}:${r.lf_id}@${r.lf_version}=${r.label}`,
    ) as string[];

  beforeAll(async () => {
    prelabel = await startPrelabel('prelabel-lf-it', { JWT_SECRET: jwtSecret, LLM_BASE_URL: '', PRELABEL_LOCAL_MIN_LABELS: '100000', PRELABEL_AL_INTERVAL_MS: '0' });
    ({ producer, ds, baseUrl } = prelabel);
    await publishSpamProject(prelabel, projectId, [
      { userId: 'pm-1', roles: [ProjectRole.PROJECT_MANAGER] },
      { userId: 'ann-1', roles: [ProjectRole.ANNOTATOR] },
    ]);
    for (const [name, text] of before) await producer.publish(TOPICS.tasks, taskEvent(name, text));
    for (const [name, , label] of before) if (label) await producer.publish(TOPICS.labels, labelEvent(name, label));
    await eventually('the tasks and labels held', async () => {
      const [t] = await ds.query(`SELECT count(*)::int AS n FROM prelabel.tasks WHERE project_id = $1`, [projectId]);
      const [l] = await ds.query(`SELECT count(*)::int AS n FROM prelabel.labels WHERE project_id = $1`, [projectId]);
      return t.n === before.length && l.n === 5 ? true : undefined;
    }, 60000, 300);
  });

  afterAll(async () => {
    await prelabel?.close();
  });

  it('refuses a bad LF with 400 naming the field and reason; an annotator gets 403', async () => {
    const base = { question_id: questionId, votes: 'spam' };
    const badRegex = await call('POST', '', { ...base, id: 're', kind: 'regex', pattern: '(abc' });
    expect(badRegex.status).toBe(400);
    expect(badRegex.body.message).toMatch(/^invalid labeling function: pattern: invalid regex/);
    expect(badRegex.body.errors).toEqual([expect.objectContaining({ field: 'pattern' })]);
    const slow = await call('POST', '', { ...base, id: 're', kind: 'regex', pattern: '(a+)+$' });
    expect(slow.status).toBe(400);
    expect(slow.body.message).toMatch(/pattern: prone to catastrophic backtracking/);
    const option = await call('POST', '', { ...base, id: 'kw', kind: 'keywords', keywords: ['x'], votes: 'eggs' });
    expect(option.status).toBe(400);
    expect(option.body.message).toMatch(/votes: unknown option "eggs" \(options: ham, spam\)/);
    const q = await call('POST', '', { ...base, id: 'kw', kind: 'keywords', keywords: ['x'], question_id: 'topic' });
    expect(q.status).toBe(400);
    expect(q.body.message).toMatch(/question_id: unknown question "topic"/);
    const owner = await call('POST', '', { ...base, id: 'kw', kind: 'keywords', keywords: ['x'], owner: 'someone' });
    expect(owner.status).toBe(400);
    expect(owner.body.message).toMatch(/owner: is set by the server/);
    const badId = await call('POST', '', { ...base, id: 'a b', kind: 'keywords', keywords: ['x'] });
    expect(badId.status).toBe(400);
    expect(badId.body.errors).toEqual([expect.objectContaining({ field: 'id', reason: expect.stringMatching(/letters, digits or _.:-/) })]);
    const kind = await call('POST', '', { ...base, id: 'kw', kind: 'magic' });
    expect(kind.status).toBe(400);
    expect(kind.body.message).toMatch(/kind/);
    expect((await call('POST', '', { ...base, id: 'kw', kind: 'keywords', keywords: ['x'] }, annotator)).status).toBe(403);
    expect(await ds.query(`SELECT 1 FROM prelabel.labeling_functions WHERE project_id = $1`, [projectId])).toEqual([]);
  });

  it('creates LFs (version 1, owner the caller), backfilled over the tasks held; a taken id is 409; llm LFs are stored, not run', async () => {
    const kw = await call('POST', '', { id: 'kw', question_id: questionId, kind: 'keywords', keywords: ['check out', 'subscribe'], votes: 'spam' });
    expect(kw.status).toBe(201);
    expect(kw.body).toMatchObject({ id: 'kw', version: 1, owner: 'pm-1', created: true, checkedAgainst: 'ontology', votesAutomatically: true, backfill: { items: 6, votes: 2, failures: [] } });
    const re = await call('POST', '', { id: 'url', question_id: questionId, kind: 'regex', pattern: 'https?://', flags: 'i', votes: 'spam' });
    expect(re.status).toBe(201);
    expect(re.body.backfill).toEqual({ items: 6, votes: 2, failures: [] });
    const llm = await call('POST', '', { id: 'ask', question_id: questionId, kind: 'llm', prompt: 'Spam? {{text}}', mapping: { yes: 'spam', no: 'ham' } });
    expect(llm.status).toBe(201);
    expect(llm.body).toMatchObject({ version: 1, votesAutomatically: false, backfill: null });
    expect((await call('POST', '', { id: 'kw', question_id: questionId, kind: 'keywords', keywords: ['x'], votes: 'ham' })).status).toBe(409);
    expect(await votes()).toEqual(['pre-0:kw@1=spam', 'pre-0:url@1=spam', 'pre-2:kw@1=spam', 'pre-4:url@1=spam']);
  });

  it('a task arriving afterwards gets the votes of the active LFs', async () => {
    await producer.publish(TOPICS.tasks, taskEvent('post-0', 'please SUBSCRIBE to my channel'));
    await eventually('post-0 voted', async () => ((await votes()).some((v) => v.startsWith('post-0:')) ? true : undefined), 60000, 300);
    expect((await votes()).filter((v) => v.startsWith('post-0:'))).toEqual(['post-0:kw@1=spam']);
  });

  it('a changed definition is a new version, backfilled; the old votes stay; an unchanged one changes nothing; retired LFs stop voting', async () => {
    const same = await call('PUT', '/kw', { question_id: questionId, kind: 'keywords', keywords: ['check out', 'subscribe'], votes: 'spam' });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ version: 1, created: false, backfill: null });
    const v2 = await call('PUT', '/kw', { question_id: questionId, kind: 'keywords', keywords: ['check out', 'subscribe', 'free'], votes: 'spam' });
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ id: 'kw', version: 2, created: true, backfill: { items: 7, votes: 4, failures: [] } });
    expect((await call('PUT', '/nope', { question_id: questionId, kind: 'keywords', keywords: ['x'], votes: 'spam' })).status).toBe(404);
    expect((await call('PUT', '/kw', { id: 'other', question_id: questionId, kind: 'keywords', keywords: ['x'], votes: 'spam' })).status).toBe(400);
    expect((await call('DELETE', '/url')).body).toMatchObject({ retiredVersions: 1, alreadyRetired: false });
    expect((await call('DELETE', '/url')).body).toMatchObject({ retiredVersions: 0, alreadyRetired: true });
    expect((await call('DELETE', '/nope')).status).toBe(404);

    await producer.publish(TOPICS.tasks, taskEvent('post-1', 'free stuff at https://a.example'));
    await eventually('post-1 voted', async () => ((await votes()).some((v) => v.startsWith('post-1:')) ? true : undefined), 60000, 300);
    expect(await votes()).toEqual([
      'post-0:kw@1=spam', 'post-0:kw@2=spam', 'post-1:kw@2=spam',
      'pre-0:kw@1=spam', 'pre-0:kw@2=spam', 'pre-0:url@1=spam', 'pre-2:kw@1=spam', 'pre-2:kw@2=spam', 'pre-4:kw@2=spam', 'pre-4:url@1=spam',
    ]);

    const list = await call('GET', '');
    expect(list.status).toBe(200);
    const byId = Object.fromEntries((list.body.labelingFunctions as { id: string }[]).map((l) => [l.id, l]));
    expect(byId.kw).toMatchObject({ version: 2, versions: 2, retiredAt: null, keywords: ['check out', 'subscribe', 'free'] });
    expect(byId.url).toMatchObject({ version: 1, versions: 1, retiredAt: expect.any(String) });
    expect(byId.ask).toMatchObject({ version: 1, versions: 1, kind: 'llm', votesAutomatically: false });
  });

  it('the analysis per LF version matches the stored votes and the decided labels', async () => {
    const res = await call('GET', '/analysis');
    expect(res.status).toBe(200);
    const [spam] = res.body.questions as QuestionLfAnalysis[];
    expect(spam.questionId).toBe(questionId);
    const items = 8; // pre-0..5, post-0, post-1
    const stored = await votes();
    const by = (lf: string) => spam.lfs.find((s) => s.lf === lf)!;
    const accuracy = (lf: string) => {
      const a = by(lf).accuracy;
      if (!a.defined) throw new Error(`${lf}: no accuracy (${a.reason})`);
      return a.value;
    };
    for (const lf of ['kw@1', 'kw@2', 'url@1']) {
      const n = stored.filter((v) => v.includes(`:${lf}=`)).length;
      expect(by(lf)).toMatchObject({ votes: n, coverage: n / items, polarity: ['spam'] });
    }
    expect(by('ask@1')).toMatchObject({ votes: 0, coverage: 0, latest: true });
    expect(by('url@1')).toMatchObject({ retired: true, latest: true });
    expect(by('kw@1')).toMatchObject({ latest: false });
    // Against the decided labels (pre-0 spam, pre-2 spam, pre-4 ham): kw@1 2/2, kw@2 2/3, url@1 1/2.
    expect(accuracy('kw@1')).toMatchObject({ successes: 2, trials: 2, estimate: 1 });
    expect(accuracy('kw@2')).toMatchObject({ successes: 2, trials: 3 });
    expect(accuracy('kw@2').low).toBeLessThan(2 / 3);
    expect(accuracy('kw@2').high).toBeGreaterThan(2 / 3);
    expect(accuracy('url@1')).toMatchObject({ successes: 1, trials: 2 });
    // Totals over the active set (kw@2; url retired, ask votes nowhere): 5 of 8 items covered.
    expect(spam.totals).toMatchObject({ items, votes: 5, coverage: 5 / items, goldItems: 5 });
  });

  it("an item's erasure deletes its votes; the other items' stay", async () => {
    const others = (await votes()).filter((v) => !v.startsWith('pre-0:'));
    expect((await votes()).filter((v) => v.startsWith('pre-0:'))).toEqual(['pre-0:kw@1=spam', 'pre-0:kw@2=spam', 'pre-0:url@1=spam']);
    await producer.publish(
      TOPICS.erasures,
      createEvent(TOPICS.erasures, {
        envelope: newEnvelope({ producer: 'ingestion', projectId, spec: TOPICS.erasures }),
        erasureId: uuidv7(),
        step: { case: 'itemErased', value: { itemId: item('pre-0') } },
      }),
    );
    await eventually('pre-0 votes erased', async () => ((await votes()).some((v) => v.startsWith('pre-0:')) ? undefined : true), 60000, 300);
    expect(await votes()).toEqual(others);
  });

  const feedbackEvent = (name: string, option: string, source: FeedbackSource, channel: string) =>
    createEvent(TOPICS.feedback, {
      envelope: newEnvelope({ producer: channel, projectId, spec: TOPICS.feedback }),
      feedbackId: uuidv7(), source: 'comments', sourceId: name, itemId: item(name), questionId,
      answer: { value: { case: 'choice', value: { optionIds: [option] } } },
      feedbackSource: source, sourceDetail: channel, actorId: 'user-9', requestReview: false, observedAt: timestampFromDate(new Date()),
    });
  const weakLabelsHeld = async (n: number) =>
    eventually(`${n} feedback records held`, async () => {
      const [r] = await ds.query(`SELECT count(*)::int AS n FROM prelabel.weak_labels WHERE project_id = $1`, [projectId]);
      return r.n >= n ? true : undefined;
    }, 60000, 300);

  it('a feedback LF votes on items whose feedback raised its signal: backfilled over feedback held, then as feedback arrives', async () => {
    await producer.publish(TOPICS.feedback, feedbackEvent('pre-3', 'spam', FeedbackSource.USER_CORRECTION, 'report-button'));
    await producer.publish(TOPICS.feedback, feedbackEvent('pre-1', 'spam', FeedbackSource.MODERATOR_OVERRIDE, 'mod-console'));
    await weakLabelsHeld(2);
    const lf = await call('POST', '', { id: 'reported', question_id: questionId, kind: 'feedback', signal: 'report-button:spam', votes: 'spam' });
    expect(lf.status).toBe(201);
    expect(lf.body).toMatchObject({ votesAutomatically: true, backfill: { votes: 1, failures: [] } });
    expect((await votes()).filter((v) => v.includes(':reported@'))).toEqual(['pre-3:reported@1=spam']);

    // From the same channel: one choosing ham (no vote), one choosing spam (a vote).
    await producer.publish(TOPICS.feedback, feedbackEvent('pre-2', 'ham', FeedbackSource.USER_CORRECTION, 'report-button'));
    await producer.publish(TOPICS.feedback, feedbackEvent('pre-5', 'spam', FeedbackSource.USER_CORRECTION, 'report-button'));
    await weakLabelsHeld(4);
    expect((await votes()).filter((v) => v.includes(':reported@'))).toEqual(['pre-3:reported@1=spam', 'pre-5:reported@1=spam']);
  });

  it('a model LF votes where the served local model drafts its option above min_confidence: backfilled, then on arrival', async () => {
    const examples = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0 ? { text: `subscribe to my channel ${i} http://spam${i}.example`, label: 'spam' } : { text: `what a lovely song number ${i}, I love it`, label: 'ham' },
    );
    const trained = trainLocalModel(examples, ['ham', 'spam'], { folds: 5, targetPrecision: null, minSupport: 30 });
    const row = await prelabel.app.get(ModelRepository).insert(ds, {
      projectId, questionId, backend: 'local', modelId: `local-lr/${projectId}/${questionId}`, classes: ['ham', 'spam'], nLabels: examples.length,
      state: trained.classifier.toState(), calibration: trained.calibration, report: { ...trained.report, pairs: [] }, threshold: null,
    });
    prelabel.app.get(ModelCache).put(row, trained.classifier);
    const texts = Object.fromEntries((await ds.query(`SELECT DISTINCT item_id, text FROM prelabel.tasks WHERE project_id = $1 AND text IS NOT NULL`, [projectId])).map(
      (r: { item_id: string; text: string }) => [r.item_id.slice(projectId.length + 1), r.text],
    )) as Record<string, string>;
    const min = 0.6;
    // The LF reads the served model's calibrated confidence (lf-inputs.policy modelScores).
    const expected = (names: string[]) =>
      names.filter((n) => {
        const p = trained.classifier.predict(texts[n] ?? n);
        return p.label === 'spam' && applyCalibration(trained.calibration, p.confidence) >= min;
      });
    const lf = await call('POST', '', { id: 'clf', question_id: questionId, kind: 'model', model: 'local', min_confidence: min, votes: 'spam' });
    expect(lf.status).toBe(201);
    const clfVotes = async () => (await votes()).filter((v) => v.includes(':clf@')).map((v) => v.split(':')[0]);
    const held = Object.keys(texts).sort();
    expect(await clfVotes()).toEqual(expected(held));
    // The model sends some held texts its way and not others, so the test tells voting from not.
    expect((await clfVotes()).length).toBeGreaterThan(0);
    expect((await clfVotes()).length).toBeLessThan(held.length);

    await producer.publish(TOPICS.tasks, taskEvent('post-2', 'subscribe to my channel http://spam.example now'));
    await producer.publish(TOPICS.tasks, taskEvent('post-3', 'lovely song, I love it'));
    await eventually('post-2 and post-3 held', async () => {
      const [r] = await ds.query(`SELECT count(*)::int AS n FROM prelabel.tasks WHERE project_id = $1 AND item_id = ANY($2)`, [projectId, [item('post-2'), item('post-3')]]);
      return r.n === 2 ? true : undefined;
    }, 60000, 300);
    texts['post-2'] = 'subscribe to my channel http://spam.example now';
    texts['post-3'] = 'lovely song, I love it';
    expect(expected(['post-2', 'post-3'])).toEqual(['post-2']);
    expect((await clfVotes()).filter((n) => n.startsWith('post-2') || n.startsWith('post-3'))).toEqual(['post-2']);
  });
});
