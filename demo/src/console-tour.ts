import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ContentType, PrelabelEvent, TOPICS } from '@verity/contracts';
import { createKafka } from '@verity/messaging';
import { VerityClient } from '@verity/sdk';
import { ObjectStore, sha256Hex, type StorageSettings } from '@verity/storage';
import { Logger } from '@verity/telemetry';
import { tapTopic } from './topic-tap';
import { Comment } from './youtube-spam';

export interface TourOptions {
  gateway: string;
  brokers: string[];
  adminEmail: string;
  adminPassword: string;
  /** The object store the platform reads payloads from (the stack's bucket). */
  s3: StorageSettings;
  /** Comments the loop does not use (see setAsideTourComments). */
  comments: Comment[];
  /** demo/data/media: speech.wav, shapes.png, clip.webm. */
  mediaDir: string;
  /** Where the sign-ins are written (`demo-people`, mode 0600): .local/state or $VERITY_LOCAL_DIR/state. */
  stateDir: string;
  log: (line: string) => void;
  /** Bound of each wait (tasks routed, adjudications open). */
  timeoutMs?: number;
}

export interface TourPerson {
  email: string;
  password: string;
}

export interface ConsoleTour {
  consoleUrl: string;
  /** Why the console may not answer at consoleUrl (null when it serves its page). */
  consoleNote: string | null;
  projectId: string;
  projectName: string;
  annotator: TourPerson;
  expert: TourPerson;
  /** Tasks the annotator can take, by kind (nobody simulated answered them). */
  waiting: { kind: string; count: number }[];
  /** Tasks that had not reached the queue when the wait ended (0 normally). */
  missingTasks: number;
  disagreements: { sent: number; open: number };
  peopleFile: string;
}

const SOURCE_PREFIX = 'console-tour';
const DISPUTED = 3;
const MEDIA = [
  { file: 'speech.wav', contentType: 'audio', mediaType: 'audio/wav' },
  { file: 'shapes.png', contentType: 'image', mediaType: 'image/png' },
  { file: 'clip.webm', contentType: 'video', mediaType: 'video/webm' },
] as const;
const SKIP_REASON = 'demo: left for the person who takes over in the browser';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A comment fit to show a newcomer: plain printable text, no markup, no insults. */
function presentable(c: Comment): boolean {
  return /^[\x20-\x7E]{15,160}$/.test(c.text) && !/[<>]|&#|\b(fuck|dick|slut|bitch|tits|sex|porn|hate)/i.test(c.text);
}

/**
 * Sets aside, from the end of the shuffled comments (the loop takes them from the start), three
 * spam and three other presentable comments for the tour; the loop gets the rest.
 */
export function setAsideTourComments(all: Comment[], window = 80): { tour: Comment[]; loop: Comment[] } {
  const tail = all.slice(-window);
  const spam = tail.filter((c) => c.truth === 'spam' && presentable(c)).slice(0, 3);
  const ham = tail.filter((c) => c.truth === 'ham' && presentable(c)).slice(0, 3);
  // Interleaved, so the first comments published (the ones the simulated pair disputes) mix both.
  const tour = spam.flatMap((s, i) => (ham[i] ? [s, ham[i]] : [s]));
  return { tour, loop: all.slice(0, -window) };
}

function ontology() {
  return {
    guidelines: {
      text:
        'Spam advertises a channel, product or link, or asks for likes, subscriptions or clicks. Everything else is not spam, even if rude or off-topic. ' +
        'For entities, mark each person, product or link the comment names. For audio and video, mark where someone speaks or something moves; for images, box each shape.',
      examples: [
        {
          content: 'Check out my channel, I sub back!',
          questionId: 'spam',
          answer: { choice: ['spam'] },
          explanation: 'It asks for subscriptions to the writer\'s own channel.',
        },
      ],
    },
    questions: [
      { id: 'spam', type: 'single_choice', prompt: 'Is this comment spam?', contentTypes: ['text'], options: [{ id: 'spam', label: 'Spam' }, { id: 'ham', label: 'Not spam' }] },
      {
        id: 'entities',
        type: 'text_span',
        prompt: 'Mark the people, products and links the comment names',
        contentTypes: ['text'],
        options: [{ id: 'person', label: 'Person' }, { id: 'product', label: 'Product' }, { id: 'link', label: 'Link' }],
      },
      {
        id: 'sounds',
        type: 'time_segment',
        prompt: 'Mark each stretch with speech or movement',
        contentTypes: ['audio', 'video'],
        options: [{ id: 'speech', label: 'Speech' }, { id: 'movement', label: 'Movement' }],
      },
      {
        id: 'objects',
        type: 'box',
        prompt: 'Draw a box around each shape',
        contentTypes: ['image'],
        options: [{ id: 'circle', label: 'Circle' }, { id: 'square', label: 'Square' }, { id: 'triangle', label: 'Triangle' }],
      },
    ],
  };
}

