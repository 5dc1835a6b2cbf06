import path from 'node:path';
import { ContentType, createEvent, decodeEvent, newEnvelope, TOPICS, type LabelEvent } from '@verity/contracts';
import { createKafka, EventProducer, TopicTap } from '@verity/messaging';
import { VerityApiError, VerityClient, type TaskView } from '@verity/sdk';
import { protobufCodec } from '@verity/service-runtime';
import { eventually, stackEnv, uniqueName } from '@verity/testing';

// The fault suite's platform: the services as real processes (scripts/services.cjs), one project
// made through the gateway, content published on content.v1 as a producer would, and simulated
// annotators answering through the gateway until stopped. Faults are the test's own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServices, waitReady, stopServices } = require(path.resolve(__dirname, '../../../scripts/services.cjs'));

export const SERVICES = ['gateway', 'ingestion', 'decomposition', 'prelabel', 'assignment', 'quality', 'adjudication', 'export'] as const;
export const QUESTION = 'spam';
const PASSWORD = 'correct horse battery staple';

export interface Proc {
  name: string;
  url: string;
  log: string;
  child: { pid?: number; exitCode: number | null; kill(signal: string): boolean; once(ev: 'exit', fn: () => void): void };
}

export interface PlatformOptions {
  basePort: number;
  logSuffix: string;
  env?: Record<string, string>;
  names?: readonly string[];
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A progress line on stderr as it happens (jest holds console output until the file ends). */
export function progress(msg: string): void {
  process.stderr.write(`[fault ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

export function requireNode22(): void {
  // startServices spawns process.execPath; on another Node, run-ts.cjs re-executes itself as a
  // child, and SIGKILL would hit that wrapper, not the service.
  if (Number(process.versions.node.split('.')[0]) !== 22) {
    throw new Error(`run this test on Node 22 (PATH=node_modules/.bin:$PATH), not ${process.version}: SIGKILL must reach the service`);
  }
}

/** Services as real processes, with kill -9 and restart by name (same port, same env). */
export class FaultPlatform {
  procs: Proc[] = [];

  constructor(readonly opts: PlatformOptions) {}

  async start(): Promise<this> {
    requireNode22();
    this.procs = this.spawn(this.opts.names ?? SERVICES);
    try {
      await waitReady(this.procs, 300000);
    } catch (err) {
      await this.stop();
      throw err;
    }
    return this;
  }

  url(name: string): string {
    return this.procs.find((p) => p.name === name)!.url;
  }

  get gateway(): string {
    return this.url('gateway');
  }

  /** SIGKILL, and wait until the process is gone. */
  async kill(name: string): Promise<void> {
    const p = this.procs.find((s) => s.name === name)!;
    await new Promise<void>((resolve) => {
      if (p.child.exitCode !== null) return resolve();
      p.child.once('exit', () => resolve());
      p.child.kill('SIGKILL');
    });
  }

  async restart(name: string): Promise<void> {
    const [fresh] = this.spawn([name]);
    this.procs = this.procs.map((p) => (p.name === name ? fresh : p));
    // Generous: a cold start compiles the service's TypeScript, slow on a busy 2-core machine.
    await waitReady([fresh], 300000);
  }

  async stop(): Promise<void> {
    await stopServices(this.procs);
  }

  /** A second replica of a service (same group, same database) on another port; not waited for. */
  replica(name: string, basePort: number): Proc {
    return this.spawn([name], basePort, `${this.opts.logSuffix}-replica`)[0]!;
  }

  async ready(p: Proc): Promise<void> {
    await waitReady([p], 300000);
  }

  /** SIGTERM (a clean leave of the group), SIGKILL after 20 s. */
  async stopProc(p: Proc): Promise<void> {
    await stopServices([p]);
  }

  private spawn(names: readonly string[], basePort = this.opts.basePort, logSuffix = this.opts.logSuffix): Proc[] {
    // The gateway's upstreams are always the primary set's, also when it is restarted alone
    // (startServices only sets those of the services it starts together).
    const upstreams = Object.fromEntries(
      (this.opts.names ?? SERVICES).filter((n) => n !== 'gateway').map((n) => [`${n.toUpperCase()}_URL`, `http://127.0.0.1:${this.opts.basePort + SERVICES.indexOf(n as never)}`]),
    );
    return startServices({
      names,
      basePort,
      logSuffix,
      env: { UPSTREAM_TIMEOUT_MS: '60000', ...upstreams, ...this.opts.env },
    });
  }
}

