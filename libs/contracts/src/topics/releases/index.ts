// The `releases.v1` contract: its generated messages and its topic spec.
export * from '../../gen/verity/releases/v1/releases_pb';
export { releasesTopic } from './releases.topic';
