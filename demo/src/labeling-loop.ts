import { randomBytes } from 'node:crypto';
import { AnnotatorEvent, ContentType, createEvent, LabelEvent, newEnvelope, TOPICS } from '@verity/contracts';
import { buildAnswers, majorityVote, pairwiseAgreement } from '@verity/label-science';
import { createKafka, EventProducer } from '@verity/messaging';
import { TaskView, VerityClient } from '@verity/sdk';
import { protobufCodec } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { mulberry32 } from './random';
import { tapTopic } from './topic-tap';
import { Comment } from './youtube-spam';

export interface LoopOptions {
  gateway: string;
  brokers: string[];
  adminEmail: string;
  adminPassword: string;
  comments: Comment[];
  /** Accuracy of each simulated annotator; one more answers at random (the spammer). */
  accuracies: number[];
  expertAccuracy: number;
  seed: number;
  log: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The whole loop on one project, through the same HTTP API people use: a PM sets the project up,
 * an upstream producer publishes content to Kafka, simulated annotators answer, a simulated
 * expert adjudicates, and a release is written to S3. Returns the figures the demo prints.
 */
export async function runLabelingLoop(o: LoopOptions) {
  const rnd = mulberry32(o.seed);
  const run = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  const admin = await VerityClient.signIn(o.gateway, o.adminEmail, o.adminPassword);

  // People: a project manager, the annotators (the last one a spammer) and a quality analyst.
  const names = [...o.accuracies.map((_, i) => `annotator-${i + 1}`), 'spammer'];
  const mk = (n: string, roles: string[]) => admin.createUser({ email: `${n}-${run}@demo.verity`, displayName: n, password, roles });
  const pmUser = await mk('pm', ['project_manager']);
  const expertUser = await mk('expert', ['quality_analyst']);
  const annotatorUsers = [];
  for (const n of names) annotatorUsers.push(await mk(n, ['annotator']));
  const pm = await VerityClient.signIn(o.gateway, pmUser.email, password);

  const source = `youtube-demo-${run}`;
  const project = await pm.createProject({
    name: `YouTube spam (demo ${run})`,
    description: 'Is this YouTube comment spam? Public data, simulated annotators.',
    contentTypes: ['text'],
    filter: { sources: [source] },
    policy: { answersPerTask: 3, agreementThreshold: 0.3, posteriorThreshold: 0.8, honeypotRate: 0, leaseSeconds: 300, reliabilityFloor: 0 },
  });
  for (const u of annotatorUsers) await pm.setMember(project.id, u.id, { roles: ['annotator'], languages: ['en'] });
  await pm.setMember(project.id, expertUser.id, { roles: ['quality_analyst'] });
  const draft = await pm.createOntologyDraft(project.id, {
    guidelines: {
      text: 'Spam advertises a channel, product or link, or asks for likes, subscriptions or clicks. Everything else is not spam, even if rude or off-topic.',
      examples: [],
    },
    questions: [
      { id: 'spam', type: 'single_choice', prompt: 'Is this comment spam?', options: [{ id: 'spam', label: 'Spam' }, { id: 'ham', label: 'Not spam' }] },
    ],
  });
  await pm.publishOntology(project.id, draft.version);
  o.log(`project ${project.id}: ${names.length} annotators (accuracies ${o.accuracies.join(', ')} and one random spammer), 1 expert`);

  const kafka = createKafka({ brokers: o.brokers, clientId: `demo-${run}` }, new Logger('demo', 'error'));
  const labels = await tapTopic(kafka, TOPICS.labels, project.id);
  const annotatorEvents = await tapTopic(kafka, TOPICS.annotators, project.id);

  // An upstream producer publishes the comments to content.v1.
  const producer = new EventProducer(kafka, protobufCodec, 'demo-upstream');
  await producer.connect();
  await producer.publishMany(
    TOPICS.content,
    o.comments.map((c) =>
      createEvent(TOPICS.content, {
        envelope: newEnvelope({ producer: 'demo-upstream', projectId: '', spec: TOPICS.content }),
        source,
        sourceId: c.key,
        contentType: ContentType.TEXT,
        body: { case: 'text', value: c.text },
        language: 'en',
      }),
    ),
  );
  await producer.disconnect();
  o.log(`published ${o.comments.length} comments to ${TOPICS.content.name}`);

  // Annotators work their queues over HTTP until nothing is left.
  const truthByText = new Map(o.comments.map((c) => [c.text, c.truth]));
  const truthByItem = new Map<string, 'spam' | 'ham'>();
  const answerRows: { item: string; worker: string; label: string }[] = [];
  const clients = await Promise.all(annotatorUsers.map((u) => VerityClient.signIn(o.gateway, u.email, password)));
  const expected = o.comments.length * 3;
  let idleSince = Date.now();
  while (answerRows.length < expected && Date.now() - idleSince < 45000) {
    let worked = false;
    for (let i = 0; i < clients.length; i++) {
      const t: TaskView | null = await clients[i].nextTask(project.id);
      if (!t) continue;
      worked = true;
      const truth = truthByText.get(t.content.text ?? '');
      if (truth) truthByItem.set(t.itemId, truth);
      const spammer = i === clients.length - 1;
      const right = !spammer && rnd() < o.accuracies[i];
      const label = spammer ? (rnd() < 0.5 ? 'spam' : 'ham') : right ? truth ?? 'ham' : truth === 'spam' ? 'ham' : 'spam';
      await clients[i].submit(t.taskId, t.leaseId, { choice: { optionIds: [label] } }, 800 + Math.floor(rnd() * 4000));
      answerRows.push({ item: t.itemId, worker: names[i], label });
    }
    if (worked) idleSince = Date.now();
    else await sleep(300);
  }
  o.log(`annotators submitted ${answerRows.length} answers`);

  // The expert settles what quality sent to adjudication.
  const expert = await VerityClient.signIn(o.gateway, expertUser.email, password);
  let adjudicated = 0;
  idleSince = Date.now();
  while (Date.now() - idleSince < 15000) {
    const r = await expert.raw('POST', `/v1/projects/${project.id}/adjudications/next`);
    if (r.status === 204) {
      await sleep(500);
      continue;
    }
    if (r.status !== 200) throw new Error(`adjudication next: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    const req = r.body as { requestId: string; itemId: string; content?: { maskedText?: string } };
    const truth = truthByItem.get(req.itemId) ?? truthByText.get(req.content?.maskedText ?? '') ?? 'ham';
    const label = rnd() < o.expertAccuracy ? truth : truth === 'spam' ? 'ham' : 'spam';
    await expert.call('POST', `/v1/adjudications/${req.requestId}/verdict`, { label, confidence: 0.95, note: 'demo expert: checked against the guidelines' }, 'verdict');
    adjudicated++;
    idleSince = Date.now();
  }
  o.log(`the expert adjudicated ${adjudicated} items`);

  // Wait for every item's label on labels.v1 (the public stream training jobs read).
  const latest = () => {
    const m = new Map<string, LabelEvent>();
    for (const e of labels.events) {
      const prev = m.get(e.itemId);
      if (!prev || e.labelVersion >= prev.labelVersion) m.set(e.itemId, e);
    }
    return m;
  };
  const items = new Set(answerRows.map((a) => a.item));
  const until = Date.now() + 60000;
  while (latest().size < items.size && Date.now() < until) await sleep(500);
  const final = latest();

  const release = await pm.call<{ releaseId: string; location: string; class_counts?: { label: string; count: number }[]; files?: { key: string }[] }>(
    'POST',
    `/v1/projects/${project.id}/releases`,
    { name: `demo-${run}` },
    'create release',
  );
  await labels.stop();
  await annotatorEvents.stop();

  // Figures.
  let correct = 0;
  let scored = 0;
  for (const [item, e] of final) {
    const t = truthByItem.get(item);
    if (!t) continue;
    scored++;
    if (e.label === t) correct++;
  }
  const answers = buildAnswers(answerRows);
  const mv = majorityVote(answers);
  let mvCorrect = 0;
  let mvScored = 0;
  mv.itemNames.forEach((item, i) => {
    const t = truthByItem.get(item);
    if (!t) return;
    mvScored++;
    if (mv.labels[i] === t) mvCorrect++;
  });
  const agreement = pairwiseAgreement(answers).mean;
  const reliability = new Map<string, number>();
  const idToName = new Map(annotatorUsers.map((u, i) => [u.id, names[i]]));
  for (const e of annotatorEvents.events as AnnotatorEvent[]) {
    const name = idToName.get(e.annotatorId);
    if (e.envelope?.producer !== 'quality') continue; // quality owns reliability
    if (name) reliability.set(name, e.reliability);
  }
  return {
    projectId: project.id,
    items: items.size,
    answers: answerRows.length,
    labels: final.size,
    accuracy: scored ? correct / scored : NaN,
    scored,
    majorityVoteAccuracy: mvScored ? mvCorrect / mvScored : NaN,
    agreement: agreement.defined ? agreement.value : NaN,
    adjudicated,
    adjudicatedLabels: [...final.values()].filter((e) => e.adjudicated).length,
    reliability,
    release,
  };
}