/** The platform's own consumer groups (`<service>` or `<service>.<suffix>`), not prefixed ones. */
export const isPlatformGroup = (g: string) => SERVICES.some((s) => g === s || g.startsWith(`${s}.`));

export const isUp = (url: string) => fetch(`${url}/healthz`).then(() => true, () => false);

/** One project through the gateway (one single-choice question, one answer per task) and its annotators. */
export async function createProject(gateway: string, run: string, annotatorCount = 2) {
  const admin = await VerityClient.signIn(gateway, process.env.BOOTSTRAP_ADMIN_EMAIL!, process.env.BOOTSTRAP_ADMIN_PASSWORD!);
  const source = `src-${run}`;
  const project = await admin.createProject({
    name: `Fault ${run}`,
    contentTypes: ['text'],
    filter: { sources: [source] },
    // One answer decides (posterior ≥ 0.5): a label per item without adjudication's detour.
    policy: { answersPerTask: 1, posteriorThreshold: 0.5, honeypotRate: 0, leaseSeconds: 60 },
  });
  const users = await Promise.all(
    Array.from({ length: annotatorCount }, (_, i) =>
      admin.createUser({ email: `a${i}-${run}@fault.verity`.toLowerCase(), displayName: `annotator ${i}`, password: PASSWORD, roles: ['annotator'] }),
    ),
  );
  for (const u of users) await admin.setMember(project.id, u.id, { roles: ['annotator'], languages: ['en'] });
  const draft = await admin.createOntologyDraft(project.id, {
    guidelines: { text: 'Spam: the comment advertises something or asks for clicks.', examples: [] },
    questions: [
      {
        id: QUESTION,
        type: 'single_choice',
        prompt: 'Is this comment spam?',
        options: [
          { id: 'spam', label: 'Spam' },
          { id: 'ham', label: 'Not spam' },
        ],
      },
    ],
  });
  await admin.publishOntology(project.id, draft.version);
  const clients = await Promise.all(users.map((u) => VerityClient.signIn(gateway, u.email, PASSWORD)));
  return { projectId: project.id as string, source, clients };
}

/** Simulated annotators: each takes the next task through the gateway and answers the truth its text carries, until stopped. */
export class Annotators {
  answered = 0;
  errors = 0;
  lastError = '';
  private stopped = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly clients: VerityClient[],
    private readonly projectId: string,
  ) {}

  start(): this {
    this.stopped = false;
    this.loops = this.clients.map((c) => this.loop(c));
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  private async loop(c: VerityClient): Promise<void> {
    while (!this.stopped) {
      try {
        const t = await c.nextTask(this.projectId);
        if (!t) {
          await sleep(300);
          continue;
        }
        // Holding the lease: retry reading the text while a dependency is away, rather than
        // leaving the task leased and asking for another (the lease cap would stop the annotator).
        let truth: string | undefined;
        for (let attempt = 0; truth === undefined && attempt < 240 && !this.stopped; attempt++) {
          truth = await this.truthOf(c, t).catch((err: Error) => {
            this.errors++;
            this.lastError = err.message;
            return sleep(500).then(() => undefined);
          });
        }
        if (truth !== undefined) await this.submit(c, t.taskId, t.leaseId, truth);
      } catch (err) {
        this.errors++;
        this.lastError = (err as Error).message;
        await sleep(500);
      }
    }
  }

  /** The truth the item's text carries: inline in the task, or in its media (text kept in S3). */
  private async truthOf(c: VerityClient, t: TaskView): Promise<string> {
    let text = t.content.text;
    if (text == null && t.content.mediaUrl) {
      const r = await c.raw('GET', t.content.mediaUrl.replace(/^https?:\/\/[^/]+/, ''));
      if (r.status !== 200) throw new Error(`task media: HTTP ${r.status}`);
      text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    }
    const m = /#(spam|ham)\b/.exec(text ?? '');
    if (!m) throw new Error(`no truth marker in the task's text: ${JSON.stringify(text)}`);
    return m[1]!;
  }

  /** Retries while the platform is down (network error, 5xx); a 4xx means the lease or task is settled. */
  private async submit(c: VerityClient, taskId: string, leaseId: string, option: string): Promise<void> {
    for (let attempt = 0; attempt < 120 && !this.stopped; attempt++) {
      try {
        await c.submit(taskId, leaseId, { choice: { optionIds: [option] } }, 800);
        this.answered++;
        return;
      } catch (err) {
        this.errors++;
        if (err instanceof VerityApiError && err.status < 500) return;
        await sleep(500);
      }
    }
  }
}

