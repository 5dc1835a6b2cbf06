import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { aggregationMethodName, AggregationMethod, DecisionEvent, TOPICS } from '@verity/contracts';
import { BatchRecord } from '@verity/messaging';
import type { Inbox } from '@verity/persistence';
import { EventRuntime, OnTopicBatch, PlatformMetrics } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import type { ExportConfig } from '../export.settings';
import { RecordDecisionUseCase } from '../use-cases/record-decision.use-case';

/**
 * Kafka edge: decisions.v1 → RecordDecisionUseCase, in batches (one transaction per batch, each
 * event once through the inbox, in offset order, in a fixed number of statements). Decisions are keyed by item, so concurrent
 * batches (other partitions) never lock the same item. A batch that keeps failing is handled
 * record by record by the consumer runner: a bad decision is dead-lettered alone.
 */
@Controller()
export class DecisionsHandler {
  private readonly inbox: Inbox;

  constructor(
    private readonly runtime: EventRuntime,
    private readonly record: RecordDecisionUseCase,
    private readonly logger: Logger,
    private readonly metrics: PlatformMetrics,
  ) {
    this.inbox = runtime.inbox('export.decisions');
  }

  @OnTopicBatch(TOPICS.decisions, { consumer: (c: ExportConfig) => ({ partitionsConsumedConcurrently: c.EXPORT_DECISIONS_CONCURRENCY }) })
  async decisionBatch(@Payload() records: BatchRecord<DecisionEvent>[]): Promise<void> {
    let methods: string[] = [];
    await this.inbox.onceManyOf(records, async (tx, decisions) => {
      const outcomes = await this.record.executeBatch(tx, decisions);
      methods = []; // counted once the transaction commits
      outcomes.forEach((outcome, i) => {
        if (outcome.kind === 'new_version') methods.push(methodLabel(decisions[i]!.event));
        else this.logger.debug('decision made no new label version', { eventId: decisions[i]!.ctx.eventId, ...outcome });
      });
    });
    for (const method of methods) this.metrics.labelsPublished.inc({ method });
    if (methods.length > 0) this.runtime.relay.kick();
  }
}

/**
 * The verity_labels_published_total label of a decision: its aggregation method in lower case
 * (`majority_vote`, `dawid_skene`, …); an expert's verdict carries none and is `adjudication`.
 */
export function methodLabel(d: Pick<DecisionEvent, 'aggregation' | 'adjudicated'>): string {
  const method = d.aggregation?.method || (d.adjudicated ? AggregationMethod.ADJUDICATION : AggregationMethod.UNSPECIFIED);
  return aggregationMethodName(method);
}
