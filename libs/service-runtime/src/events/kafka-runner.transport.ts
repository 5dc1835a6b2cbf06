import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { topicByName } from '@verity/contracts';
import type { BatchRecord, ConsumerRunner, EventTopic, MessageContext } from '@verity/messaging';
import { isObservable, lastValueFrom } from 'rxjs';
import type { EventRuntime } from '../event-runtime';
import { type GroupOptions, TOPIC_HANDLER, type TopicHandlerMeta } from './topic-handler.decorator';

interface Subscription {
  topic: EventTopic<unknown>;
  batch: boolean;
  handler: MessageHandler;
  where: string;
}

interface Group {
  options: GroupOptions;
  optionsFrom: string;
  subscriptions: Subscription[];
}

const call = async (handler: MessageHandler, ...args: unknown[]): Promise<void> => {
  const result: unknown = await handler(...(args as [unknown, unknown]));
  if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
};

/**
 * The NestJS transport of Verity's Kafka topics: every `@OnTopic` / `@OnTopicBatch`
 * (`@EventPattern`) handler of the app's controllers becomes a subscription of the consumer
 * runner of its group, created through the service's EventRuntime (one consumer per group,
 * inbox, retries, DLQ, tracing, lag metrics and readiness as before). The runners start with the
 * app (EventRuntime's bootstrap) and stop before the database closes.
 */
export class KafkaRunnerTransport extends Server implements CustomTransportStrategy {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly runtime: EventRuntime,
    private readonly config: Record<string, unknown>,
  ) {
    super();
  }

  /** Each handler's group and topic, as subscribed (for a service's /stats and tests). */
  subscriptions(): { group: string; topic: string; batch: boolean; handler: string }[] {
    return [...this.groups].flatMap(([group, g]) => g.subscriptions.map((s) => ({ group, topic: s.topic.name, batch: s.batch, handler: s.where })));
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.collect();
      const runners: ConsumerRunner[] = [];
      for (const [group, g] of this.groups) {
        const runner = this.runtime.consumer({ ...g.options, groupSuffix: group || undefined });
        for (const s of g.subscriptions) {
          if (s.batch) runner.subscribeBatch(s.topic, (records: BatchRecord<unknown>[]) => call(s.handler, records));
          else runner.subscribe(s.topic, (event: unknown, ctx: MessageContext) => call(s.handler, event, ctx));
        }
        runners.push(runner);
      }
      await this.runtime.startIfBootstrapped(runners);
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private collect(): void {
    for (const [pattern, head] of this.getHandlers()) {
      // Nest chains the event handlers of one pattern (one per controller method) through `next`
      // and calls the whole chain from the head; each becomes a subscription of its own group
      // here, so the chain is taken apart.
      const chain: MessageHandler[] = [];
      for (let h: MessageHandler | undefined = head; h; h = h.next) chain.push(h);
      for (const h of chain) h.next = undefined;
      const topic = topicByName(pattern);
      if (!topic) throw new Error(`@EventPattern('${pattern}') names no contract topic (TOPICS)`);
      for (const h of chain) {
        const meta = h.extras?.[TOPIC_HANDLER] as TopicHandlerMeta | undefined;
        if (!meta) throw new Error(`@EventPattern('${pattern}') needs @OnTopic or @OnTopicBatch (consumer group and mode)`);
        const value = <T>(v: T | ((c: never) => T)): T => (typeof v === 'function' ? (v as (c: unknown) => T)(this.config) : v);
        if (meta.when && !value(meta.when as (c: never) => boolean)) continue;
        const group = value(meta.group) ?? '';
        const options = value(meta.consumer) ?? {};
        const where = `${pattern} in group ${group || '(main)'}`;
        const g = this.groups.get(group) ?? { options, optionsFrom: where, subscriptions: [] };
        if (JSON.stringify(g.options) !== JSON.stringify(options) && Object.keys(options).length > 0) {
          if (Object.keys(g.options).length > 0) throw new Error(`consumer options of group '${group}' differ between ${g.optionsFrom} and ${where}`);
          g.options = options;
          g.optionsFrom = where;
        }
        if (g.subscriptions.some((s) => s.topic.name === pattern)) throw new Error(`two handlers of ${pattern} in group '${group}': one group reads a topic once`);
        g.subscriptions.push({ topic: topic as EventTopic<unknown>, batch: meta.batch, handler: h, where });
        this.groups.set(group, g);
      }
    }
  }

  /** Runners stop in EventRuntime's shutdown hook (after in-flight records), not here. */
  close(): void {}

  on(): void {
    throw new Error('KafkaRunnerTransport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.runtime as T;
  }
}
