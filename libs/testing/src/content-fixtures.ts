import { ContentEvent, ContentType, createEvent, newEnvelope, TOPICS, TopicSpec } from '@verity/contracts';
import { uniqueName } from './stack-env';

/**
 * A private copy of content.v1 under a unique name, so runs never see each other's records.
 * Not `sensitive` unless asked (plumbing tests need no DLQ key); `{ sensitive: true }` makes its
 * dead letters encrypted, as content.v1's are.
 */
export function privateContentTopic(partitions = 3, opts: { sensitive?: boolean } = {}): TopicSpec<ContentEvent> {
  return {
    ...TOPICS.content,
    name: uniqueName('it.content'),
    partitions,
    sensitive: opts.sensitive ?? false,
    keyOf: TOPICS.content.keyOf,
  };
}

export function contentEvent(sourceId: string, text = `text of ${sourceId}`): ContentEvent {
  return createEvent(TOPICS.content, {
    envelope: newEnvelope({ producer: 'test', projectId: 'p1', spec: TOPICS.content }),
    source: 'it',
    sourceId,
    contentType: ContentType.TEXT,
    body: { case: 'text', value: text },
  });
}
