import type { Message } from '@bufbuild/protobuf';
import type { GenMessage } from '@bufbuild/protobuf/codegenv2';
import type { Envelope } from '../gen/verity/common/v1/envelope_pb';
import { ContractError } from './contract.error';

/** Every Verity event message: a protobuf message whose field 1 is the common envelope. */
export type EventMessage = Message & { envelope?: Envelope };

/** Kafka cleanup policy of a topic. */
export type CleanupPolicy = 'delete' | 'compact';

/** Retention meaning "keep forever" (Kafka `retention.ms=-1`). */
export const RETAIN_FOREVER = -1;
/** One day in milliseconds. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** Everything that defines one topic: name, event message, key, and broker settings. */
export interface TopicSpec<T extends EventMessage = EventMessage> {
  /** Topic name, `<domain>.v<major>`, e.g. `labels.v1`. */
  readonly name: string;
  /** Generated schema of the topic's one event message. */
  readonly schema: GenMessage<T>;
  /** Current `Envelope.schema_version` of the event message (bumped on every additive change). */
  readonly schemaVersion: number;
  /** Partition count at creation (only ever raised, and raising it re-maps keys). */
  readonly partitions: number;
  /** Kafka `retention.ms`; RETAIN_FOREVER (-1) keeps every record. */
  readonly retentionMs: number;
  /** Kafka `cleanup.policy`. */
  readonly cleanupPolicy: CleanupPolicy;
  /** What the record key is, in words (the proto field path, e.g. `item_id`). */
  readonly keyField: string;
  /** Services (or external systems) that produce to the topic. */
  readonly producers: readonly string[];
  /** Services (or external systems) that consume it. */
  readonly consumers: readonly string[];
  /**
   * The records carry people's content in clear (personal data): their dead letters are written
   * encrypted (AES-256-GCM under `DLQ_ENCRYPTION_KEY`) and never shown by the operations API.
   */
  readonly sensitive?: boolean;
  /** The record key of an event (UTF-8). Throws ContractError when it would be empty. */
  keyOf(event: T): string;
}

/** Settings of every `<topic>.dlq` twin. */
export const DLQ_TOPIC_SETTINGS = {
  partitions: 3,
  // Kept until someone acts on them: a dead letter is data that has not been processed yet.
  retentionMs: RETAIN_FOREVER,
  cleanupPolicy: 'delete' as CleanupPolicy,
} as const;

/** Broker-level settings of one topic, for topic creation at start-up. */
export interface TopicConfig {
  readonly name: string;
  readonly partitions: number;
  readonly retentionMs: number;
  readonly cleanupPolicy: CleanupPolicy;
}

/** The dead-letter twin of a topic: `${name}.dlq`. It carries the original bytes unchanged. */
export function dlqTopicName(name: string): string {
  return `${name}.dlq`;
}

/** Defines a topic; its keyOf refuses to produce an empty key. */
export function defineTopic<T extends EventMessage>(
  spec: Omit<TopicSpec<T>, 'keyOf'> & { keyOf: (event: T) => string | undefined },
): TopicSpec<T> {
  const rawKeyOf = spec.keyOf;
  return Object.freeze({
    ...spec,
    producers: Object.freeze([...spec.producers]),
    consumers: Object.freeze([...spec.consumers]),
    keyOf(event: T): string {
      const key = rawKeyOf(event);
      if (!key) throw new ContractError(spec.name, `empty record key (${spec.keyField})`);
      return key;
    },
  });
}

/** `<source>:<source_id>`, the key of upstream-facing topics; undefined when either is empty. */
export function sourceKey(source: string, sourceId: string): string | undefined {
  return source && sourceId ? `${source}:${sourceId}` : undefined;
}