/** How the take-over line names a task: by its question and the content it is about. */
function kindOf(e: PrelabelEvent): string {
  const q = e.task?.questionId;
  if (q === 'spam') return 'text';
  if (q === 'entities') return 'spans';
  if (q === 'objects') return 'image';
  return e.task?.contentType === ContentType.VIDEO ? 'video' : 'audio';
}
const KIND_ORDER = ['text', 'spans', 'audio', 'image', 'video'];

/**
 * The hand-over to real people: an annotator and an expert (with a random password each, written
 * to `<stateDir>/demo-people`, mode 0600) get a small project with every kind of task the
 * console works: text choice and spans on YouTube comments, time segments on audio and video,
 * boxes on an image (media uploaded to S3, posted as payloadRef). Two simulated annotators
 * answer a few spam tasks in disagreement, so quality sends them to the expert's adjudication
 * queue; every other task waits for the annotator. Everything goes through the gateway's API.
 */
export async function runConsoleTour(o: TourOptions): Promise<ConsoleTour> {
  const timeoutMs = o.timeoutMs ?? 60000;
  const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const source = `${SOURCE_PREFIX}-${run}`;
  const admin = await VerityClient.signIn(o.gateway, o.adminEmail, o.adminPassword);

  // People: the two who take over (each with a password of their own) and two simulated
  // annotators. Made side by side: password hashing is most of the tour's time.
  const person = async (name: string, displayName: string, roles: string[]) => {
    const password = randomBytes(12).toString('base64url');
    const email = `${name}-${run}@demo.verity`;
    const user = await admin.createUser({ email, displayName, password, roles });
    return { id: user.id, email, password };
  };
  const signedIn = async (p: Promise<{ id: string; email: string; password: string }>) => {
    const u = await p;
    return { ...u, client: await VerityClient.signIn(o.gateway, u.email, u.password) };
  };
  const [annotator, expert, simA, simB] = await Promise.all([
    person('annotator', 'Demo annotator', ['annotator']),
    signedIn(person('expert', 'Demo expert', ['quality_analyst', 'project_manager'])),
    signedIn(person('simulated-a', 'Simulated annotator A', ['annotator'])),
    signedIn(person('simulated-b', 'Simulated annotator B', ['annotator'])),
  ]);
  const sims = [simA, simB];

  // The expert, a project manager, sets the project up (its creator becomes its manager).
  const projectName = `Console tour (demo ${run})`;
  const project = await expert.client.createProject({
    name: projectName,
    description: 'Every kind of task the console works: text choice and spans, audio and video segments, image boxes. Left for you by npm run demo.',
    contentTypes: ['text', 'audio', 'image', 'video'],
    filter: { sources: [source] },
    policy: {
      answersPerTask: 2,
      agreementThreshold: 0.9,
      posteriorThreshold: 0.99,
      honeypotRate: 0,
      reliabilityFloor: 0,
      prelabelMode: 'off',
      auditRate: 0,
      leaseSeconds: 900,
    },
  });
  await expert.client.setMember(project.id, expert.id, { roles: ['quality_analyst', 'project_manager'] });
  for (const a of [annotator, ...sims]) await expert.client.setMember(project.id, a.id, { roles: ['annotator'], languages: ['en'] });
  const draft = await expert.client.createOntologyDraft(project.id, ontology());
  await expert.client.publishOntology(project.id, draft.version);

  // The services learn of the project from projects.v1: content posted before ingestion knows it
  // would match nothing. Assignment answering the simulated annotator (204, no longer 404) says
  // the snapshot, members included, is out.
  const known = await waitFor(async () => ((await sims[0].client.raw('POST', `/v1/projects/${project.id}/tasks/next`, {})).status === 204 ? true : undefined), timeoutMs);
  if (!known) o.log(`the services had not learnt of the tour project after ${timeoutMs / 1000} s; posting its content anyway`);

  const kafka = createKafka({ brokers: o.brokers, clientId: `demo-tour-${run}` }, new Logger('demo', 'error'));
  const prelabels = await tapTopic(kafka, TOPICS.prelabels, project.id);
  try {
    // Content: the comments inline, the media uploaded to S3 first and posted by reference.
    const store = new ObjectStore(o.s3);
    const refs = [];
    try {
      for (const m of MEDIA) {
        const body = fs.readFileSync(path.join(o.mediaDir, m.file));
        const sha256 = sha256Hex(body);
        const key = `uploads/demo/${sha256}/${m.file}`;
        await store.put(key, body, { contentType: m.mediaType });
        refs.push({ ...m, payloadRef: { bucket: o.s3.bucket, key, sha256, size: body.length, mediaType: m.mediaType } });
      }
    } finally {
      store.destroy();
    }
    for (const [i, c] of o.comments.entries()) {
      await admin.postContent({ source, sourceId: `comment-${i + 1}`, contentType: 'text', text: c.text, language: 'en' });
    }
    for (const r of refs) await admin.postContent({ source, sourceId: r.file, contentType: r.contentType, payloadRef: r.payloadRef, language: 'en' });
    // Decomposition: two tasks per comment (spam, entities), one per medium (sounds or objects).
    const expectedTasks = o.comments.length * 2 + MEDIA.length;
    const tasks = () => new Map(prelabels.events.map((e) => [e.task?.taskId ?? '', e]));
    const routed = await waitFor(() => (tasks().size >= expectedTasks ? true : undefined), timeoutMs);
    if (!routed) o.log(`only ${tasks().size} of ${expectedTasks} tour tasks reached the queue in ${timeoutMs / 1000} s`);
    o.log(`console tour: project ${project.id}, ${o.comments.length} comments and ${MEDIA.length} media files, ${tasks().size} tasks queued`);

    // The disagreement: simulated annotator A answers the first spam tasks it is given, B the
    // same ones the other way. Whatever else they are offered they skip, so it stays open.
    const truthOf = new Map(o.comments.map((c) => [c.text, c.truth]));
    const disputed = new Map<string, 'spam' | 'ham'>();
    await work(sims[0].client, project.id, timeoutMs, (t) => {
      if (disputed.size >= DISPUTED || t.question.id !== 'spam') return null;
      const truth = truthOf.get(t.content.text ?? '') ?? 'spam';
      const label = disputed.size % 2 === 0 ? truth : truth === 'spam' ? 'ham' : 'spam';
      disputed.set(t.taskId, label);
      return label;
    }, () => disputed.size >= DISPUTED);
    const answeredByB = new Set<string>();
    await work(sims[1].client, project.id, timeoutMs, (t) => {
      const a = disputed.get(t.taskId);
      if (!a) return null;
      answeredByB.add(t.taskId);
      return a === 'spam' ? 'ham' : 'spam';
    }, () => answeredByB.size >= disputed.size);
    const sent = answeredByB.size;
    o.log(`two simulated annotators disagreed on ${sent} spam tasks; waiting for quality to send them to the expert`);

    // Wait, as the expert, until the adjudication queue shows them (404 until adjudication has
    // learned of the new project from projects.v1).
    let open = 0;
    await waitFor(async () => {
      const r = await expert.client.raw('GET', `/v1/projects/${project.id}/adjudications?state=open`);
      if (r.status === 404) return undefined;
      if (r.status !== 200) throw new Error(`adjudication queue: HTTP ${r.status} ${JSON.stringify(r.body)}`);
      open = (r.body as { requests: unknown[] }).requests.length;
      return open >= sent ? true : undefined;
    }, timeoutMs);
    if (open < sent) o.log(`only ${open} of ${sent} disagreements reached the adjudication queue in ${timeoutMs / 1000} s`);

    const counts = new Map<string, number>();
    const queued = tasks();
    for (const [taskId, e] of queued) {
      if (answeredByB.has(taskId)) continue; // answered twice: with the expert now
      counts.set(kindOf(e), (counts.get(kindOf(e)) ?? 0) + 1);
    }
    const consoleUrl = `${o.gateway}/`;
    const tour: ConsoleTour = {
      consoleUrl,
      consoleNote: await consoleNote(consoleUrl),
      projectId: project.id,
      projectName,
      annotator: { email: annotator.email, password: annotator.password },
      expert: { email: expert.email, password: expert.password },
      waiting: KIND_ORDER.filter((k) => counts.has(k)).map((kind) => ({ kind, count: counts.get(kind)! })),
      missingTasks: Math.max(0, expectedTasks - queued.size),
      disagreements: { sent, open },
      peopleFile: path.join(o.stateDir, 'demo-people'),
    };
    writePeople(tour);
    return tour;
  } finally {
    await prelabels.stop();
  }
}

