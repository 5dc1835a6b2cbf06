import fs from 'node:fs';
import path from 'node:path';
import { ChildProcess, spawn } from 'node:child_process';
import { VerityClient } from '@verity/sdk';

// The README's main command, run as a user runs it (`npm run demo`, here with a smaller second
// phase so the suite stays quick): the platform comes up, the whole loop runs through its APIs,
// the figures and the release location are printed, then the sign-ins to take over in the web
// console, and the platform keeps running until Ctrl-C. Phase 1 is the humans'; prelabel trains
// the local model from their labels; in phase 2 it takes the tasks it is sure of. Which tasks it
// takes varies with timing, so the test checks that the printed figures agree with each other
// and with the loop's promises, not particular values. While the platform runs, the test takes
// over as the printed people through the gateway's API; then it presses Ctrl-C (SIGINT). The
// whole output goes to reports/demo-output.log.
const root = path.resolve(__dirname, '..');
const RUNNING = '[demo] the platform is running';

const num = (re: RegExp, out: string): number[] => {
  const m = re.exec(out);
  expect({ pattern: re.source, found: m !== null }).toEqual({ pattern: re.source, found: true });
  return m!.slice(1).map(Number);
};

const text = (re: RegExp, out: string): string[] => {
  const m = re.exec(out);
  expect({ pattern: re.source, found: m !== null }).toEqual({ pattern: re.source, found: true });
  return m!.slice(1);
};

