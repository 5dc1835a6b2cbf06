import { Kafka } from 'kafkajs';
import { decodeEvent, TopicSpec, EventMessage } from '@verity/contracts';

/**
 * Collects a topic's events for one project from now on (a throwaway consumer group that
 * starts at the end), so the demo can report what really left the platform.
 */
export async function tapTopic<T extends EventMessage>(kafka: Kafka, spec: TopicSpec<T>, projectId: string) {
  const events: T[] = [];
  const consumer = kafka.consumer({ groupId: `demo-tap-${spec.name}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}` });
  await consumer.connect();
  await consumer.subscribe({ topic: spec.name, fromBeginning: false });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const e = decodeEvent(spec, message.value!);
      if (e.envelope?.projectId === projectId) events.push(e);
    },
  });
  await joined;
  return { events, stop: () => consumer.disconnect() };
}
