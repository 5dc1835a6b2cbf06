import { applyDecorators, UseFilters } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { RethrowToRunner } from './rethrow-to-runner.filter';
import type { EventTopic } from '@verity/messaging';
import type { ConsumerRunnerOptions } from '@verity/messaging';

/** The consumer-runner options a handler's group may set (the group id comes from `group`). */
export type GroupOptions = Partial<Pick<ConsumerRunnerOptions, 'fromBeginning' | 'partitionsConsumedConcurrently' | 'maxBatchRecords' | 'sessionTimeoutMs' | 'retry'>>;

/**
 * How a handler consumes its topic. Values may depend on the service's configuration (a
 * function of the whole config, the value of PLATFORM_CONFIG), since decorators are static.
 */
export interface TopicHandlerOptions<C = Record<string, unknown>> {
  /** Consumer group `<service>.<group>`; none: the service's main group `<service>`. */
  group?: string | ((config: C) => string | undefined);
  /** Options of the group's consumer (every handler of one group must agree). */
  consumer?: GroupOptions | ((config: C) => GroupOptions);
  /** Subscribe only when this holds for the configuration (a source chosen by a setting). */
  when?: (config: C) => boolean;
}

export interface TopicHandlerMeta extends TopicHandlerOptions<never> {
  batch: boolean;
}

/** Key of the handler's options in its @EventPattern extras. */
export const TOPIC_HANDLER = 'verity.topicHandler';

/**
 * `@EventPattern(topic.name)` for one Verity topic, a record at a time: the method gets
 * `(event, ctx: MessageContext)`. The consumer runner behind it keeps its guarantees (retries,
 * DLQ with reasons, heartbeats, a span per record); the inbox is the handler's to use.
 */
export function OnTopic<E, C = Record<string, unknown>>(topic: EventTopic<E>, options: TopicHandlerOptions<C> = {}): MethodDecorator {
  return applyDecorators(EventPattern(topic.name, { [TOPIC_HANDLER]: { ...options, batch: false } }), UseFilters(RethrowToRunner));
}

/**
 * `@EventPattern(topic.name)` for one Verity topic, a batch at a time: the method gets
 * `(records: BatchRecord<E>[])` of one partition, in offset order; a batch that keeps failing is
 * handled again record by record, so a poison record is dead-lettered alone.
 */
export function OnTopicBatch<E, C = Record<string, unknown>>(topic: EventTopic<E>, options: TopicHandlerOptions<C> = {}): MethodDecorator {
  return applyDecorators(EventPattern(topic.name, { [TOPIC_HANDLER]: { ...options, batch: true } }), UseFilters(RethrowToRunner));
}
