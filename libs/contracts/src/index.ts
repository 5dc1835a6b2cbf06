// @verity/contracts: the TypeScript face of proto/. Imports nothing but the code generated
// from proto/ (src/gen, committed; `npm run proto:gen` regenerates it) and @bufbuild/protobuf.

// Shared building blocks (verity.common.v1).
export * from './gen/verity/common/v1/envelope_pb';
export * from './gen/verity/common/v1/content_pb';
export * from './gen/verity/common/v1/answer_pb';
export * from './gen/verity/common/v1/model_pb';
export * from './gen/verity/common/v1/ontology_pb';
export * from './gen/verity/common/v1/quality_pb';
export * from './gen/verity/common/v1/provenance_pb';

// One folder per topic: its generated messages and its TopicSpec.
export * from './topics/content';
export * from './topics/items';
export * from './topics/tasks';
export * from './topics/prelabels';
export * from './topics/annotations';
export * from './topics/decisions';
export * from './topics/adjudications';
export * from './topics/annotators';
export * from './topics/labels';
export * from './topics/releases';
export * from './topics/projects';
export * from './topics/feedback';
export * from './topics/predictions';
export * from './topics/erasures';

export { TOPICS, TOPIC_LIST, ALL_TOPIC_NAMES, topicByName, allTopicConfigs } from './topics/topics';
export type { TopicKey, EventOf } from './topics/topics';
export { DAY_MS, DLQ_TOPIC_SETTINGS, RETAIN_FOREVER, dlqTopicName } from './lib/topic-spec';
export type { CleanupPolicy, EventMessage, TopicConfig, TopicSpec } from './lib/topic-spec';
export { ContractError } from './lib/contract.error';
export { uuidv7, uuidv7At, uuidv7Sequence, isUuidV7, uuidv7Timestamp } from './lib/uuidv7';
export {
  causedBy,
  createEvent,
  decodeEvent,
  encodeEvent,
  eventTypeOf,
  newEnvelope,
} from './lib/event.codec';
export type { NewEnvelopeInit } from './lib/event.codec';
export { CONTENT_TYPE_PROTOBUF, DLQ_HEADERS, EVENT_HEADERS, REDRIVE_HEADERS } from './lib/headers';
export { aggregationMethodName } from './lib/aggregation-method-name';
export { labelOptionIds } from './lib/answer-option-ids';
