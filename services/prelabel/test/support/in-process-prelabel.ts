import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@verity/config';
import { ContentType, createEvent, newEnvelope, PrelabelMode, ProjectChange, ProjectRole, QuestionKind, TaskOrigin, TOPICS, uuidv7 } from '@verity/contracts';
import { createKafka, EventProducer } from '@verity/messaging';
import { DATA_SOURCE, platformSettings, protobufCodec, connectEventHandlers } from '@verity/service-runtime';
import { eventually } from '@verity/testing';
import { PrelabelModule } from '../../src/prelabel.module';
import { prelabelSettings } from '../../src/prelabel.settings';

/** The spam question the labeling-function suites label. */
export const SPAM_QUESTION = {
  questionId: 'spam',
  kind: QuestionKind.SINGLE_CHOICE,
  prompt: 'Is this comment spam?',
  options: [{ optionId: 'ham', label: 'Not spam' }, { optionId: 'spam', label: 'Spam' }],
};

export interface InProcessPrelabel {
  app: INestApplication;
  producer: EventProducer;
  ds: DataSource;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Prelabel in this process on the real stack (its HTTP port, its consumers), with `env` over the
 * environment, and a producer to feed it.
 */
export async function startPrelabel(clientId: string, env: Record<string, string>): Promise<InProcessPrelabel> {
  const config = loadConfig('prelabel', { ...platformSettings, ...prelabelSettings }, { ...process.env, ...env } as NodeJS.ProcessEnv);
  const producer = new EventProducer(createKafka({ brokers: config.KAFKA_BROKERS, clientId }), protobufCodec, clientId);
  await producer.connect();
  const app = await NestFactory.create(PrelabelModule.register(config), { logger: ['error'] });
  await connectEventHandlers(app);
  await app.listen(0, '127.0.0.1');
  return {
    app,
    producer,
    ds: app.get(DATA_SOURCE),
    baseUrl: await app.getUrl(),
    close: async () => {
      await app.close();
      await producer.disconnect();
    },
  };
}

/**
 * Publishes a project with the spam question (local drafts, a filter no content matches so other
 * suites' content never becomes its tasks) and waits for prelabel's copy of its ontology.
 */
export async function publishSpamProject(p: InProcessPrelabel, projectId: string, members: { userId: string; roles: ProjectRole[] }[]): Promise<void> {
  await p.producer.publish(
    TOPICS.projects,
    createEvent(TOPICS.projects, {
      envelope: newEnvelope({ producer: 'gateway', projectId, spec: TOPICS.projects }),
      change: ProjectChange.ONTOLOGY_PUBLISHED,
      project: {
        projectId, name: projectId, revision: 1n, policy: { answersPerTask: 1, prelabelMode: PrelabelMode.LOCAL },
        filter: { sources: [`${projectId}-no-content`] },
        currentOntology: { version: 1, questions: [SPAM_QUESTION] },
        members: members.map((m) => ({ ...m, active: true })),
      },
    } as never),
  );
  await eventually('the project copy with its ontology', async () => ((await p.ds.query(`SELECT 1 FROM prelabel.projects WHERE project_id = $1 AND ontology IS NOT NULL`, [projectId])).length ? true : undefined), 60000);
}

/** A tasks.v1 event asking the spam question about a text item. */
export const spamTaskEvent = (projectId: string, itemId: string, text: string) =>
  createEvent(TOPICS.tasks, {
    envelope: newEnvelope({ producer: 'decomposition', projectId, spec: TOPICS.tasks }),
    task: {
      taskId: uuidv7(), itemId, projectId, questionId: SPAM_QUESTION.questionId, ontologyVersion: 1, question: SPAM_QUESTION, contentType: ContentType.TEXT,
      answersRequired: 1, priority: 0, origin: TaskOrigin.NEW_ITEM, maskedText: text,
    },
  } as never);
