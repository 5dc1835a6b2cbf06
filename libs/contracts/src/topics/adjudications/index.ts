// The `adjudications.v1` contract: its generated messages and its topic spec.
export * from '../../gen/verity/adjudications/v1/adjudications_pb';
export { adjudicationsTopic } from './adjudications.topic';
