import { Kafka } from 'kafkajs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { toJson } from '@bufbuild/protobuf';
import { AnswerSchema, decodeEvent, TOPICS, type AnnotationEvent, type PrelabelEvent } from '@verity/contracts';
import { createKafka, TopicTap } from '@verity/messaging';
import { VerityClient } from '@verity/sdk';
import { eventually, launchChromium, screenshot, seriousAccessibilityViolations, signInAdmin, stackEnv, startFakeLlm, startPlatform, uniqueName, uploadMedia } from '@verity/testing';


// The workbench in a real browser (Debian's Chromium through playwright-core) against the
// platform started the README's way. An annotator works with the keyboard only: a text task,
// a text-span task, an audio segment, an image box and a video time segment, and confirms one
// machine draft; every answer reaches annotations.v1 with the browser-measured time and
// draft_shown as shown. An expert resolves an adjudication and confirms gold. An XSS corpus runs
// nothing; a failed submit is retried; axe finds no serious violation; screenshots go to reports/.

const run = uniqueName('console');
const password = 'correct horse battery staple';
const XSS = [
  `<img src=x onerror="window.__xss=1;fetch('http://canary.invalid:9/canary-img')">`,
  `javascript:window.__xss=1;fetch('http://canary.invalid:9/canary-js')`,
  `<svg xmlns="http://www.w3.org/2000/svg" onload="window.__xss=1"><script>fetch('http://canary.invalid:9/canary-svg')</script></svg>`,
  `"><script>window.__xss=1;fetch('http://canary.invalid:9/canary-attr')</script><a href="`,
  `'--></style></script><iframe src="javascript:window.top.__xss=1"></iframe>`,
];

type Project = { id: string };

