import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Consumer, Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { signServiceToken, type Role } from '@verity/auth';
import { loadConfig } from '@verity/config';
import {
  AdjudicationReason,
  AggregationMethod,
  AnswerSource,
  createEvent,
  decodeEvent,
  newEnvelope,
  ProjectChange,
  ProjectRole,
  QuestionKind,
  TOPICS,
  uuidv7,
  type AdjudicationEvent,
  type AnnotatorEvent,
  type DecisionEvent,
} from '@verity/contracts';
import { createKafka, EventProducer } from '@verity/messaging';
import { DATA_SOURCE, platformSettings, protobufCodec, connectEventHandlers } from '@verity/service-runtime';
import { eventually, untilProjectAccess } from '@verity/testing';
import { AdjudicationModule } from '../src/adjudication.module';
import { adjudicationSettings } from '../src/adjudication.settings';

export const RUN = `adj-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

export const MEMBERS = [
  { userId: `${RUN}-qa1`, roles: [ProjectRole.QUALITY_ANALYST] },
  { userId: `${RUN}-qa2`, roles: [ProjectRole.QUALITY_ANALYST] },
  { userId: `${RUN}-pm`, roles: [ProjectRole.PROJECT_MANAGER] },
  { userId: `${RUN}-ann`, roles: [ProjectRole.ANNOTATOR] },
  { userId: `${RUN}-a1`, roles: [ProjectRole.ANNOTATOR] },
  { userId: `${RUN}-a2`, roles: [ProjectRole.ANNOTATOR] },
  { userId: `${RUN}-a3`, roles: [ProjectRole.ANNOTATOR] },
];
export const U = {
  qa1: `${RUN}-qa1`,
  qa2: `${RUN}-qa2`,
  pm: `${RUN}-pm`,
  ann: `${RUN}-ann`,
  a1: `${RUN}-a1`,
  a2: `${RUN}-a2`,
  a3: `${RUN}-a3`,
  outsider: `${RUN}-outsider`,
};

const choice = (id: string) => ({ value: { case: 'choice' as const, value: { optionIds: [id] } } });

/** The service in-process against the real stack, a producer, and decisions.v1 / annotators.v1 collectors. */
export class Harness {
  app!: INestApplication;
  base!: string;
  ds!: DataSource;
  kafka!: Kafka;
  producer!: EventProducer;
  private collector?: Consumer;
  readonly decisions: DecisionEvent[] = [];
  readonly annotatorEvents: AnnotatorEvent[] = [];
  readonly secret = process.env.JWT_SECRET!;

  async start(env: Record<string, string> = {}): Promise<void> {
    const config = loadConfig('adjudication', { ...platformSettings, ...adjudicationSettings }, { ...process.env, ...env });
    this.app = await NestFactory.create(AdjudicationModule.register(config), { logger: ['error'] });
    await connectEventHandlers(this.app);
    await this.app.listen(0, '127.0.0.1');
    this.base = (await this.app.getUrl()).replace('[::1]', '127.0.0.1');
    this.ds = this.app.get(DATA_SOURCE);
    this.kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${RUN}-test` });
    this.producer = new EventProducer(this.kafka, protobufCodec, 'adjudication-test');
    await this.producer.connect();
    // What really reached the broker, decoded as export / quality would, filtered to this run.
    this.collector = this.kafka.consumer({ groupId: `${RUN}-reader` });
    await this.collector.connect();
    await this.collector.subscribe({ topics: [TOPICS.decisions.name, TOPICS.annotators.name], fromBeginning: true });
    await this.collector.run({
      eachMessage: async ({ topic, message }) => {
        if (topic === TOPICS.decisions.name) {
          const ev = decodeEvent(TOPICS.decisions, message.value!);
          if (ev.envelope?.projectId.startsWith(RUN)) this.decisions.push(ev);
        } else {
          const ev = decodeEvent(TOPICS.annotators, message.value!);
          if (ev.envelope?.projectId.startsWith(RUN)) this.annotatorEvents.push(ev);
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.collector?.disconnect();
    await this.producer?.disconnect();
    await this.app?.close();
  }

  project(name: string) {
    return `${RUN}-${name}`;
  }

  token(userId: string, roles: Role[]): string {
    return signServiceToken({ kind: 'user', id: userId, roles }, 'adjudication', this.secret, { ttlSeconds: 3600 });
  }

  /** The global roles each test person's account has. */
  as(user: string): string {
    const roles: Role[] = user === U.pm ? ['project_manager'] : user === U.ann || user.startsWith(`${RUN}-a`) ? ['annotator'] : ['quality_analyst'];
    return this.token(user, roles);
  }

  async http(method: string, path: string, user: string | null, body?: unknown) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (user) headers.authorization = `Bearer ${this.as(user)}`;
    const res = await fetch(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const json: any = text ? JSON.parse(text) : null;
    return { status: res.status, body: json };
  }

  async publishProject(projectId: string, opts: { revision?: number; ontologyVersion?: number; guidelines?: string } = {}): Promise<void> {
    const version = opts.ontologyVersion ?? 1;
    const event = createEvent(TOPICS.projects, {
      envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
      change: ProjectChange.CREATED,
      project: {
        projectId,
        name: projectId,
        revision: BigInt(opts.revision ?? 1),
        policy: { answersPerTask: 3, agreementThreshold: 0.7, posteriorThreshold: 0.8, reliabilityFloor: 0.5 },
        currentOntology: {
          version,
          guidelines: { text: opts.guidelines ?? `v${version}: harassment is an attack on a person; insults count.` },
          questions: [
            {
              questionId: 'toxicity',
              kind: QuestionKind.SINGLE_CHOICE,
              prompt: 'Is this comment toxic?',
              required: true,
              options: [
                { optionId: 'non-toxic', label: 'Not toxic' },
                { optionId: 'harassment', label: 'Harassment' },
                { optionId: 'hate', label: 'Hate speech' },
              ],
            },
          ],
        },
        members: MEMBERS.map((m) => ({ ...m, active: true })),
      },
    });
    await this.producer.publish(TOPICS.projects, event);
    await eventually(`project ${projectId} copied`, async () => {
      const rows = await this.ds.query(
        `SELECT p.revision FROM adjudication.projects p JOIN adjudication.ontology_versions o USING (project_id)
         WHERE p.project_id = $1 AND o.version = $2`,
        [projectId, version],
      );
      return rows[0] && Number(rows[0].revision) >= (opts.revision ?? 1) ? true : undefined;
    }, 60000);
    await untilProjectAccess(this.ds, 'adjudication', projectId, BigInt(opts.revision ?? 1));
  }

  /** The one-comment trace's request: non-toxic, harassment, non-toxic; low agreement. */
  request(projectId: string, over: Partial<Omit<AdjudicationEvent, '$typeName' | '$unknown'>> = {}): AdjudicationEvent {
    const t = new Date();
    return createEvent(TOPICS.adjudications, {
      envelope: newEnvelope({ producer: 'quality', projectId, spec: TOPICS.adjudications }),
      requestId: uuidv7(),
      taskId: uuidv7(),
      itemId: uuidv7(),
      questionId: 'toxicity',
      ontologyVersion: 1,
      reasons: [AdjudicationReason.LOW_AGREEMENT],
      detail: 'pairwise agreement 0.33 < 0.70',
      answers: [
        { annotationId: uuidv7(), annotatorId: U.a1, source: AnswerSource.HUMAN, answer: choice('non-toxic'), reliability: 0.8, timeSpentMs: 4000n },
        { annotationId: uuidv7(), annotatorId: U.a2, source: AnswerSource.HUMAN, answer: choice('harassment'), reliability: 0.7, timeSpentMs: 5000n },
        { annotationId: uuidv7(), annotatorId: U.a3, source: AnswerSource.HUMAN, answer: choice('non-toxic'), reliability: 0.6, timeSpentMs: 3000n },
      ].map((a) => ({ ...a, submittedAt: { seconds: BigInt(Math.floor(t.getTime() / 1000)), nanos: 0 } })),
      machineDraft: {
        annotationId: uuidv7(),
        annotatorId: 'model:local-tfidf',
        source: AnswerSource.MACHINE,
        answer: choice('non-toxic'),
        model: { modelId: 'local-tfidf', promptVersion: 'p1', confidence: 0.55 },
      },
      agreement: { pairwise: 1 / 3, answerCount: 3 },
      aggregation: { method: AggregationMethod.DAWID_SKENE, parameters: { iterations: '50' } },
      proposedLabel: 'non-toxic',
      posterior: { 'non-toxic': 0.6, harassment: 0.35, hate: 0.05 },
      agreementThreshold: 0.7,
      posteriorThreshold: 0.8,
      maskedText: 'nobody wants you here, [USER]. go away',
      ...over,
    });
  }

  async publishRequests(events: AdjudicationEvent[]): Promise<void> {
    await this.producer.publishMany(TOPICS.adjudications, events);
    const ids = [...new Set(events.map((e) => e.requestId))];
    await eventually(`${ids.length} requests queued`, async () => {
      const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM adjudication.requests WHERE request_id = ANY ($1)`, [ids]);
      return n === ids.length ? true : undefined;
    }, 60000);
  }

  decisionsOf(requestId: string) {
    return this.decisions.filter((d) => d.verdict?.requestId === requestId);
  }

  observationsOf(requestId: string) {
    return this.annotatorEvents.filter((a) => a.expertObservation?.requestId === requestId);
  }
}
