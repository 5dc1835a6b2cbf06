import { create, toBinary, toJson } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import { DecisionEvent, LabelEvent, LabelEventSchema, LabelMigrationSchema, LabelProvenanceSchema, TOPICS } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { EventRuntime } from '@verity/service-runtime';
import { EntityManager } from 'typeorm';
import { ItemContentsRepository } from '../db/item-contents.repository';
import { mapDecision, type MigrationMap } from '../domain/label-migration.rule';
import { MigrationMapsRepository } from '../db/migration-maps.repository';
import { releaseLine, releaseRowOf } from '../domain/release-row.mapper';
import { type Context, context } from '@verity/telemetry';
import { erasedKeyOf, ReleaseErasuresRepository } from '../db/release-erasures.repository';
import { decidedAtOf, labelEventFrom } from '../events/label-event.factory';
import { incomingOf, labelContentDigest, labelContentOf, nextLabelVersion, VersionOutcome } from '../domain/label-version.rule';
import { labelKeyOf, LabelVersionsRepository, type NewLabelVersion } from '../db/label-versions.repository';

/** A decision that can never become a label (the consumer dead-letters it at once). */
export function checkDecision(d: DecisionEvent): void {
  const missing = [
    !d.envelope?.eventId && 'envelope.event_id',
    !d.envelope?.projectId && 'envelope.project_id',
    !d.envelope?.occurredAt && 'envelope.occurred_at',
    !d.itemId && 'item_id',
    !d.questionId && 'question_id',
    !d.label && !d.answer?.value.case && 'label or answer',
  ].filter(Boolean);
  if (missing.length) throw new NonRetryableError(`decision ${d.decisionId || '(no id)'} lacks ${missing.join(', ')}`);
  if (d.adjudicated && !d.verdict) throw new NonRetryableError(`decision ${d.decisionId} is adjudicated but has no verdict`);
}

/** A decision of a batch, with the trace its label event continues. */
export interface BatchDecision {
  event: DecisionEvent;
  trace?: Context;
}

/**
 * decisions.v1 → label versions, in the caller's (inbox) transaction: each decision is recorded;
 * when its content differs from the current version it becomes version + 1 — the row, its
 * provenance and the labels.v1 outbox record commit together. A decision made under an ontology
 * version older than a migration map export applied is mapped through it first (label, answer,
 * soft label, ontology version; `provenance.migration` says so).
 *
 * A batch has the effects its decisions would have one after another, in order, in a fixed number
 * of statements: its labels locked in one (sorted, so concurrent batches cannot deadlock), their
 * current versions, erasures and item contents read in one each, the new versions, the decisions
 * and the outbox records written in one each.
 */