/**
 * One simulated annotator works the queue: `answer` says what to answer (null: skip it) until
 * `done()` or nothing has come for the deadline.
 */
async function work(
  client: VerityClient,
  projectId: string,
  timeoutMs: number,
  answer: (t: NonNullable<Awaited<ReturnType<VerityClient['nextTask']>>>) => string | null,
  done: () => boolean,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!done() && Date.now() < until) {
    const t = await client.nextTask(projectId);
    if (!t) {
      await sleep(250);
      continue;
    }
    const label = answer(t);
    if (label === null) await client.skip(t.taskId, t.leaseId, SKIP_REASON);
    else await client.submit(t.taskId, t.leaseId, { choice: { optionIds: [label] } }, 2000 + Math.floor(Math.random() * 3000));
  }
}

async function waitFor(check: () => Promise<true | undefined> | true | undefined, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= until) return false;
    await sleep(300);
  }
}

/** Whether the gateway serves the console's page (the build may be missing). */
async function consoleNote(url: string): Promise<string | null> {
  try {
    const r = await fetch(url, { headers: { accept: 'text/html' } });
    await r.arrayBuffer();
    if (r.ok && (r.headers.get('content-type') ?? '').includes('text/html')) return null;
    return `the gateway answers HTTP ${r.status} there, not the console's page: run \`npm run console:build\` and restart the demo`;
  } catch (err) {
    return `the gateway did not answer there: ${(err as Error).message}`;
  }
}

