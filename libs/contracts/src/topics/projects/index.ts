// The `projects.v1` contract: its generated messages and its topic spec.
export * from '../../gen/verity/projects/v1/projects_pb';
export { projectsTopic } from './projects.topic';
