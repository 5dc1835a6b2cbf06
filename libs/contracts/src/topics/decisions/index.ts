// The `decisions.v1` contract: its generated messages and its topic spec.
export * from '../../gen/verity/decisions/v1/decisions_pb';
export { decisionsTopic } from './decisions.topic';
