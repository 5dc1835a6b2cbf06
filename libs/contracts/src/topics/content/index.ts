// The `content.v1` contract: its generated messages and its topic spec.
export * from '../../gen/verity/content/v1/content_pb';
export { contentTopic } from './content.topic';
