// The `annotators.v1` contract: its generated messages and its topic spec.
export * from '../../gen/verity/annotators/v1/annotators_pb';
export { annotatorsTopic } from './annotators.topic';
