import { CompressionTypes, Kafka, Partitioners, Producer } from 'kafkajs';
import { SpanKind, context, suppressTracing, withSpan } from '@verity/telemetry';
import { EventCodec, EventTopic } from './event-topic';
import { recordHeaders } from './record-headers';

export interface PublishOptions {
  /** Overrides the topic's key (the item id by default). */
  key?: string;
  headers?: Record<string, string>;
}

/**
 * The typed producer every service uses: idempotent, acks=all, murmur2 partitioning (the
 * Java client's, so keys land on the same partition whatever language produces them), and
 * W3C trace context in the headers.
 */
export class EventProducer {
  private readonly producer: Producer;
  private connected = false;

  constructor(
    kafka: Kafka,
    private readonly codec: EventCodec,
    private readonly producerName: string,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    await this.producer.disconnect();
    this.connected = false;
  }

  async publish<E>(topic: EventTopic<E>, event: E, opts: PublishOptions = {}): Promise<void> {
    await this.publishMany(topic, [event], opts);
  }

  /** Sends events in one request; all land or the call throws. */
  async publishMany<E>(topic: EventTopic<E>, events: E[], opts: PublishOptions = {}): Promise<void> {
    if (events.length === 0) return;
    await withSpan(
      `publish ${topic.name}`,
      SpanKind.PRODUCER,
      context.active(),
      { 'messaging.system': 'kafka', 'messaging.destination.name': topic.name, 'verity.producer': this.producerName },
      async () => {
        const messages = events.map((event) => {
          const headers = recordHeaders(this.codec, topic, event, opts.headers); // stamps the envelope's traceparent: encode after
          return { key: opts.key ?? topic.keyOf(event), value: Buffer.from(this.codec.encode(topic, event)), headers };
        });
        await this.producer.send({ topic: topic.name, acks: -1, compression: CompressionTypes.None, messages });
      },
    );
  }

  /**
   * Sends already-encoded records (outbox relay, DLQ redrive): bytes and headers are not
   * touched. Tracing is suppressed for the send, so the kafkajs instrumentation neither starts a
   * span nor overwrites the `traceparent` each record carries from where it was enqueued.
   */
  async publishRaw(
    topicName: string,
    records: { key: string | null; value: Buffer; headers: Record<string, string | Buffer> }[],
  ): Promise<void> {
    if (records.length === 0) return;
    await context.with(suppressTracing(context.active()), () => this.producer.send({ topic: topicName, acks: -1, messages: records }));
  }
}
