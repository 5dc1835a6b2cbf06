import {
  DLQ_TOPIC_SETTINGS,
  dlqTopicName,
  type EventMessage,
  type TopicConfig,
  type TopicSpec,
} from '../lib/topic-spec';
import { adjudicationsTopic } from './adjudications/adjudications.topic';
import { annotationsTopic } from './annotations/annotations.topic';
import { annotatorsTopic } from './annotators/annotators.topic';
import { contentTopic } from './content/content.topic';
import { decisionsTopic } from './decisions/decisions.topic';
import { erasuresTopic } from './erasures/erasures.topic';
import { feedbackTopic } from './feedback/feedback.topic';
import { itemsTopic } from './items/items.topic';
import { labelsTopic } from './labels/labels.topic';
import { predictionsTopic } from './predictions/predictions.topic';
import { prelabelsTopic } from './prelabels/prelabels.topic';
import { projectsTopic } from './projects/projects.topic';
import { releasesTopic } from './releases/releases.topic';
import { tasksTopic } from './tasks/tasks.topic';

/** The one place naming every topic, keyed by short name, in the order of the main path. */
export const TOPICS = {
  content: contentTopic,
  items: itemsTopic,
  tasks: tasksTopic,
  prelabels: prelabelsTopic,
  annotations: annotationsTopic,
  decisions: decisionsTopic,
  adjudications: adjudicationsTopic,
  annotators: annotatorsTopic,
  labels: labelsTopic,
  releases: releasesTopic,
  projects: projectsTopic,
  feedback: feedbackTopic,
  predictions: predictionsTopic,
  erasures: erasuresTopic,
} as const;

/** Short name of a topic: `labels`, `items`, … */
export type TopicKey = keyof typeof TOPICS;

/** The event message type of a topic, e.g. `EventOf<'labels'>` is LabelEvent. */
export type EventOf<K extends TopicKey> = (typeof TOPICS)[K] extends TopicSpec<infer T> ? T : never;

/** Every topic spec, in TOPICS order. */
export const TOPIC_LIST: readonly TopicSpec<EventMessage>[] = Object.freeze(Object.values(TOPICS));

/** Every topic name, each followed by its `.dlq` twin. */
export const ALL_TOPIC_NAMES: readonly string[] = Object.freeze(
  TOPIC_LIST.flatMap((t) => [t.name, dlqTopicName(t.name)]),
);

/** The spec of a topic by its name (`labels.v1`); undefined for unknown names and DLQs. */
export function topicByName(name: string): TopicSpec<EventMessage> | undefined {
  return TOPIC_LIST.find((t) => t.name === name);
}

/** Broker settings of every topic and DLQ twin, for topic creation/check at start-up. */
export function allTopicConfigs(): TopicConfig[] {
  return TOPIC_LIST.flatMap((t) => [
    {
      name: t.name,
      partitions: t.partitions,
      retentionMs: t.retentionMs,
      cleanupPolicy: t.cleanupPolicy,
    },
    { name: dlqTopicName(t.name), ...DLQ_TOPIC_SETTINGS },
  ]);
}
