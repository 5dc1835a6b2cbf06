// The `labels.v1` contract: its generated messages and its topic spec.
export * from '../../gen/verity/labels/v1/labels_pb';
export { labelsTopic } from './labels.topic';
