// The `predictions.v1` contract: its generated messages and its topic spec.
export * from '../../gen/verity/predictions/v1/predictions_pb';
export { predictionsTopic } from './predictions.topic';
