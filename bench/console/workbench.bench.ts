/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { ObjectStore, sha256Hex } from '@verity/storage';
import { eventually, launchChromium, signInAdmin, stackEnv, startPlatform, uniqueName } from '@verity/testing';
import { machineLine } from '../support/machine';

// The workbench in Chromium on the local stack (every service running, as `npm run demo` runs
// them). Measures: submit → next task on screen (p50/p95) with the next lease prefetched, after
// a human-like 300 ms on each task and with no pause at all; the JavaScript the annotator screen
// loads (gzip); and how long a 10 MB audio file takes to start playing.
//   node scripts/run-ts.cjs bench/console/workbench.bench.ts [tasks=60]

const TASKS = Number(process.argv[2] ?? 60);
const root = path.resolve(__dirname, '../..');
const password = 'correct horse battery staple';

/** A PCM WAV of `seconds` of a 440 Hz tone at 44.1 kHz, 16-bit mono (≈ 88 KB a second). */
function toneWav(seconds: number): Buffer {
  const rate = 44100;
  const n = rate * seconds;
  const buf = Buffer.alloc(44 + n * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + n * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) buf.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return buf;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** Marks keydown Enter and the next task's first frame on screen, in the page. */
async function instrument(page: Page) {
  await page.evaluate(() => {
    window.addEventListener('keydown', (e) => e.key === 'Enter' && performance.mark('bench:submit'), { capture: true });
    const section = () => document.querySelector('section.workbench');
    let last = section()?.getAttribute('data-task-id') ?? '';
    new MutationObserver(() => {
      const now = section()?.getAttribute('data-task-id') ?? '';
      if (now && now !== last) requestAnimationFrame(() => performance.mark('bench:shown'));
      last = now;
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-task-id'], childList: true });
  });
}

async function submitToShown(page: Page, count: number, thinkMs: number): Promise<number[]> {
  await page.evaluate(() => performance.clearMarks());
  for (let i = 0; i < count; i++) {
    const before = await page.locator('section.workbench').getAttribute('data-task-id');
    await page.waitForTimeout(thinkMs);
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await page.waitForFunction((prev) => document.querySelector('section.workbench')?.getAttribute('data-task-id') !== prev, before);
  }
  await page.waitForTimeout(100);
  return page.evaluate(() => {
    const submits = performance.getEntriesByName('bench:submit').map((e) => e.startTime);
    const shown = performance.getEntriesByName('bench:shown').map((e) => e.startTime);
    return submits.map((s) => (shown.find((t) => t >= s) ?? NaN) - s).filter((d) => Number.isFinite(d));
  });
}

async function main() {
  console.log(`machine: ${machineLine()}`);
  const dist = path.join(root, 'services/console/dist');
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/src="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const js = scripts.map((s) => fs.readFileSync(path.join(dist, s)));
  const gz = js.reduce((n, b) => n + zlib.gzipSync(b, { level: 9 }).length, 0);
  console.log(`annotator screen JavaScript: ${(js.reduce((n, b) => n + b.length, 0) / 1024).toFixed(1)} KiB, ${(gz / 1024).toFixed(1)} KiB gzip (${scripts.length} file(s); goal ≤ 250 KiB gzip)`);

  const platform = await startPlatform(18780, '.bench-console');
  const browser = await launchChromium();
  try {
    const run = uniqueName('bench');
    const admin = await signInAdmin(platform.gateway);
    const ann = await admin.createUser({ email: `ann-${run}@bench.verity`, displayName: 'bench annotator', password, roles: ['annotator'] });
    const mk = async (name: string, contentTypes: string[], question: Record<string, unknown>) => {
      const p = await admin.createProject({ name: `${name} ${run}`, contentTypes, filter: { sources: [`${name}-${run}`] }, policy: { answersPerTask: 1, honeypotRate: 0, prelabelMode: 'off', leaseSeconds: 900 } });
      await admin.setMember(p.id, ann.id, { roles: ['annotator'] });
      const d = await admin.createOntologyDraft(p.id, { questions: [question] });
      await admin.publishOntology(p.id, d.version);
      return p.id;
    };
    const textProject = await mk('text', ['text'], { id: 'spam', type: 'single_choice', prompt: 'Spam?', options: [{ id: 'spam', label: 'Spam' }, { id: 'ham', label: 'Not spam' }] });
    const audioProject = await mk('audio', ['audio'], { id: 'sounds', type: 'time_segment', prompt: 'Mark speech', options: [{ id: 'speech', label: 'Speech' }] });
    for (let i = 0; i < 2 * TASKS + 5; i++) await admin.postContent({ source: `text-${run}`, sourceId: `c${i}`, contentType: 'text', text: `Benchmark comment number ${i}, check my channel` });
    const env = stackEnv();
    const wav = toneWav(119);
    const key = `uploads/bench/${sha256Hex(wav)}.wav`;
    await new ObjectStore(env.s3).put(key, wav, { contentType: 'audio/wav' });
    await admin.postContent({ source: `audio-${run}`, sourceId: 'big', contentType: 'audio', payloadRef: { bucket: env.s3.bucket, key, sha256: sha256Hex(wav), size: wav.length, mediaType: 'audio/wav' } });

    const page = await (await browser.newContext()).newPage();
    await page.goto(`${platform.gateway}/`);
    await page.getByLabel('E-mail').fill(ann.email);
    await page.getByLabel('Password').fill(password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Your projects' }).waitFor();
    await page.goto(`${platform.gateway}/projects/${textProject}/work`);
    await eventually('a first task', async () => ((await page.locator('section.workbench').getAttribute('data-task-id')) ? true : undefined), 120000, 500);
    await instrument(page);
    for (const think of [300, 0]) {
      const d = await submitToShown(page, TASKS, think);
      console.log(
        `submit → next task on screen, ${think} ms on each task: p50 ${pct(d, 50).toFixed(1)} ms, p95 ${pct(d, 95).toFixed(1)} ms, max ${Math.max(...d).toFixed(1)} ms over ${d.length} tasks (goal p95 ≤ 100 ms)`,
      );
    }

    await page.goto(`${platform.gateway}/projects/${audioProject}/work`);
    await eventually('the audio task', async () => ((await page.locator('audio').count()) > 0 ? true : undefined), 120000, 200);
    const startMs = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const a = document.querySelector('audio')!;
          const t0 = performance.now();
          a.addEventListener('playing', () => resolve(performance.now() - t0), { once: true });
          a.play().catch(reject);
        }),
    );
    console.log(`10 MB audio (${(wav.length / 2 ** 20).toFixed(1)} MiB WAV, streamed with ranges): playing ${startMs.toFixed(0)} ms after play() on a fresh page (goal ≤ 1000 ms)`);
  } finally {
    await browser.close();
    await platform.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
