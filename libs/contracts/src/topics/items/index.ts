// The `items.v1` contract: its generated messages and its topic spec.
export * from '../../gen/verity/items/v1/items_pb';
export { itemsTopic } from './items.topic';
