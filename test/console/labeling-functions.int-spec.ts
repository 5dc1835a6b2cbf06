import type { Browser, Page } from 'playwright-core';
import { VerityClient } from '@verity/sdk';
import { eventually, launchChromium, screenshot, seriousAccessibilityViolations, signInAdmin, startPlatform, uniqueName } from '@verity/testing';

// The labeling-functions screen (issue #14) in a real browser against the platform started the
// README's way: a project manager opens it from the project list, is refused a regex prone to
// catastrophic backtracking (the 400 shown with the field and its reason), creates a keywords
// LF, sees it listed, and, once matching content has arrived and been labeled, sees its row in
// the analysis (votes, coverage, accuracy with its Wilson interval and n); then retires it.

const run = uniqueName('lf');
const password = 'correct horse battery staple';
const source = `src-${run}`;
// Three texts the keywords LF matches (all labeled spam) and one it does not (labeled ham).
const TEXTS = ['Get a FREE phone now', 'Free gift cards, click here', 'Win free tickets today', 'Lovely video, thanks for sharing'];
const truth = (text: string) => (/free/i.test(text) ? 'spam' : 'ham');

describe('the labeling-functions screen (browser, real platform)', () => {
  let platform: Awaited<ReturnType<typeof startPlatform>>;
  let browser: Browser;
  let page: Page;
  let admin: VerityClient;
  let pm: VerityClient;
  const users: Record<string, { id: string; email: string }> = {};
  let projectId = '';

  async function expectAccessible(name: string) {
    await screenshot(page, name);
    expect({ screen: name, violations: await seriousAccessibilityViolations(page) }).toEqual({ screen: name, violations: [] });
  }

  beforeAll(async () => {
    platform = await startPlatform(19080, '.console-lf');
    admin = await signInAdmin(platform.gateway);
    for (const [name, roles] of [
      ['pm', ['project_manager']],
      ['a1', ['annotator']],
    ] as const) {
      users[name] = await admin.createUser({ email: `${name}-${run}@lf.verity`, displayName: name, password, roles: [...roles] });
    }
    pm = await VerityClient.signIn(platform.gateway, users.pm.email, password);
    const p = await pm.createProject({
      name: `LFs ${run}`,
      contentTypes: ['text'],
      filter: { sources: [source] },
      policy: { answersPerTask: 1, agreementThreshold: 0, posteriorThreshold: 0, honeypotRate: 0, auditRate: 0, reliabilityFloor: 0, leaseSeconds: 600, prelabelMode: 'off' },
    });
    projectId = p.id;
    await pm.setMember(projectId, users.a1.id, { roles: ['annotator'], languages: ['en'] });
    const draft = await pm.createOntologyDraft(projectId, {
      guidelines: { text: 'Spam sells or links away.', examples: [] },
      questions: [{ id: 'kind', type: 'single_choice', prompt: 'What kind of comment is this?', options: [{ id: 'spam', label: 'Spam' }, { id: 'ham', label: 'Ham' }] }],
    });
    await pm.publishOntology(projectId, draft.version);
    // Prelabel answers the LF routes once its copy of the project (members, ontology) has arrived.
    await eventually('prelabel to know the project', async () => ((await pm.raw('GET', `/v1/projects/${projectId}/prelabel/labeling-functions`)).status === 200 ? true : undefined), 120000, 500);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  }, 600000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  }, 120000);

  it('a manager opens the screen, is refused a catastrophic regex with its reason, creates a keywords LF and sees it listed', async () => {
    await page.goto(platform.gateway + '/');
    await page.getByLabel('E-mail').fill(users.pm.email);
    await page.getByLabel('Password').fill(password);
    await page.keyboard.press('Enter');
    await page.locator('.card', { hasText: `LFs ${run}` }).getByRole('link', { name: 'Labeling functions' }).click();
    await page.getByRole('heading', { name: `Labeling functions — LFs ${run}` }).waitFor();
    await page.getByText('No labeling function yet.').waitFor();

    await page.getByLabel('Id', { exact: true }).fill('bad-regex');
    await page.getByRole('combobox', { name: /^Kind/ }).selectOption('regex');
    await page.getByLabel('Pattern (JavaScript regular expression)').fill('(a+)+$');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const refusal = page.locator('form[aria-labelledby="lf-create-title"] [role="alert"]');
    await refusal.waitFor();
    const fieldError = refusal.locator('li', { has: page.locator('code', { hasText: /^pattern$/ }) });
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toMatch(/^pattern: prone to catastrophic backtracking: /);
    await expectAccessible('lf-bad-regex');
    const stored = (await pm.call('GET', `/v1/projects/${projectId}/prelabel/labeling-functions`)) as { labelingFunctions: unknown[] };
    expect(stored.labelingFunctions).toEqual([]);

    await page.getByLabel('Id', { exact: true }).fill('kw-free');
    await page.getByRole('combobox', { name: /^Kind/ }).selectOption('keywords');
    await page.getByRole('combobox', { name: /^Votes for/ }).selectOption('spam');
    await page.getByLabel('Keywords (comma-separated, whole words, any case)').fill('free, giveaway');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'kw-free version 1 saved' }).waitFor();
    const row = page.getByTestId('lf-list').locator('tbody tr', { hasText: 'kw-free' });
    await row.waitFor();
    expect((await row.locator('td').allTextContents()).slice(0, 5)).toEqual(['kw-free', 'keywords', 'kind', 'spam', '1']);
    await row.getByText('active').waitFor();
    expect(await row.locator('td').nth(5).locator('code').getAttribute('title')).toBe(users.pm.id);
    await expectAccessible('lf-created');
  }, 180000);

  it('once matching content has arrived and been labeled, the analysis shows the LF with its accuracy, Wilson interval and n; retiring it stops it', async () => {
    for (const [i, text] of TEXTS.entries()) await admin.postContent({ source, sourceId: `c${i}`, contentType: 'text', language: 'en', text });
    // Label every task (answersPerTask 1): spam for the texts with "free", ham otherwise.
    const a1 = await VerityClient.signIn(platform.gateway, users.a1.email, password);
    let labeled = 0;
    await eventually(
      'every item labeled',
      async () => {
        const t = await a1.nextTask(projectId);
        if (t) {
          await a1.submit(t.taskId, t.leaseId, { choice: { optionIds: [truth(t.content.text ?? '')] } }, 1200);
          labeled++;
        }
        return labeled >= TEXTS.length ? true : undefined;
      },
      120000,
      300,
    );

    const analysisRow = page.getByTestId('lf-analysis').locator('tbody tr', { hasText: 'kw-free@1' });
    const cells = async () => analysisRow.locator('th, td').allTextContents();
    // Over time: the four items arrived today (one bucket per UTC day of arrival).
    const day = page.getByTestId('lf-over-time').locator('tbody tr');
    const got = await eventually(
      'the analysis row with votes and a defined accuracy, and all four labels counted',
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        if ((await analysisRow.count()) === 0) return undefined;
        const c = await cells();
        // The last column counts items with a decided label: the one no LF voted on must have its label too.
        const labels = (await day.count()) === 1 ? (await day.locator('td').allTextContents())[4] : undefined;
        return c[1] === '3' && c[7] === '3' && labels === '4' ? c : undefined;
      },
      120000,
      1000,
    );
    // id@version, votes, coverage 3/4, overlap, conflict, polarity, accuracy estimate [low–high], n
    expect(got.slice(0, 6)).toEqual(['kw-free@1', '3', '75.0 %', '0.0 %', '0.0 %', 'spam']);
    expect(got[6]).toMatch(/^100\.0 % \[\d+\.\d %–100\.0 %\]$/);
    expect(got[7]).toBe('3');
    const api = (await pm.call('GET', `/v1/projects/${projectId}/prelabel/labeling-functions/analysis?questionId=kind`)) as {
      questions: { lfs: { lf: string; accuracy: { defined: boolean; value?: { low: number; trials: number } } }[] }[];
    };
    const stats = api.questions[0].lfs.find((s) => s.lf === 'kw-free@1')!;
    expect(stats.accuracy.value?.trials).toBe(3);
    expect(got[6]).toContain(`[${(stats.accuracy.value!.low * 100).toFixed(1)} %`);
    await page.getByText(/^Active set: 1 functions, 3 votes on 4 items/).waitFor();
    expect(await day.count()).toBe(1);
    expect((await day.locator('td').allTextContents())).toEqual(['4', '3', '75.0 %', '0.0 %', '4']);
    // The label model, refitted once the labels arrived: its weak labels on the 3 voted items, checked against the 4 decided labels.
    const lm = page.getByTestId('lf-label-model');
    await eventually('the label model', async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      return (await lm.count()) > 0 && /n = 3/.test((await lm.textContent()) ?? '') ? true : undefined;
    }, 120000, 1000);
    await lm.getByText('Fitted on the 1 active functions; arriving items get its weak labels.').waitFor();
    await lm.getByText('Weak labels on 3 items (75.0 %).').waitFor();
    // The project sets no target precision (and a threshold would need 30 labeled items with a weak label).
    await lm.getByText(/^The project sets no target precision, so weak labels go to people as drafts \(labeled items with a weak label so far: [0-3]\)\.$/).waitFor();
    await screenshot(page, 'lf-label-model');
    await expectAccessible('lf-analysis');

    await page.getByRole('button', { name: 'Retire kw-free' }).click();
    await page.getByRole('status').filter({ hasText: 'kw-free retired' }).waitFor();
    await page.getByTestId('lf-list').locator('tbody tr', { hasText: 'kw-free' }).getByText(/^retired /).waitFor();
    await analysisRow.getByText('(retired)').waitFor();
    await screenshot(page, 'lf-retired');
  }, 300000);
});
