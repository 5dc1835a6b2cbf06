// The `prelabels.v1` contract: its generated messages and its topic spec.
export * from '../../gen/verity/prelabels/v1/prelabels_pb';
export { prelabelsTopic } from './prelabels.topic';
