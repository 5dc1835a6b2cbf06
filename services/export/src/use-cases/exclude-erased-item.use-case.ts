import { create, fromBinary, toBinary, toJson } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Injectable } from '@nestjs/common';
import { causedBy, LabelEventSchema, LabelProvenanceSchema, LabelStatus, newEnvelope, TOPICS } from '@verity/contracts';
import { EventRuntime, type ItemCopiesEraser, ItemErasure } from '@verity/service-runtime';
import { EntityManager } from 'typeorm';
import { releaseLine, releaseRowOf } from '../domain/release-row.mapper';
import { rows } from '@verity/persistence';
import { labelContentDigest } from '../domain/label-version.rule';
import { LabelVersionsRepository } from '../db/label-versions.repository';
import { ReleaseErasuresRepository } from '../db/release-erasures.repository';

/**
 * An erased item, as export sees it: each of its labels that is still in force, in any project,
 * gets a new version with status EXCLUDED on labels.v1 (by the same versioning and outbox path
 * as every label), carrying no answer, soft label or payload — only the ids a training job needs
 * to drop its copies (item, question, source and source id). Past releases that held the item
 * are marked (they are immutable); later releases leave it out, as they leave out every
 * EXCLUDED label. Export's copy of the content reference goes. Returns the rows written or deleted.
 */
@Injectable()
export class ExcludeErasedItemUseCase implements ItemCopiesEraser {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly labels: LabelVersionsRepository,
    private readonly erasures: ReleaseErasuresRepository,
  ) {}

  /** The shared erasures.v1 consumer's call (ItemErasuresConsumer). */
  erase(tx: EntityManager, e: ItemErasure): Promise<number> {
    return this.execute(tx, e);
  }

  async execute(tx: EntityManager, e: ItemErasure, now: Date = new Date()): Promise<number> {
    const cause = e.cause.envelope!;
    const erasureId = e.cause.erasureId;
    const labelled = await rows<{ project_id: string; question_id: string }>(
      tx,
      `SELECT DISTINCT project_id, question_id FROM export.label_versions WHERE item_id = $1 ORDER BY project_id, question_id`,
      [e.itemId],
    );
    const projects = [...new Set([e.projectId, ...labelled.map((l) => l.project_id)])];
    let written = 0;
    for (const projectId of projects) {
      if (await this.erasures.markItem(tx, projectId, e.itemId, erasureId)) written++;
      written += await this.erasures.markReleases(tx, projectId, e.itemId, erasureId);
    }
    for (const { project_id: projectId, question_id: questionId } of labelled) {
      await this.labels.lock(tx, e.itemId, questionId);
      const [cur] = await rows<{ label_version: number; status: number; label_event: Buffer }>(
        tx,
        `SELECT label_version, status, label_event FROM export.label_versions
         WHERE item_id = $1 AND question_id = $2 ORDER BY label_version DESC LIMIT 1`,
        [e.itemId, questionId],
      );
      if (!cur || cur.status === LabelStatus.EXCLUDED) continue;
      const prev = fromBinary(LabelEventSchema, cur.label_event);
      const event = create(LabelEventSchema, {
        envelope: newEnvelope({ producer: 'export', projectId, spec: TOPICS.labels, ...causedBy(cause), occurredAt: now }),
        itemId: e.itemId,
        content: prev.content && { source: prev.content.source, sourceId: prev.content.sourceId, contentType: prev.content.contentType },
        questionId,
        ontologyVersion: prev.ontologyVersion,
        labelVersion: cur.label_version + 1,
        status: LabelStatus.EXCLUDED,
        provenance: { decisionEventId: cause.eventId, taskId: prev.provenance?.taskId ?? '' },
        decidedAt: timestampFromDate(now),
      });
      await this.labels.insertVersion(tx, projectId, {
        itemId: e.itemId,
        questionId,
        labelVersion: event.labelVersion,
        status: LabelStatus.EXCLUDED,
        label: '',
        softLabel: {},
        confidence: 0,
        ontologyVersion: prev.ontologyVersion,
        adjudicated: false,
        gold: false,
        contentDigest: labelContentDigest({
          status: LabelStatus.EXCLUDED,
          label: '',
          answer: null,
          softLabel: {},
          confidence: 0,
          ontologyVersion: prev.ontologyVersion,
          adjudicated: false,
          gold: false,
          verdict: { erasedBy: erasureId },
        }),
        provenance: toJson(LabelProvenanceSchema, event.provenance!),
        labelEventId: event.envelope!.eventId,
        labelEvent: toBinary(LabelEventSchema, event),
        releaseRow: releaseLine(releaseRowOf(event)),
        decisionEventId: cause.eventId,
        decisionId: `erasure:${erasureId}`,
        contentEventId: prev.provenance?.contentEventId ?? '',
        correlationId: cause.correlationId,
        decidedAt: now,
      });
      await this.runtime.outbox.enqueue(tx, TOPICS.labels, event);
      written++;
    }
    written += (await rows(tx, `DELETE FROM export.item_contents WHERE item_id = $1 RETURNING item_id`, [e.itemId])).length;
    return written;
  }
}
