import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { toJson } from '@bufbuild/protobuf';
import { AnswerSchema, decodeEvent, TOPICS, type ItemEvent, type LabelEvent, type TaskEvent } from '@verity/contracts';
import { createKafka, TopicTap } from '@verity/messaging';
import { VerityClient } from '@verity/sdk';
import { ObjectStore, sha256Hex } from '@verity/storage';
import { eventually, launchChromium, screenshot, seriousAccessibilityViolations, signInAdmin, stackEnv, startPlatform, uniqueName } from '@verity/testing';

// The manager's console in a real browser against the platform started the README's way, in one
// flow: a manager creates a project, writes ontology v1 and publishes it; content arrives and the
// progress screen climbs while simulated annotators work; v2 is published with a rename, a merge
// and a split map (old labels rewritten as new versions on labels.v1, split items re-queued); a
// release is downloaded in the browser; a dead-lettered content event, once its cause is fixed,
// is redriven from the operations screen and processed.

const run = uniqueName('mgr');
const password = 'correct horse battery staple';
const source = `src-${run}`;
const V1_OPTIONS = ['spam', 'ham', 'promo', 'ad', 'other'];
// The truth each simulated annotator answers for item i (one answer per task: answersPerTask 1).
const answerFor = (i: number) => V1_OPTIONS[i % V1_OPTIONS.length];
const ITEMS = 10;