describe('npm run demo', () => {
  let out = '';
  let child: ChildProcess;
  let exited: Promise<number | null>;
  /** undefined while the demo runs. */
  let code: number | null | undefined;

  beforeAll(async () => {
    child = spawn(process.execPath, [path.join(root, 'scripts/demo.cjs')], {
      cwd: root,
      // CI=true would make the demo stop after the report, as --once does: this test stops it itself.
      env: { ...process.env, CI: 'false', VERITY_DEMO_PHASE2_ITEMS: '60', VERITY_BASE_PORT: '18580', VERITY_STACK: 'external' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    exited = new Promise((resolve) => child.on('exit', (c) => resolve((code = c))));
    while (code === undefined && !out.includes(RUNNING)) await new Promise((r) => setTimeout(r, 500));
  }, 900000);

  afterAll(async () => {
    if (code === undefined) {
      child.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 60000))]);
    }
    fs.mkdirSync(path.join(root, 'reports'), { recursive: true });
    fs.writeFileSync(path.join(root, 'reports/demo-output.log'), out);
  }, 90000);

  it('runs to the end, keeps the platform running, and prints the platform status and the label science figures', () => {
    expect({ running: code === undefined && out.includes(RUNNING), tail: code === undefined ? '' : out.slice(-3000) }).toEqual({ running: true, tail: '' });
    expect(out).toMatch(/gateway\s+ready: kafka ok/);
    expect(out).toMatch(/ds\s+accuracy against the truth: 0\.898/);
  });

  it('phase 1: the humans label every item, more accurately than chance, some through the expert', () => {
    const [labeled, items] = num(/items labeled:\s+(\d+) of (\d+)/, out);
    expect(labeled).toBe(items);
    const [accuracy] = num(/accuracy against truth:\s+([\d.]+)/, out);
    expect(accuracy).toBeGreaterThanOrEqual(0.8);
    expect(out).toMatch(/sent to adjudication:\s+\d+ items \(\d+ final labels carry an expert verdict\)/);
  });

  it('the set-up is stated: a realistic crowd, an expert right at 0.9, honeypots and the floor at a new project\'s defaults', () => {
    const [expert, states] = num(/^expert:\s+right at ([\d.]+), drawn like the annotators' answers; states ([\d.]+) as its verdicts' confidence$/m, out);
    expect(expert).toBe(0.9);
    expect(states).toBe(expert); // a calibrated expert: the local model weighs its labels by it (decision 63)
    const [honeypotRate, floor, gold] = num(/^checks:\s+honeypot rate ([\d.]+), reliability floor ([\d.]+) \(a new project's defaults\); (\d+) gold items registered$/m, out);
    expect(honeypotRate).toBeGreaterThan(0);
    expect(floor).toBeGreaterThan(0.5); // above a coin's accuracy on a two-option question
    expect(gold).toBeGreaterThan(0);
    // Honeypots were served and answered in both phases.
    const served = [...out.matchAll(/^honeypots answered:\s+(\d+)$/gm)].map((m) => Number(m[1]));
    expect(served).toHaveLength(2);
    expect(served[0]! + served[1]!).toBeGreaterThan(0);
  });

  it('comments carrying synthetic PII reached the annotators masked', () => {
    // Those the model auto-accepted never reach an annotator: the line says how many.
    const [planted, masked, of, leaks] = num(/^PII:\s+(\d+) comments carried synthetic PII; annotators saw (\d+)\/(\d+) masked \((\d+) leaks\)/m, out);
    expect(planted).toBeGreaterThan(0);
    expect(of).toBeGreaterThan(0);
    expect(of).toBeLessThanOrEqual(planted);
    expect(masked).toBe(of);
    expect(leaks).toBe(0);
    const [published, shown] = text(/^\s+as published:\s+(.+)\n\s+as a lease showed it:\s+(.+)$/m, out);
    expect(shown).not.toBe(published);
    expect(shown).toMatch(/\[(EMAIL|PHONE|HANDLE)[^\]]*\]/);
  });

  // Whether the model finds a threshold on labels from a realistic crowd varies between runs (the
  // README gives how often): either it says it found none and auto-accepts nothing, or the
  // threshold meets the target on its held-out answers and phase 2 takes work off the humans.
  const noThreshold = () => /^auto-accept threshold:\s+none: /m.test(out);

  it('the labels the local model disagreed with went back to the expert, and the model it routes with trained on the verdicts', () => {
    const [answered, changed] = num(/^label checks:\s+(\d+) labels a model version disagreed with out-of-fold were checked again by the expert \((\d+) changed by the verdict\)/m, out);
    expect(answered).toBeGreaterThan(0);
    expect(changed).toBeLessThanOrEqual(answered);
    expect(out).toMatch(/^label checks:.*; this version trained on the verdicts$/m);
  });

  it('the local model reports held-out accuracy, calibration error and a threshold for the target precision, or plainly none', () => {
    const [heldOutAccuracy, heldOut, eceRaw, eceCalibrated] = num(/held-out accuracy:\s+([\d.]+) on (\d+) out-of-fold answers; ECE ([\d.]+) raw → ([\d.]+) calibrated/, out);
    expect(heldOut).toBeGreaterThanOrEqual(30); // PRELABEL_THRESHOLD_MIN_SUPPORT: no threshold on fewer
    for (const x of [heldOutAccuracy, eceRaw, eceCalibrated]) expect(x).toBeGreaterThanOrEqual(0);
    if (noThreshold()) {
      expect(out).toMatch(/auto-accept threshold:\s+none: the local model found no threshold for target precision [\d.]+ on its held-out answers/);
      return;
    }
    const [threshold, target, precision] = num(/auto-accept threshold:\s+([\d.]+) for target precision ([\d.]+) \(held-out precision ([\d.]+)/, out);
    expect(threshold).toBeLessThanOrEqual(1);
    expect(precision).toBeGreaterThanOrEqual(target);
    // The honest figure beside it: the rule measured on answers it did not pick from.
    expect(out).toMatch(/of them; picked on one half, measured on the other: (no threshold|[\d.]+ on \d+ answers)\)/);
    expect(out).toMatch(/calibrated \((identity|platt|isotonic) kept by cross-validated ECE, \d passes\)/);
  });

  it('phase 2: the model auto-accepts what it is sure of (if it found a threshold), its labels are mostly right, audits measure it', () => {
    const [items] = num(/Phase 2: (\d+) new comments/, out);
    const [auto, audited, withDraft, withoutDraft] = num(/routes:\s+(\d+) auto-accepted, (\d+) audited \(blind\), (\d+) to humans with a draft, (\d+) without/, out);
    expect(auto + audited + withDraft + withoutDraft).toBe(items);
    const [perItem2, , , perItem1] = num(/human answers per item:\s+([\d.]+) in phase 2 \((\d+) answers, (\d+) with the draft shown\) vs ([\d.]+) in phase 1/, out);
    if (noThreshold()) {
      expect(auto + audited).toBe(0);
      expect(withDraft + withoutDraft).toBe(items); // every task went to the humans, as in phase 1
      // As many answers per item as in phase 1, unless the platform suspended annotators: a task
      // goes to distinct active annotators, so with fewer of them left some items get fewer answers.
      if (/^suspended:\s+nobody$/m.test(out)) expect(perItem2).toBe(perItem1);
      else expect(perItem2).toBeLessThanOrEqual(perItem1);
      expect(perItem2).toBeGreaterThanOrEqual(1);
    } else {
      expect(auto).toBeGreaterThan(0);
      expect(perItem2).toBeLessThan(perItem1);
      // Every auto-accepted task got its label on labels.v1, made by machine auto-accept, and the printed accuracy is those labels'.
      const [autoAccuracy, autoCorrect, autoScored, byMachine] = num(/auto-accepted labels:\s+([\d.]+) correct against the truth \((\d+)\/(\d+); (\d+) labels on labels\.v1 by machine auto-accept\)/, out);
      expect(autoScored).toBe(auto);
      expect(byMachine).toBe(auto);
      expect(autoAccuracy).toBeCloseTo(autoCorrect / autoScored, 3);
      // The threshold is derived for a 0.95 target from noisy crowd labels; on a few dozen accepted items the realised share varies.
      expect(autoAccuracy).toBeGreaterThanOrEqual(0.8);
    }

    // Quality resolved every audit against its final label: phase 2's, and those of phase 1's extra
    // batches that were routed once the model had a threshold (quality measures the project).
    const auditedBefore = /(\d+) of the audited answers came in phase 1's extra batches/.exec(out);
    const allAudited = audited + (auditedBefore ? Number(auditedBefore[1]) : 0);
    if (allAudited > 0) {
      const [precision, count, correct, ofCount] = num(/machine precision:\s+([\d.]+) on (\d+) audits \((\d+)\/(\d+);/, out);
      expect(count).toBe(allAudited);
      expect(ofCount).toBe(count);
      expect(precision).toBeCloseTo(correct / count, 3);
      // With extra batches, phase 2's own versions apart: at least phase 2's audits, at most all of them.
      const own = /^ {2}of phase 2's versions:\s+([\d.]+) on (\d+) audits \((\d+)\/(\d+);/m.exec(out);
      if (auditedBefore === null) expect(own).toBeNull();
      else if (audited > 0) expect(own).not.toBeNull();
      if (own) {
        const [ownPrecision, ownCount, ownCorrect] = own.slice(1, 4).map(Number);
        expect(ownCount).toBeGreaterThanOrEqual(audited);
        expect(ownCount).toBeLessThanOrEqual(count);
        expect(ownPrecision).toBeCloseTo(ownCorrect / ownCount, 3);
      }
    }

    const [finalAccuracy, , labeled, ofItems] = num(/final label accuracy:\s+([\d.]+) on (\d+) items \((\d+) of (\d+) labeled\)/, out);
    expect(labeled).toBe(ofItems);
    expect(finalAccuracy).toBeGreaterThanOrEqual(0.8);
    expect(out).toMatch(/release:\s+s3:\/\/[^ ]+\/releases\//);

    // One comment's journey as a trace in the stack's Zipkin, which the demo read back.
    const traceLine = /one item's trace:\s+(http:\/\/\S+\/zipkin\/traces\/[0-9a-f]{32}) \(item \S+?(, settled by the expert)?: (\d+) spans from ([^)]+)\)/.exec(out);
    expect(traceLine).not.toBeNull();
    expect(Number(traceLine![3])).toBeGreaterThan(10);
    const traced = traceLine![4].split(', ');
    for (const service of ['demo-upstream', 'ingestion', 'decomposition', 'prelabel', 'assignment', 'quality', 'export']) expect(traced).toContain(service);
    if (traceLine![2]) expect(traced).toContain('adjudication');
  });

  it('prints how to take over in the browser; the printed annotator leases a tour task and the printed expert sees the disagreements', async () => {
    const [block] = text(/(-- Take over in the browser\n[\s\S]*?\n\(also in [^)]+\))/, out);
    const [consoleUrl] = text(/^console:\s+(\S+)$/m, block);
    const [annotatorEmail, annotatorPassword, waiting, kinds, projectId] = text(
      /^annotator:\s+(\S+) \/ (\S+)\s+\((\d+) tasks waiting in "Console tour [^"]+": ([^;]+); at \/projects\/([^/]+)\/work\)$/m,
      block,
    );
    const [expertEmail, expertPassword, disagreements, reviewed] = text(/^expert:\s+(\S+) \/ (\S+)\s+\((\d+) disagreements waiting at \/projects\/([^/]+)\/review[^)]*\)$/m, block);
    const [peopleFile] = text(/\(also in ([^)]+)\)$/, block);
    expect(consoleUrl).toBe('http://127.0.0.1:18580/');
    expect(reviewed).toBe(projectId);
    // Every kind of task the console works waits for the annotator (none answered by anyone).
    for (const kind of ['text', 'spans', 'audio', 'image', 'video']) expect(kinds).toMatch(new RegExp(`\\d+ ${kind}\\b`));
    expect(Number(waiting)).toBeGreaterThanOrEqual(5);
    expect(Number(disagreements)).toBeGreaterThanOrEqual(1);

    // The sign-ins are in the state file too, readable by its owner only; the admin's password is printed nowhere.
    const file = path.resolve(root, peopleFile);
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    const written = fs.readFileSync(file, 'utf8');
    for (const s of [annotatorEmail, annotatorPassword, expertEmail, expertPassword]) expect(written).toContain(s);
    const adminPassword = process.env.BOOTSTRAP_ADMIN_PASSWORD!;
    expect(adminPassword).toBeTruthy();
    expect(out).not.toContain(adminPassword);
    expect(written).not.toContain(adminPassword);

    // Take over through the gateway's API, as the console does.
    const gateway = consoleUrl.replace(/\/$/, '');
    const signIn = async (email: string, password: string) => {
      const r = await fetch(`${gateway}/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      expect({ email, status: r.status }).toEqual({ email, status: 200 });
      return new VerityClient(gateway, ((await r.json()) as { accessToken: string }).accessToken);
    };
    const annotator = await signIn(annotatorEmail, annotatorPassword);
    const task = await annotator.nextTask(projectId);
    expect(task).toMatchObject({ projectId });
    await annotator.skip(task!.taskId, task!.leaseId, 'demo test: the printed sign-in works; leaving the task for the next person');

    const expert = await signIn(expertEmail, expertPassword);
    const queue = await expert.call<{ requests: unknown[] }>('GET', `/v1/projects/${projectId}/adjudications?state=open`);
    expect(queue.requests.length).toBeGreaterThanOrEqual(1);
  });

  it('stops the services on Ctrl-C and exits cleanly', async () => {
    expect(code).toBeUndefined();
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toMatch(/\[demo\] stopping services/);
  }, 90000);
});
