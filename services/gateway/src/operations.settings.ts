import { TOPIC_LIST, type TopicSpec } from '@verity/contracts';

/**
 * The topics the operations API serves (their `.dlq` twins): every contract topic, in TOPICS
 * order. A mutable list held by the module, so an in-process test can add private topics.
 */
export const OPS_TOPICS = Symbol('OPS_TOPICS');
export type OpsTopics = TopicSpec[];

/**
 * The services whose consumer groups the consumer-lag view reports: a group is a service's when
 * it is named `<service>` or `<service>.<suffix>` (EventRuntime.consumer). By default the
 * platform's consumers named in the contracts (external ones left out).
 */
export const OPS_CONSUMER_SERVICES = Symbol('OPS_CONSUMER_SERVICES');
export type OpsConsumerServices = string[];

export function platformConsumerServices(): string[] {
  return [...new Set(TOPIC_LIST.flatMap((t) => t.consumers).filter((c) => /^[a-z][a-z0-9-]*$/.test(c)))];
}

/** Prefix of the throwaway consumer groups that read DLQ records (they never commit). */
export const OPS_READER_GROUP = 'gateway-ops-reader';
