// The `tasks.v1` contract: its generated messages and its topic spec.
export * from '../../gen/verity/tasks/v1/tasks_pb';
export { tasksTopic } from './tasks.topic';
