import { create, toBinary, toJson } from '@bufbuild/protobuf';
import { Injectable } from '@nestjs/common';
import { DecisionEvent, LabelEventSchema, LabelMigrationSchema, LabelProvenanceSchema, TOPICS } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { EventRuntime } from '@verity/service-runtime';
import { EntityManager } from 'typeorm';
import { ItemContentsRepository } from '../db/item-contents.repository';
import { mapDecision } from '../domain/label-migration.rule';
import { MigrationMapsRepository } from '../db/migration-maps.repository';
import { releaseLine, releaseRowOf } from '../domain/release-row.mapper';
import { rows } from '@verity/persistence';
import { decidedAtOf, labelEventFrom } from '../events/label-event.factory';
import { incomingOf, labelContentDigest, labelContentOf, nextLabelVersion, VersionOutcome } from '../domain/label-version.rule';
import { LabelVersionsRepository } from '../db/label-versions.repository';

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

/**
 * decisions.v1 → a label version, in the caller's (inbox) transaction: the decision is recorded;
 * when its content differs from the current version it becomes version + 1 — the row, its
 * provenance and the labels.v1 outbox record commit together. A decision made under an ontology
 * version older than a migration map export applied is mapped through it first (label, answer,
 * soft label, ontology version; `provenance.migration` says so).
 */
@Injectable()
export class RecordDecisionUseCase {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly labels: LabelVersionsRepository,
    private readonly items: ItemContentsRepository,
    private readonly maps: MigrationMapsRepository,
  ) {}

  async execute(tx: EntityManager, received: DecisionEvent, now: Date = new Date()): Promise<VersionOutcome> {
    checkDecision(received);
    const env = received.envelope!;
    const { decision: d, migration } = mapDecision(received, await this.maps.after(tx, env.projectId, received.ontologyVersion));
    const decidedAt = decidedAtOf(d);
    await this.labels.lock(tx, d.itemId, d.questionId);
    const current = await this.labels.current(tx, d.itemId, d.questionId);
    const digest = labelContentDigest(labelContentOf(d));
    // An erased item's labels stay EXCLUDED: a late decision (an expert verdict, a last answer) is recorded, never published.
    const erased = (await rows(tx, `SELECT 1 FROM export.erased_items WHERE project_id = $1 AND item_id = $2`, [env.projectId, d.itemId])).length > 0;
    const outcome: VersionOutcome = erased ? { kind: 'stale', labelVersion: current?.labelVersion ?? 0 } : nextLabelVersion(current, digest, decidedAt, incomingOf(d));
    if (outcome.kind === 'new_version') {
      const item = await this.items.find(tx, d.itemId);
      const event = labelEventFrom(d, { labelVersion: outcome.labelVersion, content: item?.content, recordedAt: now });
      if (migration) event.provenance!.migration = create(LabelMigrationSchema, migration);
      await this.labels.insertVersion(tx, env.projectId, {
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
        contentDigest: digest,
        provenance: toJson(LabelProvenanceSchema, event.provenance!),
        labelEventId: event.envelope!.eventId,
        labelEvent: toBinary(LabelEventSchema, event),
        releaseRow: releaseLine(releaseRowOf(event)),
        decisionEventId: env.eventId,
        decisionId: d.decisionId,
        contentEventId: d.contentEventId || item?.contentEventId || '',
        correlationId: env.correlationId,
        decidedAt,
      });
      await this.runtime.outbox.enqueue(tx, TOPICS.labels, event);
    }
    await this.labels.insertDecision(tx, env.projectId, {
      decisionEventId: env.eventId,
      decisionId: d.decisionId,
      itemId: d.itemId,
      questionId: d.questionId,
      producer: env.producer,
      outcome: outcome.kind,
      labelVersion: outcome.labelVersion,
      decidedAt,
      correlationId: env.correlationId,
    });
    return outcome;
  }
}
