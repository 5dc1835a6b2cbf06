import { Kafka } from 'kafkajs';
import { decodeEvent, TopicSpec, EventMessage } from '@verity/contracts';
import { TopicTap } from '@verity/messaging';

/**
 * Collects a topic's events for one project from now on (the platform's TopicTap, which keeps
 * its place across rejoins), decoded as they arrive, so the demo reports what really left the
 * platform.
 */
export async function tapTopic<T extends EventMessage>(
  kafka: Kafka,
  spec: TopicSpec<T>,
  projectId: string,
) {
  const events: T[] = [];
  const tap = await new TopicTap(kafka, spec.name, (r) => {
    const e = decodeEvent(spec, r.value);
    if (e.envelope?.projectId === projectId) events.push(e);
  }).start();
  return { events, stop: () => tap.stop() };
}