/** Content producer and labels.v1 tap of one run. */
export class Stream {
  readonly kafka = createKafka({ brokers: stackEnv().brokers, clientId: uniqueName('fault') });
  readonly producer = new EventProducer(this.kafka, protobufCodec, 'fault-upstream');
  readonly labels = new TopicTap(this.kafka, TOPICS.labels.name);
  readonly items = new TopicTap(this.kafka, TOPICS.items.name);
  /** source ids sent, in order. */
  readonly sent: string[] = [];

  constructor(
    readonly projectId: string,
    readonly source: string,
  ) {}

  async open(): Promise<this> {
    await this.labels.start();
    await this.items.start();
    await this.producer.connect();
    return this;
  }

  async close(): Promise<void> {
    await this.labels.stop();
    await this.items.stop();
    await this.producer.disconnect();
  }

  /** This project's label events so far. */
  projectLabels(): LabelEvent[] {
    return this.labels.records.map((r) => decodeEvent(TOPICS.labels, r.value)).filter((l) => l.envelope?.projectId === this.projectId);
  }

  /** Distinct content events that have a label. */
  /** item id → source id of this run's items on items.v1 (a label's own content reference is absent when export had not seen the item yet). */
  itemSources(): Map<string, string> {
    const out = new Map<string, string>();
    for (const r of this.items.records) {
      const e = decodeEvent(TOPICS.items, r.value);
      if (e.content?.source === this.source) out.set(e.itemId, e.content.sourceId);
    }
    return out;
  }

  /** The source id a label is about: its item's, else its own content reference. */
  sourceOf(l: LabelEvent, items = this.itemSources()): string {
    return items.get(l.itemId) ?? l.content?.sourceId ?? '';
  }

  labeled(): number {
    const items = this.itemSources();
    return new Set(this.projectLabels().map((l) => this.sourceOf(l, items))).size;
  }

  /** Content events sent and not labeled yet: what a fault now catches in flight. */
  inFlight(): number {
    return this.sent.length - this.labeled();
  }

  /** Publishes n content events, retrying while the broker is away (the same events: ingestion de-duplicates). */
  async send(n: number): Promise<void> {
    const events = Array.from({ length: n }, () => {
      const i = this.sent.length;
      const sourceId = `c-${String(i).padStart(4, '0')}`;
      this.sent.push(sourceId);
      const spam = i % 3 === 0;
      return createEvent(TOPICS.content, {
        envelope: newEnvelope({ producer: 'fault-upstream', projectId: '', spec: TOPICS.content }),
        source: this.source,
        sourceId,
        contentType: ContentType.TEXT,
        body: { case: 'text', value: spam ? `Comment ${i}: subscribe to my channel for free gift cards #spam` : `Comment ${i}: the second chorus is lovely #ham` },
        language: 'en',
      });
    });
    await eventually('content published', async () => {
      await this.producer.publishMany(TOPICS.content, events);
      return true;
    }, 180000, 1000);
  }

  /** Sends `total` events in batches of `batch`, `everyMs` apart. */
  async trickle(total: number, batch: number, everyMs: number): Promise<void> {
    for (let done = 0; done < total; done += batch) {
      await this.send(Math.min(batch, total - done));
      await sleep(everyMs);
    }
  }

  expectedLabel(sourceId: string): string {
    return Number(sourceId.slice(2)) % 3 === 0 ? 'spam' : 'ham';
  }
}
