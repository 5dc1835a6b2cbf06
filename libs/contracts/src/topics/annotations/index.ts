// The `annotations.v1` contract: its generated messages and its topic spec.
export * from '../../gen/verity/annotations/v1/annotations_pb';
export { annotationsTopic } from './annotations.topic';
