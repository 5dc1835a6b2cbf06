export { type EventTopic, type EventCodec, dlqName } from './event-topic';
export { HEADER, DLQ_ONLY_HEADERS, headerString, type RawHeaders } from './headers';
export { NonRetryableError, isNonRetryable } from './errors';
export { classifyFailure, type FailureClass } from './failure-class';
export { type RetryPolicy, DEFAULT_RETRY, backoffMs, transientBackoffMs } from './retry-policy';
export { type ConsumerHealth, type StalledPartition } from './partition-stalls';
export { createKafka, type KafkaSettings } from './kafka-factory';
export { ensureTopics, DEFAULT_DLQ, type DlqSettings } from './topic-admin';
export { EventProducer, type PublishOptions } from './event-producer';
export {
  ConsumerRunner,
  DEFAULT_FETCH_LIMITS,
  DEFAULT_SESSION_TIMEOUT_MS,
  type ConsumerRunnerOptions,
  type ConsumerStats,
  type BatchHandler,
  type BatchRecord,
  type EventHandler,
  type MessageContext,
  MissingDlqKeyError,
} from './consumer-runner';
export { recordHeaders } from './record-headers';
export { traceOfCause, withCauseTraces } from './cause-traces';
export { TopicTap, type TappedRecord } from './topic-tap';
export { onShutdown } from './shutdown';
export { protobufCodec } from './protobuf-codec';
export { DlqCipher, DlqDecryptError, DLQ_ENCRYPTION_ALGORITHM, dlqAad, parseDlqKey } from './dlq-cipher';
export { readOffsetRanges, mergeRanges, type OffsetRange, type FetchedRecord, type ReadRangesOptions } from './offset-reader';
export {
  type DeadLetter,
  type RedriveRecord,
  deadLetterId,
  parseDeadLetterId,
  readDeadLetter,
  deadLetterReason,
  originalValue,
  redriveRecord,
} from './dead-letter';
export { consumerLag, partitionLag, type GroupTopics, type PartitionLagEntry } from './consumer-lag';