describe('the manager console (browser, real platform)', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  let page: Page;
  let admin: VerityClient;
  let labels: TopicTap;
  let tasks: TopicTap;
  let items: TopicTap;
  const users: Record<string, { id: string; email: string }> = {};
  let projectId = '';

  const labelsOf = () => labels.records.map((r) => decodeEvent(TOPICS.labels, r.value) as LabelEvent).filter((l) => l.envelope?.projectId === projectId);
  const tasksOf = () => tasks.records.map((r) => decodeEvent(TOPICS.tasks, r.value) as TaskEvent).filter((t) => t.envelope?.projectId === projectId);

  async function expectAccessible(name: string) {
    await screenshot(page, name);
    expect({ screen: name, violations: await seriousAccessibilityViolations(page) }).toEqual({ screen: name, violations: [] });
  }

  async function labelAll(who: string[]) {
    const clients = await Promise.all(who.map((w) => VerityClient.signIn(platform.gateway, users[w].email, password)));
    let idle = 0;
    while (idle < 3) {
      let worked = false;
      for (const c of clients) {
        const t = await c.nextTask(projectId);
        if (!t) continue;
        worked = true;
        const i = Number(/#(\d+)/.exec(t.content.text ?? '')?.[1] ?? 0);
        await c.submit(t.taskId, t.leaseId, { choice: { optionIds: [answerFor(i)] } }, 1500);
      }
      idle = worked ? 0 : idle + 1;
      if (!worked) await new Promise((r) => setTimeout(r, 500));
    }
  }

  const labelsOut = async () => Number(((await page.locator('#progress dl > div', { hasText: 'Labels out' }).locator('dd').textContent()) ?? '').replace(/\D/g, '') || 0);

  beforeAll(async () => {
    platform = await startPlatform(18880, '.manager');
    admin = await signInAdmin(platform.gateway);
    for (const [name, roles] of [
      ['pm', ['project_manager']],
      ['a1', ['annotator']],
      ['a2', ['annotator']],
    ] as const) {
      users[name] = await admin.createUser({ email: `${name}-${run}@manager.verity`, displayName: name, password, roles: [...roles] });
    }
    const kafka = createKafka({ brokers: stackEnv().brokers, clientId: run });
    labels = await new TopicTap(kafka, TOPICS.labels.name).start();
    tasks = await new TopicTap(kafka, TOPICS.tasks.name).start();
    items = await new TopicTap(kafka, TOPICS.items.name).start();
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
  }, 600000);

  afterAll(async () => {
    await browser?.close();
    for (const t of [labels, tasks, items]) await t?.stop();
    await platform?.stop();
  }, 120000);

  it('a manager creates a project, sets its policy and members, writes ontology v1 and publishes it', async () => {
    await page.goto(platform.gateway + '/');
    await page.getByLabel('E-mail').fill(users.pm.email);
    await page.getByLabel('Password').fill(password);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'New project' }).click();
    await page.getByLabel('Name').fill(`Comments ${run}`);
    await page.getByLabel('Sources (comma-separated)').fill(source);
    await expectAccessible('manager-new-project');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: /^Settings — / }).waitFor();
    projectId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]);

    await page.getByLabel('Answers per task').fill('1');
    for (const l of ['Agreement threshold', 'Posterior threshold', 'Honeypot rate', 'Reliability floor']) await page.getByLabel(l, { exact: true }).fill('0');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    for (const a of ['a1', 'a2']) {
      await page.getByLabel('User id').fill(users[a].id);
      await page.getByRole('button', { name: 'Add or update member' }).click();
      await page.getByRole('cell', { name: users[a].id }).waitFor();
    }
    await expectAccessible('manager-settings');
    const project = (await admin.call('GET', `/v1/projects/${projectId}`)) as { policy: { answersPerTask: number; honeypotRate: number } };
    expect(project.policy).toMatchObject({ answersPerTask: 1, honeypotRate: 0 });

    await page.goto(`${platform.gateway}/projects/${projectId}/ontology`);
    await page.getByLabel('Question id').fill('kind');
    await page.getByLabel('Prompt').fill('What kind of comment is this?');
    await page.getByLabel('Guidelines').fill('Spam sells or links away; ham is a real comment.');
    for (let k = 0; k < V1_OPTIONS.length; k++) await page.getByRole('button', { name: 'Add option' }).click();
    for (const [k, id] of V1_OPTIONS.entries()) {
      await page.getByLabel('Option id').nth(k).fill(id);
      await page.getByLabel('Label', { exact: true }).nth(k).fill(id.toUpperCase());
    }
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Version 1 published.').waitFor();
    await expectAccessible('manager-ontology-v1');
    const v1 = (await admin.call('GET', `/v1/projects/${projectId}/ontologies/1`)) as { status: string; questions: { options: { id: string }[] }[] };
    expect(v1.status).toBe('published');
    expect(v1.questions[0].options.map((o) => o.id)).toEqual(V1_OPTIONS);
  }, 180000);

  it('content arrives through the API and the progress screen climbs as annotators work', async () => {
    await page.goto(`${platform.gateway}/projects/${projectId}/dashboard`);
    await page.locator('#progress dl').waitFor({ timeout: 30000 });
    const before = await labelsOut();
    for (let i = 0; i < ITEMS; i++) await admin.postContent({ source, sourceId: `c${i}`, contentType: 'text', language: 'en', text: `Comment #${i} about the video` });
    await eventually('the tasks queued', () => (tasksOf().length >= ITEMS ? true : undefined), 120000, 250);
    await labelAll(['a1', 'a2']);
    await eventually('every item labeled', () => (new Set(labelsOf().map((l) => l.itemId)).size >= ITEMS ? true : undefined), 120000, 250);
    await eventually('the progress screen to show the labels', async () => ((await labelsOut()) >= before + ITEMS ? true : undefined), 60000, 1000);
    // The numbers behind the throughput chart: one row a bucket, items in and labels out summing
    // to what arrived and what was labeled (the project is this suite's own).
    const numbers = page.locator('#progress details.numbers');
    await numbers.locator('summary').click();
    const rows = await numbers.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => Number((td.textContent ?? '').replace(/\D/g, '') || 0))),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(await numbers.locator('tbody tr th[scope="row"]').count()).toBe(rows.length);
    const sum = (col: number) => rows.reduce((n, r) => n + (r[col] ?? 0), 0);
    expect(sum(0)).toBe(ITEMS);
    expect(sum(2)).toBe(before + ITEMS);
    await expectAccessible('manager-dashboard');
  }, 300000);

  it('v2 with a rename, a merge and a split: old labels rewritten on labels.v1, split items re-queued', async () => {
    const tasksBefore = tasksOf().length;
    const versionsBefore = labelsOf().length;
    await page.goto(`${platform.gateway}/projects/${projectId}/ontology`);
    await page.getByRole('button', { name: 'Start the next version from this one' }).click();
    await page.getByRole('heading', { name: 'Viewing version 2 (draft)' }).waitFor();
    // v2 options: spam, not_spam (ham renamed), commercial (promo + ad merged), question and off_topic (other split).
    const ids = page.getByLabel('Option id');
    await ids.nth(1).fill('not_spam');
    await ids.nth(2).fill('commercial');
    await ids.nth(3).fill('question');
    await ids.nth(4).fill('off_topic');
    await page.getByLabel('Label', { exact: true }).nth(2).fill('COMMERCIAL');
    for (const [kind, from, to] of [
      ['rename', 'ham', 'not_spam'],
      ['merge', 'promo, ad', 'commercial'],
      ['split', 'other', 'question, off_topic'],
    ]) {
      await page.getByRole('button', { name: 'Add map entry' }).click();
      const n = (await page.getByLabel('From options (comma-separated)').count()) - 1;
      await page.locator('select').filter({ has: page.locator('option[value="split"]') }).nth(n).selectOption(kind);
      await page.getByLabel('From options (comma-separated)').nth(n).fill(from);
      await page.getByLabel('To options (comma-separated)').nth(n).fill(to);
    }
    await expectAccessible('manager-ontology-v2-map');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Version 2 published.').waitFor();

    const mapped = { ham: 'not_spam', promo: 'commercial', ad: 'commercial' } as Record<string, string>;
    const expected = Array.from({ length: ITEMS }, (_, i) => answerFor(i)).filter((a) => a in mapped).length;
    const rewritten = await eventually(
      'the rewritten label versions',
      () => {
        const got = labelsOf().slice(versionsBefore).filter((l) => l.ontologyVersion === 2);
        return got.length >= expected ? got : undefined;
      },
      60000,
      250,
    );
    expect(rewritten).toHaveLength(expected);
    for (const l of rewritten) expect(['not_spam', 'commercial']).toContain((toJson(AnswerSchema, l.answer!) as { choice: { optionIds: string[] } }).choice.optionIds[0]);
    const splitItems = Array.from({ length: ITEMS }, (_, i) => i).filter((i) => answerFor(i) === 'other').length;
    const requeued = await eventually('the split items re-queued', () => {
      const got = tasksOf().slice(tasksBefore).filter((t) => t.task?.ontologyVersion === 2);
      return got.length >= splitItems ? got : undefined;
    }, 60000, 250);
    expect(requeued).toHaveLength(splitItems);

    await page.getByLabel('Version A').selectOption('1');
    await page.getByLabel('Version B').selectOption('2');
    await page.getByRole('button', { name: 'Show differences' }).click();
    const diff = (await page.getByTestId('ontology-diff').textContent()) ?? '';
    expect(diff).toMatch(/options added: .*not_spam/);
    expect(diff).toMatch(/options removed: .*ham/);
  }, 240000);

  it('a release is created, verified and downloaded in the browser', async () => {
    await page.goto(`${platform.gateway}/projects/${projectId}/releases`);
    await page.getByLabel('Allow mixing ontology versions').check();
    await page.getByRole('button', { name: 'Create a release' }).last().click();
    await page.getByText('Release created.').waitFor({ timeout: 60000 });
    await page.getByRole('button', { name: 'Verify' }).first().click();
    await page.getByText(/files match their checksums/).waitFor({ timeout: 60000 });
    await expectAccessible('manager-releases');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'labels.jsonl' }).first().click()]);
    const file = await download.path();
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    const listed = (await admin.call('GET', `/v1/projects/${projectId}/releases`)) as { releases: { labelCount: number }[] };
    expect(lines).toHaveLength(listed.releases[0].labelCount);
    expect(lines.length).toBeGreaterThanOrEqual(ITEMS);
  }, 180000);

  it('a dead-lettered content event is redriven from the operations screen once its cause is fixed', async () => {
    // The producer announced a payload before uploading it: ingestion dead-letters the event.
    const env = stackEnv();
    const body = Buffer.from('Comment #0 that arrived late, uploaded after its event');
    const key = `uploads/${run}/late.txt`;
    await admin.postContent({ source, sourceId: 'late', contentType: 'text', language: 'en', payloadRef: { bucket: env.s3.bucket, key, sha256: sha256Hex(body), size: body.length, mediaType: 'text/plain' } });
    const adminPage = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await adminPage.goto(platform.gateway + '/');
    await adminPage.getByLabel('E-mail').fill(process.env.BOOTSTRAP_ADMIN_EMAIL!);
    await adminPage.getByLabel('Password').fill(process.env.BOOTSTRAP_ADMIN_PASSWORD!);
    await adminPage.keyboard.press('Enter');
    await adminPage.getByRole('link', { name: 'Operations' }).click();
    const inspect = adminPage.getByRole('button', { name: `Inspect the dead letters of ${TOPICS.content.name}` });
    await eventually('the dead letter', async () => {
      await adminPage.reload();
      await inspect.waitFor();
      return (await inspect.isEnabled()) ? true : undefined;
    }, 60000, 2000);
    await inspect.click();
    const row = adminPage.locator('.records-table tbody tr', { hasText: key }).first();
    await row.waitFor();
    page = adminPage;
    await expectAccessible('ops-dead-letters');
    await new ObjectStore(env.s3).put(key, body, { contentType: 'text/plain' }); // the cause, fixed
    await row.getByRole('checkbox').check();
    await adminPage.getByRole('button', { name: /^Redrive selected/ }).click();
    await adminPage.getByRole('dialog').getByRole('button', { name: 'Redrive' }).click();
    await adminPage.getByText(/Redriven: 1\./).waitFor();
    const item = await eventually('the redriven content as an item', () =>
      items.records.map((r) => decodeEvent(TOPICS.items, r.value) as ItemEvent).find((e) => e.content?.source === source && e.content.sourceId === 'late'),
    60000, 250);
    expect(item.matchedProjectIds).toContain(projectId);
  }, 180000);
});
