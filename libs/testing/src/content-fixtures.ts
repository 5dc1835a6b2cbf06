import { ContentEvent, ContentType, createEvent, newEnvelope, TOPICS, TopicSpec } from '@verity/contracts';
import { uniqueName } from './stack-env';

/** A private copy of content.v1 under a unique name, so runs never see each other's records. */
export function privateContentTopic(partitions = 3): TopicSpec<ContentEvent> {
  return { ...TOPICS.content, name: uniqueName('it.content'), partitions, keyOf: TOPICS.content.keyOf };
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