describe('the console workbench (browser, real platform)', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let llm: Awaited<ReturnType<typeof startFakeLlm>>;
  let browser: Browser;
  let kafka: Kafka;
  let annotations: TopicTap;
  let prelabels: TopicTap;
  let admin: VerityClient;
  const users: Record<string, { id: string; email: string }> = {};
  const projects: Record<'text' | 'media' | 'expert' | 'xss' | 'faults', Project> = {} as never;

  const annotationsOf = (projectId: string) =>
    annotations.records.map((r) => decodeEvent(TOPICS.annotations, r.value) as AnnotationEvent).filter((a) => a.envelope?.projectId === projectId);
  const prelabelsOf = (projectId: string) =>
    prelabels.records.map((r) => decodeEvent(TOPICS.prelabels, r.value) as PrelabelEvent).filter((p) => p.envelope?.projectId === projectId);

  async function project(key: keyof typeof projects, spec: Record<string, unknown>, ontology: Record<string, unknown>, members: [string, string[]][]) {
    const p = await admin.createProject({ name: `${key} ${run}`, ...spec });
    for (const [user, roles] of members) await admin.setMember(p.id, users[user].id, { roles, languages: ['en'] });
    const draft = await admin.createOntologyDraft(p.id, ontology);
    await admin.publishOntology(p.id, draft.version);
    projects[key] = p;
    return p;
  }

  async function content(sourceId: string, source: string, body: Record<string, unknown>) {
    await admin.postContent({ source, sourceId, language: 'en', ...body });
  }

  async function signIn(ctx: BrowserContext, who: string): Promise<Page> {
    const page = await ctx.newPage();
    await page.goto(platform.gateway + '/');
    await page.getByLabel('E-mail').waitFor();
    await expectAccessible(page, 'sign-in');
    await page.keyboard.type(users[who].email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Your projects' }).waitFor();
    return page;
  }

  async function expectAccessible(page: Page, name: string) {
    await screenshot(page, name);
    expect({ screen: name, violations: await seriousAccessibilityViolations(page) }).toEqual({ screen: name, violations: [] });
  }

  /** The task on screen (waits for one), as the page shows it. */
  async function shownTask(page: Page) {
    const section = page.locator('section.workbench');
    await page.waitForFunction(() => {
      const s = document.querySelector('section.workbench');
      return !!s && (s.getAttribute('data-task-id') !== '' || document.body.textContent!.includes('No task is waiting'));
    });
    const taskId = (await section.getAttribute('data-task-id')) ?? '';
    if (!taskId) return null;
    return {
      taskId,
      prompt: (await page.locator('#task-prompt').textContent()) ?? '',
      draft: (await page.locator('.draft-note').count()) > 0,
    };
  }

  async function nextTaskAfter(page: Page, previous: string) {
    await page.waitForFunction((prev) => document.querySelector('section.workbench')?.getAttribute('data-task-id') !== prev, previous);
    return shownTask(page);
  }

  beforeAll(async () => {
    llm = await startFakeLlm((text) => (text.includes('NODRAFT') ? null : { optionId: 'spam', confidence: 0.7 }));
    platform = await startPlatform(18680, '.console', { LLM_BASE_URL: llm.url, LLM_MODEL: 'fake-llm', LLM_API_KEY: 'test-key' });
    admin = await signInAdmin(platform.gateway);
    for (const [name, roles] of [
      ['ann', ['annotator']],
      ['exp', ['quality_analyst', 'project_manager']],
      ['a1', ['annotator']],
      ['a2', ['annotator']],
    ] as const) {
      users[name] = await admin.createUser({ email: `${name}-${run}@console.verity`, displayName: name, password, roles: [...roles] });
    }
    kafka = createKafka({ brokers: stackEnv().brokers, clientId: run });
    annotations = await new TopicTap(kafka, TOPICS.annotations.name).start();
    prelabels = await new TopicTap(kafka, TOPICS.prelabels.name).start();
    const quiet = { honeypotRate: 0, leaseSeconds: 600, auditRate: 0 };
    const spamQuestion = { id: 'spam', type: 'single_choice', prompt: 'Is this comment spam?', options: [{ id: 'spam', label: 'Spam' }, { id: 'ham', label: 'Not spam' }] };

    await project(
      'text',
      { contentTypes: ['text'], filter: { sources: [`t-${run}`] }, policy: { ...quiet, answersPerTask: 1, prelabelMode: 'llm' } },
      {
        guidelines: { text: 'Spam sells something or links away.', examples: [{ content: 'Visit my shop', questionId: 'spam', answer: { choice: ['spam'] }, explanation: 'it sells' }] },
        questions: [spamQuestion, { id: 'entities', type: 'text_span', prompt: 'Mark people and products', options: [{ id: 'person', label: 'Person' }, { id: 'product', label: 'Product' }] }],
      },
      [['ann', ['annotator']]],
    );
    await project(
      'media',
      { contentTypes: ['audio', 'image', 'video'], filter: { sources: [`m-${run}`] }, policy: { ...quiet, answersPerTask: 1, prelabelMode: 'off' } },
      {
        questions: [
          { id: 'sounds', type: 'time_segment', prompt: 'Mark where someone speaks', contentTypes: ['audio', 'video'], options: [{ id: 'speech', label: 'Speech' }, { id: 'noise', label: 'Noise' }] },
          { id: 'objects', type: 'box', prompt: 'Box each shape', contentTypes: ['image'], options: [{ id: 'circle', label: 'Circle' }, { id: 'square', label: 'Square' }] },
        ],
      },
      [['ann', ['annotator']]],
    );
    await project(
      'expert',
      { contentTypes: ['text'], filter: { sources: [`e-${run}`] }, policy: { ...quiet, answersPerTask: 2, agreementThreshold: 0.9, posteriorThreshold: 0.99, prelabelMode: 'off' } },
      { guidelines: { text: 'Spam sells something.', examples: [] }, questions: [spamQuestion] },
      [
        ['a1', ['annotator']],
        ['a2', ['annotator']],
        ['exp', ['quality_analyst', 'project_manager']],
      ],
    );
    await project(
      'xss',
      { contentTypes: ['text'], filter: { sources: [`x-${run}`] }, policy: { ...quiet, answersPerTask: 1, prelabelMode: 'off' } },
      {
        guidelines: { text: `Guidelines ${XSS.join(' ')}`, examples: [{ content: XSS[0], questionId: 'q', answer: { choice: ['a'] }, explanation: XSS[3] }] },
        questions: [{ id: 'q', type: 'single_choice', prompt: `Pick ${XSS[4]}`, options: [{ id: 'a', label: XSS[0], description: XSS[2] }, { id: 'b', label: XSS[3] }] }],
      },
      [['ann', ['annotator']]],
    );
    await project(
      'faults',
      { contentTypes: ['text'], filter: { sources: [`f-${run}`] }, policy: { ...quiet, answersPerTask: 1, prelabelMode: 'off' } },
      { questions: [spamQuestion] },
      [['ann', ['annotator']]],
    );

    await content('draft', `t-${run}`, { contentType: 'text', text: 'Buy cheap watches at my channel now' });
    await content('blind', `t-${run}`, { contentType: 'text', text: 'NODRAFT Great video, thanks for sharing' });
    await content('audio', `m-${run}`, { contentType: 'audio', payloadRef: await uploadMedia('speech.wav', 'audio/wav') });
    await content('image', `m-${run}`, { contentType: 'image', payloadRef: await uploadMedia('shapes.png', 'image/png') });
    await content('video', `m-${run}`, { contentType: 'video', payloadRef: await uploadMedia('clip.webm', 'video/webm') });
    await content('disputed', `e-${run}`, { contentType: 'text', text: 'Check out my page for free stuff' });
    for (const [i, x] of XSS.entries()) await content(`xss-${i}`, `x-${run}`, { contentType: 'text', text: x });
    await content('f1', `f-${run}`, { contentType: 'text', text: 'First comment for the fault test' });
    await content('f2', `f-${run}`, { contentType: 'text', text: 'Second comment for the fault test' });

    await eventually('every test task queued', () => {
      const n = (k: keyof typeof projects) => prelabelsOf(projects[k].id).length;
      return n('text') >= 4 && n('media') >= 3 && n('expert') >= 1 && n('xss') >= XSS.length && n('faults') >= 2 ? true : undefined;
    }, 120000, 250);
    browser = await launchChromium();
  }, 600000);

  afterAll(async () => {
    await browser?.close();
    await annotations?.stop();
    await prelabels?.stop();
    await platform?.stop();
    await llm?.close();
  }, 120000);

  it('serves the console with a Content-Security-Policy that forbids inline script, and nosniff', async () => {
    const res = await fetch(platform.gateway + '/', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('an annotator labels text, spans, audio, an image and video with the keyboard, and confirms a draft', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(ctx, 'ann');
    // The list, not its "Loading…": the annotator's text project, with the way in to its work.
    const card = page.locator('li.card', { has: page.getByRole('heading', { name: projects.text.name, exact: true }) });
    await card.waitFor();
    expect(await card.getByRole('link', { name: 'Label', exact: true }).count()).toBe(1);
    await expectAccessible(page, 'projects');
    const expected = new Map<string, { answer: unknown; draftShown: boolean; minMs?: number }>();

    // Text project: two comments × (spam?, entities). Which comes first depends on the queue.
    await page.goto(`${platform.gateway}/projects/${projects.text.id}/work`);
    let task = await shownTask(page);
    for (let i = 0; i < 4; i++) {
      expect(task).not.toBeNull();
      const t = task!;
      if (t.prompt.startsWith('Is this comment spam')) {
        if (t.draft) {
          await expectAccessible(page, 'workbench-draft');
          await page.waitForTimeout(400);
          await page.keyboard.press('Enter'); // confirm the preselected draft
          expected.set(t.taskId, { answer: { choice: { optionIds: ['spam'] } }, draftShown: true, minMs: 400 });
        } else {
          await expectAccessible(page, 'workbench-choice');
          await page.keyboard.press('2');
          await page.keyboard.press('Enter');
          expected.set(t.taskId, { answer: { choice: { optionIds: ['ham'] } }, draftShown: false });
        }
      } else {
        await page.locator('.span-text').waitFor();
        for (let k = 0; k < 3; k++) await page.keyboard.press('Shift+ArrowRight');
        await page.keyboard.press('2');
        await page.locator('.marks li').waitFor();
        await expectAccessible(page, 'workbench-text-span');
        const text = (await page.locator('.marks li').first().textContent()) ?? '';
        const word = text.includes('NOD') ? 'NOD' : 'Buy';
        await page.keyboard.press('Enter');
        expected.set(t.taskId, { answer: { textSpans: { spans: [{ start: 0, end: 3, optionId: 'product', text: word }] } }, draftShown: false });
      }
      task = await nextTaskAfter(page, t.taskId);
    }
    expect(task).toBeNull();
    await page.keyboard.press('?');
    await page.getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
    await expectAccessible(page, 'workbench-shortcuts');
    await page.keyboard.press('Escape');

    // Media project: an audio segment, a video time segment and an image box.
    await page.goto(`${platform.gateway}/projects/${projects.media.id}/work`);
    task = await shownTask(page);
    for (let i = 0; i < 3; i++) {
      const t = task!;
      await page.locator('[data-ready="true"]').waitFor({ timeout: 30000 });
      if (t.prompt.startsWith('Mark where')) {
        const isVideo = (await page.locator('video').count()) > 0;
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('[');
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press(']');
        await page.keyboard.press('1');
        await page.locator('.marks li').waitFor();
        if (!isVideo) await page.waitForSelector('canvas[data-decoded="true"]', { timeout: 15000 });
        await expectAccessible(page, isVideo ? 'workbench-video-segment' : 'workbench-audio-segment');
        await page.keyboard.press('Enter');
        expected.set(t.taskId, { answer: { timeSegments: { segments: [{ startMs: '1000', endMs: '3000', optionId: 'speech' }] } }, draftShown: false }); // int64 is a string in protobuf JSON
      } else {
        await page.keyboard.press('b');
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('Shift+ArrowDown');
        await page.keyboard.press('1');
        await page.locator('.marks li').waitFor();
        await expectAccessible(page, 'workbench-image-box');
        await page.keyboard.press('Enter');
        expected.set(t.taskId, { answer: { boxes: { boxes: [{ x: 0.37, y: 0.35, width: 0.3, height: 0.32, optionId: 'circle' }] } }, draftShown: false });
      }
      task = await nextTaskAfter(page, t.taskId);
    }
    expect(task).toBeNull();

    const mine = await eventually(
      'the seven answers on annotations.v1',
      () => {
        const got = [...annotationsOf(projects.text.id), ...annotationsOf(projects.media.id)].filter((a) => a.annotatorId === users.ann.id);
        return got.length >= expected.size ? got : undefined;
      },
      60000,
      250,
    );
    expect(mine).toHaveLength(7);
    for (const a of mine) {
      const want = expected.get(a.taskId)!;
      expect({ task: a.taskId, answer: toJson(AnswerSchema, a.answer!, { alwaysEmitImplicit: true }), draftShown: a.draftShown }).toEqual({ task: a.taskId, answer: want.answer, draftShown: want.draftShown });
      expect(Number(a.timeSpentMs)).toBeGreaterThanOrEqual(want.minMs ?? 1);
      expect(Number(a.timeSpentMs)).toBeLessThan(5 * 60 * 1000);
    }
    expect(mine.filter((a) => a.draftShown)).toHaveLength(1);

    await page.goto(`${platform.gateway}/projects/${projects.text.id}/my-work`);
    await page.getByRole('heading', { name: /My work/ }).waitFor();
    await page.locator('table tbody tr').first().waitFor();
    await expectAccessible(page, 'my-work');
    expect(await page.locator('table tbody tr').count()).toBe(4);
    // The span from the first character: proto3 JSON leaves its 0 out, the screen shows it.
    expect(await page.locator('table tbody').innerText()).toContain('“NOD” (0–3)');
    await ctx.close();
  }, 300000);

  it('explains a project the person cannot work in, and offers a way back', async () => {
    const ctx = await browser.newContext();
    const page = await signIn(ctx, 'ann');
    await page.goto(`${platform.gateway}/projects/${projects.expert.id}/work`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/cannot work in this project/);
    expect(await alert.getByRole('link', { name: 'Back to projects' }).count()).toBe(1);
    await ctx.close();
  }, 60000);

  it('keeps an answer through a failed submit and retries it; a lease taken back is explained', async () => {
    const ctx = await browser.newContext();
    const page = await signIn(ctx, 'ann');
    let attempts = 0;
    await page.route('**/v1/tasks/*/submit', (route) => (attempts++ === 0 ? route.abort('connectionreset') : route.continue()));
    await page.goto(`${platform.gateway}/projects/${projects.faults.id}/work`);
    const first = (await shownTask(page))!;
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    const second = (await nextTaskAfter(page, first.taskId))!;
    const saved = await eventually('the retried answer on annotations.v1', () => annotationsOf(projects.faults.id).find((a) => a.taskId === first.taskId), 30000, 200);
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(toJson(AnswerSchema, saved.answer!)).toEqual({ choice: { optionIds: ['spam'] } });

    await page.unroute('**/v1/tasks/*/submit');
    await page.route('**/v1/tasks/*/submit', (route) =>
      route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ statusCode: 409, error: 'Conflict', message: 'lease expired' }) }),
    );
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await page.getByText('That task is no longer yours').waitFor();
    await screenshot(page, 'workbench-lease-gone');
    expect(second.taskId).not.toBe(first.taskId);
    await page.waitForTimeout(1000);
    expect(annotationsOf(projects.faults.id).filter((a) => a.taskId === first.taskId)).toHaveLength(1);
    await ctx.close();
  }, 120000);

  it('renders an XSS corpus in content, guidelines and options as text: nothing runs, nothing is fetched', async () => {
    const ctx = await browser.newContext();
    const page = await signIn(ctx, 'ann');
    const dialogs: string[] = [];
    const canary: string[] = [];
    page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
    page.on('request', (r) => r.url().includes('canary') && canary.push(r.url()));
    await page.goto(`${platform.gateway}/projects/${projects.xss.id}/work`);
    const seen = new Set<string>();
    let task = await shownTask(page);
    while (task) {
      const text = (await page.locator('.content-text').textContent()) ?? '';
      seen.add(text);
      await page.keyboard.press('g');
      await page.locator('.guidelines-text').waitFor();
      expect(await page.locator('.guidelines-text').textContent()).toContain(XSS[0]);
      if (seen.size === 1) await expectAccessible(page, 'workbench-guidelines-xss');
      await page.keyboard.press('g');
      await page.keyboard.press('1');
      await page.keyboard.press('Enter');
      task = await nextTaskAfter(page, task.taskId);
    }
    expect([...seen].sort()).toEqual([...XSS].sort());
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(canary).toEqual([]);
    await ctx.close();
  }, 180000);

  it('an expert resolves an adjudication with a note and confirms the item as gold', async () => {
    const a1 = await VerityClient.signIn(platform.gateway, users.a1.email, password);
    const a2 = await VerityClient.signIn(platform.gateway, users.a2.email, password);
    const t1 = (await a1.nextTask(projects.expert.id))!;
    const t2 = (await a2.nextTask(projects.expert.id))!;
    await a1.submit(t1.taskId, t1.leaseId, { choice: { optionIds: ['spam'] } }, 3000);
    await a2.submit(t2.taskId, t2.leaseId, { choice: { optionIds: ['ham'] } }, 3000);
    const exp = await VerityClient.signIn(platform.gateway, users.exp.email, password);
    await eventually('the disagreement in the expert queue', async () => {
      const r = await exp.raw('GET', `/v1/projects/${projects.expert.id}/adjudications?state=open`);
      return (r.body as { requests?: unknown[] }).requests?.length ? true : undefined;
    }, 60000, 500);

    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(ctx, 'exp');
    await page.goto(`${platform.gateway}/projects/${projects.expert.id}/review`);
    await page.locator('table tbody tr').first().waitFor();
    await expectAccessible(page, 'expert-queue');
    await page.getByRole('button', { name: 'Take the next request' }).click();
    await page.getByRole('heading', { name: 'Answers' }).waitFor();
    expect(await page.locator('table tbody tr').count()).toBe(2);
    await page.keyboard.press('1');
    await page.getByLabel(/^Note/).fill('sells free stuff: spam');
    await page.getByLabel('Propose as a gold item').check();
    await expectAccessible(page, 'expert-adjudication');
    await page.getByRole('button', { name: 'Give verdict' }).click();
    await page.getByRole('button', { name: 'Confirm as gold' }).click();
    await page.getByText('Confirmed as a gold item.').first().waitFor();
    await expectAccessible(page, 'expert-gold-confirmed');
    const requestId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    const view = (await exp.call('GET', `/v1/adjudications/${requestId}`)) as { state: string; verdict: { label: string; note: string; gold: unknown } };
    expect(view.state).toBe('decided');
    expect(view.verdict.label).toBe('spam');
    expect(view.verdict.note).toBe('sells free stuff: spam');
    expect(view.verdict.gold).not.toBeNull();
    await ctx.close();
  }, 180000);
});
