import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import { ParentBasedSampler, type Sampler, SamplingDecision, type SamplingResult } from '@opentelemetry/sdk-trace';

/**
 * Keeps every trace except the ones the kafkajs instrumentation starts for each fetched batch (a
 * root `poll <topic>` span with `messaging.operation.type` = `receive`, and under it a `process`
 * span per message linked to, not parented by, the producer): one new trace per poll on every
 * consumer would crowd out the items' traces. Items' traces come from the consumer runner's
 * spans, which are children of each record's `traceparent` and so are kept.
 */
class DropKafkaPolls implements Sampler {
  shouldSample(_ctx: Context, _traceId: string, _name: string, _kind: SpanKind, attributes: Attributes, _links: Link[]): SamplingResult {
    const poll = attributes['messaging.system'] === 'kafka' && attributes['messaging.operation.type'] === 'receive';
    return { decision: poll ? SamplingDecision.NOT_RECORD : SamplingDecision.RECORD_AND_SAMPLED };
  }

  toString(): string {
    return 'DropKafkaPolls';
  }
}

/** Parent-based: a span follows its parent's decision; a root span is kept unless it is a kafkajs poll. */
export const platformSampler = (): Sampler => new ParentBasedSampler({ root: new DropKafkaPolls() });
