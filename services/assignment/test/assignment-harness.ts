import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { fromBinary } from '@bufbuild/protobuf';
import { Consumer, Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { signServiceToken, type Role } from '@verity/auth';
import { loadConfig } from '@verity/config';
import {
  AnnotationEventSchema,
  createEvent,
  newEnvelope,
  ProjectChange,
  ProjectRole,
  QuestionKind,
  TOPICS,
  uuidv7,
  type AnnotationEvent,
  type Task,
} from '@verity/contracts';
import { createKafka, EventProducer } from '@verity/messaging';
import { DATA_SOURCE, platformSettings, protobufCodec, connectEventHandlers } from '@verity/service-runtime';
import { eventually } from '@verity/testing';
import { AssignmentModule } from '../src/assignment.module';
import { assignmentSettings } from '../src/assignment.settings';

export const RUN = `asg-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

export interface MemberSpec {
  userId: string;
  roles?: ProjectRole[];
  skills?: string[];
  languages?: string[];
  active?: boolean;
}

/** The service in-process against the real stack, plus a producer and an annotations.v1 collector. */
export class Harness {
  app!: INestApplication;
  base!: string;
  ds!: DataSource;
  kafka!: Kafka;
  producer!: EventProducer;
  private collector?: Consumer;
  readonly annotations: AnnotationEvent[] = [];
  readonly secret = process.env.JWT_SECRET!;

  async start(env: Record<string, string> = {}): Promise<void> {
    // These tests publish tasks.v1 themselves (no prelabel service), so they read it explicitly.
    const config = loadConfig('assignment', { ...platformSettings, ...assignmentSettings }, { ...process.env, ASSIGNMENT_TASK_SOURCE: 'tasks', ...env });
    this.app = await NestFactory.create(AssignmentModule.register(config), { logger: ['error'] });
    await connectEventHandlers(this.app);
    await this.app.listen(0, '127.0.0.1');
    this.base = (await this.app.getUrl()).replace('[::1]', '127.0.0.1');
    this.ds = this.app.get(DATA_SOURCE);
    this.kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: `${RUN}-test` });
    this.producer = new EventProducer(this.kafka, protobufCodec, 'assignment-test');
    await this.producer.connect();
    // Every annotations.v1 record of this run's projects, read from the broker as quality would.
    this.collector = this.kafka.consumer({ groupId: `${RUN}-reader` });
    await this.collector.connect();
    await this.collector.subscribe({ topic: TOPICS.annotations.name, fromBeginning: true });
    await this.collector.run({
      eachMessage: async ({ message }) => {
        const ev = fromBinary(AnnotationEventSchema, message.value!);
        if (ev.envelope?.projectId.startsWith(RUN)) this.annotations.push(ev);
      },
    });
    // The service's consumer group may wait out a previous member's session (30 s) before it
    // gets partitions: warm up with one project so the tests' own timeouts measure the service.
    await this.publishProject(this.project('warmup'), { members: [] }, 100000);
  }

  async stop(): Promise<void> {
    await this.collector?.disconnect();
    await this.producer?.disconnect();
    await this.app?.close();
  }

  token(userId: string, roles: Role[] = ['annotator'], ttlSeconds = 3600, now = Date.now()): string {
    return signServiceToken({ kind: 'user', id: userId, roles }, 'assignment', this.secret, { ttlSeconds, now });
  }

  async http(method: string, path: string, token: string | null, body?: unknown, raw?: string) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const json: any = text ? JSON.parse(text) : null;
    return { status: res.status, body: json };
  }

  next(projectId: string, user: string) {
    return this.http('POST', `/v1/projects/${projectId}/tasks/next`, this.token(user));
  }

  submit(taskId: string, user: string, body: unknown) {
    return this.http('POST', `/v1/tasks/${taskId}/submit`, this.token(user), body);
  }

  async publishProject(
    projectId: string,
    opts: {
      revision?: number;
      answersPerTask?: number;
      honeypotRate?: number;
      leaseSeconds?: number;
      requiredSkills?: string[];
      matchLanguage?: boolean;
      members: MemberSpec[];
    },
    timeoutMs = 30000,
  ): Promise<void> {
    const event = createEvent(TOPICS.projects, {
      envelope: newEnvelope({ producer: 'gateway', projectId }),
      change: ProjectChange.CREATED,
      project: {
        projectId,
        name: projectId,
        revision: BigInt(opts.revision ?? 1),
        policy: {
          answersPerTask: opts.answersPerTask ?? 3,
          honeypotRate: opts.honeypotRate ?? 0,
          leaseSeconds: opts.leaseSeconds ?? 600,
          routing: { requiredSkills: opts.requiredSkills ?? [], matchLanguage: opts.matchLanguage ?? false },
        },
        currentOntology: { version: 1, guidelines: { text: 'Be careful.' } },
        members: opts.members.map((m) => ({
          userId: m.userId,
          roles: m.roles ?? [ProjectRole.ANNOTATOR],
          skills: m.skills ?? [],
          languages: m.languages ?? [],
          active: m.active ?? true,
        })),
      },
    });
    await this.producer.publish(TOPICS.projects, event);
    await eventually(`project ${projectId} copied`, async () => {
      const rows = await this.ds.query(`SELECT revision FROM assignment.projects WHERE project_id = $1`, [projectId]);
      return rows[0] && Number(rows[0].revision) >= (opts.revision ?? 1) ? true : undefined;
    }, timeoutMs);
  }

  /** A yes/no single-choice task on a text item, as decomposition would publish it. */
  buildTask(projectId: string, over: Partial<Task> = {}): Task {
    const taskId = uuidv7();
    return {
      taskId,
      itemId: uuidv7(),
      projectId,
      questionId: 'q1',
      ontologyVersion: 1,
      question: {
        questionId: 'q1',
        kind: QuestionKind.SINGLE_CHOICE,
        prompt: 'Is this spam?',
        options: [
          { optionId: 'yes', label: 'Yes', description: '' },
          { optionId: 'no', label: 'No', description: '' },
        ],
        required: true,
        contentTypes: [],
      },
      contentType: 1,
      language: 'en',
      requiredSkills: [],
      answersRequired: 3,
      priority: 0,
      origin: 1,
      honeypot: false,
      maskedText: `Buy cheap watches now ${taskId}`,
      guidelines: 'Spam is unsolicited advertising.',
      ...over,
    } as unknown as Task;
  }

  async publishTasks(tasks: Task[]): Promise<void> {
    const events = tasks.map((task) =>
      createEvent(TOPICS.tasks, { envelope: newEnvelope({ producer: 'decomposition', projectId: task.projectId }), task }),
    );
    await this.producer.publishMany(TOPICS.tasks, events);
    const ids = tasks.filter((t) => !t.honeypot).map((t) => t.taskId);
    const goldIds = tasks.filter((t) => t.honeypot).map((t) => t.taskId);
    await eventually(`${tasks.length} tasks queued`, async () => {
      const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM assignment.tasks WHERE task_id = ANY($1)`, [ids]);
      const [{ g }] = await this.ds.query(`SELECT count(*)::int AS g FROM assignment.gold_items WHERE gold_id = ANY($1)`, [goldIds]);
      return n === ids.length && g === goldIds.length ? true : undefined;
    }, 60000);
  }

  annotationsOf(projectId: string) {
    return this.annotations.filter((a) => a.envelope?.projectId === projectId);
  }

  project(name: string) {
    return `${RUN}-${name}`;
  }
}

export const UUIDV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Every key path of a JSON value (arrays by their first element): the "shape" of a response. */
export function keyPaths(v: unknown, prefix = ''): string[] {
  if (Array.isArray(v)) return v.length ? keyPaths(v[0], `${prefix}[]`) : [`${prefix}[]`];
  if (v && typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => [`${prefix}.${k}`, ...keyPaths(x, `${prefix}.${k}`)]).sort();
  }
  return [];
}