function writePeople(t: ConsoleTour): void {
  fs.mkdirSync(path.dirname(t.peopleFile), { recursive: true });
  const text =
    `# npm run demo, ${new Date().toISOString()}: sign-ins for the web console, with work waiting in "${t.projectName}" (project ${t.projectId})\n` +
    `console   ${t.consoleUrl}\n` +
    `annotator ${t.annotator.email} ${t.annotator.password}\n` +
    `expert    ${t.expert.email} ${t.expert.password}\n`;
  fs.writeFileSync(t.peopleFile, text, { mode: 0o600 });
  fs.chmodSync(t.peopleFile, 0o600); // an older file keeps its mode on write
}

/** The take-over block, printed after the loop's report. Never the admin's password. */
export function printTour(t: ConsoleTour, root: string, print: (line: string) => void = console.log): void {
  const total = t.waiting.reduce((n, w) => n + w.count, 0);
  const kinds = t.waiting.map((w) => `${w.count} ${w.kind}`).join(', ');
  const file = path.relative(root, t.peopleFile);
  print('\n-- Take over in the browser');
  print(`console:        ${t.consoleUrl}`);
  if (t.consoleNote) print(`                (${t.consoleNote})`);
  print(`annotator:      ${t.annotator.email} / ${t.annotator.password}   (${total} tasks waiting in "${t.projectName}": ${kinds || 'none'}; at /projects/${t.projectId}/work)`);
  const late = t.disagreements.open < t.disagreements.sent ? `; ${t.disagreements.sent - t.disagreements.open} more still on their way` : '';
  print(`expert:         ${t.expert.email} / ${t.expert.password}   (${t.disagreements.open} disagreements waiting at /projects/${t.projectId}/review${late})`);
  if (t.missingTasks > 0) print(`                (${t.missingTasks} tasks had not reached the queue yet when this was printed)`);
  print(`(also in ${file.startsWith('..') ? t.peopleFile : file})`);
}
