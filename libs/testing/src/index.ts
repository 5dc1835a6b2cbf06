export { stackEnv, uniqueName, eventually } from './stack-env';
export { readTopic, type ReadRecord } from './topic-reader';
export { privateContentTopic, contentEvent } from './content-fixtures';
export { TopicTap, type TappedRecord } from './topic-tap';
