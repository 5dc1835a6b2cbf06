export { type EventTopic, type EventCodec, dlqName } from './event-topic';
export { HEADER, headerString, type RawHeaders } from './headers';
export { NonRetryableError, isNonRetryable } from './errors';
export { type RetryPolicy, DEFAULT_RETRY, backoffMs } from './retry-policy';
export { createKafka, type KafkaSettings } from './kafka-factory';
export { ensureTopics, DEFAULT_DLQ, type DlqSettings } from './topic-admin';
export { EventProducer, type PublishOptions } from './event-producer';
export {
  ConsumerRunner,
  type ConsumerRunnerOptions,
  type ConsumerStats,
  type BatchHandler,
  type BatchRecord,
  type EventHandler,
  type MessageContext,
} from './consumer-runner';
export { recordHeaders } from './record-headers';
export { onShutdown } from './shutdown';
export { protobufCodec } from './protobuf-codec';
