// The `erasures.v1` contract: its generated messages and its topic spec.
export * from '../../gen/verity/erasures/v1/erasures_pb';
export { erasuresTopic } from './erasures.topic';
export { erasureApplied, erasureStep } from './erasure-steps';
