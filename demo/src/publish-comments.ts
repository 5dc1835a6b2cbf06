import { Kafka } from 'kafkajs';
import { ContentType, createEvent, newEnvelope, TOPICS } from '@verity/contracts';
import { EventProducer } from '@verity/messaging';
import { protobufCodec } from '@verity/service-runtime';
import { context, ROOT_CONTEXT, SpanKind, withSpan } from '@verity/telemetry';
import { Comment } from './youtube-spam';

const NO_TRACE = '0'.repeat(32);

/**
 * An upstream producer publishes comments to content.v1, as any source system would: each in a
 * trace of its own (when the demo traces, run-demo.ts), so every comment's journey through the
 * platform is one trace. Returns the trace id of each comment by its key (none when not tracing).
 */
export async function publishComments(kafka: Kafka, source: string, comments: Comment[]): Promise<Map<string, string>> {
  const producer = new EventProducer(kafka, protobufCodec, 'demo-upstream');
  await producer.connect();
  const traces = new Map<string, string>();
  try {
    for (const c of comments) {
      const event = createEvent(TOPICS.content, {
        envelope: newEnvelope({ producer: 'demo-upstream', projectId: '', spec: TOPICS.content }),
        source,
        sourceId: c.key,
        contentType: ContentType.TEXT,
        body: { case: 'text', value: c.text },
        language: 'en',
      });
      await context.with(ROOT_CONTEXT, () =>
        withSpan('publish comment', SpanKind.PRODUCER, ROOT_CONTEXT, { 'verity.source_id': c.key }, async (span) => {
          await producer.publish(TOPICS.content, event);
          const traceId = span.spanContext().traceId;
          if (traceId !== NO_TRACE) traces.set(c.key, traceId);
        }),
      );
    }
  } finally {
    await producer.disconnect();
  }
  return traces;
}
