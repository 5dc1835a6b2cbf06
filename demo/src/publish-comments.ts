import { Kafka } from 'kafkajs';
import { ContentType, createEvent, newEnvelope, TOPICS } from '@verity/contracts';
import { EventProducer } from '@verity/messaging';
import { protobufCodec } from '@verity/service-runtime';
import { Comment } from './youtube-spam';

/** An upstream producer publishes comments to content.v1, as any source system would. */
export async function publishComments(kafka: Kafka, source: string, comments: Comment[]): Promise<void> {
  const producer = new EventProducer(kafka, protobufCodec, 'demo-upstream');
  await producer.connect();
  await producer.publishMany(
    TOPICS.content,
    comments.map((c) =>
      createEvent(TOPICS.content, {
        envelope: newEnvelope({ producer: 'demo-upstream', projectId: '', spec: TOPICS.content }),
        source,
        sourceId: c.key,
        contentType: ContentType.TEXT,
        body: { case: 'text', value: c.text },
        language: 'en',
      }),
    ),
  );
  await producer.disconnect();
}