@Injectable()
export class RecordDecisionUseCase {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly labels: LabelVersionsRepository,
    private readonly items: ItemContentsRepository,
    private readonly maps: MigrationMapsRepository,
    private readonly erasures: ReleaseErasuresRepository,
  ) {}

  async execute(tx: EntityManager, received: DecisionEvent, now: Date = new Date()): Promise<VersionOutcome> {
    return (await this.executeBatch(tx, [{ event: received }], now))[0];
  }

  /** The outcome of each decision, in order. A decision that can never become a label fails the whole batch (NonRetryableError). */
  async executeBatch(tx: EntityManager, batch: readonly BatchDecision[], now: Date = new Date()): Promise<VersionOutcome[]> {
    for (const b of batch) checkDecision(b.event);
    const mapped = await this.mapAll(tx, batch.map((b) => b.event));
    await this.labels.lockMany(tx, mapped.map((m) => m.decision));
    const current = await this.labels.currentMany(tx, mapped.map((m) => m.decision));
    const erased = await this.erasures.erasedAmong(tx, mapped.map((m) => ({ projectId: m.decision.envelope!.projectId, itemId: m.decision.itemId })));

    // The label-version rule, decision by decision: a new version is the current one for the next decision of its label.
    const digests = mapped.map(({ decision: d }) => labelContentDigest(labelContentOf(d)));
    const decidedAts = mapped.map(({ decision: d }) => decidedAtOf(d));
    const outcomes = mapped.map(({ decision: d }, i): VersionOutcome => {
      const key = labelKeyOf(d);
      const cur = current.get(key) ?? null;
      const digest = digests[i];
      const decidedAt = decidedAts[i];
      // An erased item's labels stay EXCLUDED: a late decision (an expert verdict, a last answer) is recorded, never published.
      if (erased.has(erasedKeyOf(d.envelope!.projectId, d.itemId))) return { kind: 'stale', labelVersion: cur?.labelVersion ?? 0 };
      const outcome = nextLabelVersion(cur, digest, decidedAt, incomingOf(d));
      if (outcome.kind === 'new_version') {
        current.set(key, {
          labelVersion: outcome.labelVersion,
          contentDigest: digest,
          decidedAt,
          adjudicated: d.adjudicated,
          gold: d.gold,
          ontologyVersion: d.ontologyVersion,
          verdictRequestId: d.verdict?.requestId || null,
        });
      }
      return outcome;
    });

    const fresh = mapped.filter((_, i) => outcomes[i].kind === 'new_version');
    const contents = await this.items.findMany(tx, fresh.map((m) => m.decision.itemId));
    const versions: (NewLabelVersion & { projectId: string })[] = [];
    const events: { event: LabelEvent; trace?: Context }[] = [];
    mapped.forEach(({ decision: d, migration }, i) => {
      const outcome = outcomes[i];
      if (outcome.kind !== 'new_version') return;
      const item = contents.get(d.itemId);
      const event = labelEventFrom(d, { labelVersion: outcome.labelVersion, content: item?.content, recordedAt: now });
      if (migration) event.provenance!.migration = create(LabelMigrationSchema, migration);
      versions.push({
        projectId: d.envelope!.projectId,
        itemId: d.itemId,
        questionId: d.questionId,
        labelVersion: outcome.labelVersion,
        status: event.status,
        label: d.label,
        softLabel: { ...d.softLabel },
        confidence: d.confidence,
        ontologyVersion: d.ontologyVersion,
        adjudicated: d.adjudicated,
        gold: d.gold,
        contentDigest: digests[i],
        provenance: toJson(LabelProvenanceSchema, event.provenance!),
        labelEventId: event.envelope!.eventId,
        labelEvent: toBinary(LabelEventSchema, event),
        releaseRow: releaseLine(releaseRowOf(event)),
        decisionEventId: d.envelope!.eventId,
        decisionId: d.decisionId,
        contentEventId: d.contentEventId || item?.contentEventId || '',
        correlationId: d.envelope!.correlationId,
        decidedAt: decidedAts[i],
      });
      events.push({ event, trace: batch[i].trace });
    });
    await this.labels.insertVersions(tx, versions);
    await this.labels.insertDecisions(
      tx,
      mapped.map(({ decision: d }, i) => ({
        projectId: d.envelope!.projectId,
        decisionEventId: d.envelope!.eventId,
        decisionId: d.decisionId,
        itemId: d.itemId,
        questionId: d.questionId,
        producer: d.envelope!.producer,
        outcome: outcomes[i].kind,
        labelVersion: outcomes[i].labelVersion,
        decidedAt: decidedAts[i],
        correlationId: d.envelope!.correlationId,
      })),
    );
    // Each label event's outbox headers carry its own decision's trace; one statement for all.
    this.runtime.outbox.defer(tx);
    for (const { event, trace } of events) {
      await (trace ? context.with(trace, () => this.runtime.outbox.enqueue(tx, TOPICS.labels, event)) : this.runtime.outbox.enqueue(tx, TOPICS.labels, event));
    }
    await this.runtime.outbox.flush(tx);
    return outcomes;
  }

  /** Each decision mapped through the migration maps after its ontology version (read once per project and version). */
  private async mapAll(tx: EntityManager, decisions: readonly DecisionEvent[]): Promise<ReturnType<typeof mapDecision>[]> {
    const maps = new Map<string, MigrationMap[]>();
    const out: ReturnType<typeof mapDecision>[] = [];
    for (const d of decisions) {
      const projectId = d.envelope!.projectId;
      const key = JSON.stringify([projectId, d.ontologyVersion]);
      if (!maps.has(key)) maps.set(key, await this.maps.after(tx, projectId, d.ontologyVersion));
      out.push(mapDecision(d, maps.get(key)!));
    }
    return out;
  }
}
