import { fromBinary, toJson } from '@bufbuild/protobuf';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { ContentReferenceSchema, LabelEventSchema, LabelStatus } from '@verity/contracts';
import { annotationsOf, missingLinks, pathOf, uniqueBy } from '../domain/audit.chain';
import { DATA_SOURCE } from '@verity/service-runtime';
import { DataSource } from 'typeorm';
import { ItemContentsRepository } from '../db/item-contents.repository';
import { LabelVersionsRepository } from '../db/label-versions.repository';
import { ReleasesRepository } from '../db/releases.repository';

/**
 * "How was this label made?" in one answer: every version with its full provenance (the
 * LabelEvent as published, in protobuf JSON), the decisions received for it (including those
 * that made no new version), the releases that hold each version, and the chain of ids back to
 * the content event.
 */
@Injectable()
export class LabelHistoryUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly labels: LabelVersionsRepository,
    private readonly releases: ReleasesRepository,
    private readonly items: ItemContentsRepository,
  ) {}

  /** The project of the label's latest version, or null when there is no such label. */
  async projectOf(itemId: string, questionId: string): Promise<string | null> {
    const rows: { project_id: string }[] = await this.ds.query(
      `SELECT project_id FROM export.label_versions WHERE item_id = $1 AND question_id = $2 ORDER BY label_version DESC LIMIT 1`,
      [itemId, questionId],
    );
    return rows[0]?.project_id ?? null;
  }

  /** The label as the project holds it; a label of another project is answered 404 like a missing one. */
  async execute(itemId: string, questionId: string, projectId: string) {
    const versions = await this.labels.versions(this.ds, projectId, itemId, questionId);
    if (versions.length === 0) throw new NotFoundException(`no label for item ${itemId} question ${questionId}`);
    const [decisions, releases, item] = await Promise.all([
      this.labels.decisions(this.ds, projectId, itemId, questionId),
      this.releases.containing(this.ds, projectId, itemId, questionId),
      this.items.find(this.ds, itemId),
    ]);
    const events = versions.map((v) => fromBinary(LabelEventSchema, v.label_event));
    const latest = events[events.length - 1];
    const contentEventIds = [...new Set(events.map((e) => e.provenance?.contentEventId).filter((x): x is string => !!x))];
    if (contentEventIds.length === 0 && item?.contentEventId) contentEventIds.push(item.contentEventId);
    const annotations = annotationsOf(events);
    const tasks = uniqueBy(
      events.map((e) => ({ taskId: e.provenance?.taskId ?? '', taskEventId: e.provenance?.taskEventId ?? '' })).filter((t) => t.taskId),
      (t) => `${t.taskId}\u0000${t.taskEventId}`,
    );
    const missing = missingLinks({ item: !!item, contentEventIds, tasks, annotations });
    const releaseIds = [...new Set(releases.map((r) => r.release_id))];
    return {
      itemId,
      questionId,
      projectId: versions[versions.length - 1].project_id,
      currentVersion: latest.labelVersion,
      content: item ? toJson(ContentReferenceSchema, item.content) : latest.content ? toJson(ContentReferenceSchema, latest.content) : null,
      chain: {
        contentEventIds,
        correlationIds: [...new Set(decisions.map((d) => d.correlation_id).filter(Boolean))],
        itemEventId: item?.itemEventId ?? null,
        taskIds: [...new Set(tasks.map((t) => t.taskId))],
        taskEventIds: [...new Set(tasks.map((t) => t.taskEventId).filter(Boolean))],
        annotationIds: annotations.map((a) => a.annotationId),
        annotationEventIds: annotations.map((a) => a.eventId).filter(Boolean),
        prelabelEventIds: [...new Set(annotations.map((a) => a.prelabelEventId).filter(Boolean))],
        annotations,
        adjudicationRequestIds: [...new Set(events.map((e) => e.provenance?.verdict?.requestId).filter(Boolean))],
        decisionEventIds: decisions.map((d) => d.decision_event_id),
        labelEventIds: events.map((e) => e.envelope?.eventId),
        releaseIds,
        // The current version's path, in order, from the content event to the releases holding it.
        path: pathOf({
          itemId,
          contentEventIds,
          itemEventId: item?.itemEventId ?? null,
          latest,
          releases: releases.filter((r) => r.label_version === latest.labelVersion),
        }),
        missing,
      },
      versions: versions.map((v, i) => {
        const e = events[i];
        return {
          labelVersion: v.label_version,
          status: e.status === LabelStatus.EXCLUDED ? 'excluded' : 'active',
          label: e.label,
          adjudicated: e.adjudicated,
          gold: e.gold,
          confidence: e.confidence,
          ontologyVersion: e.ontologyVersion,
          recordedAt: v.created_at.toISOString(),
          contentDigest: v.content_digest,
          labelEvent: toJson(LabelEventSchema, e),
          decisions: decisions
            .filter((d) => d.label_version === v.label_version)
            .map((d) => ({
              decisionEventId: d.decision_event_id,
              decisionId: d.decision_id,
              producer: d.producer,
              outcome: d.outcome,
              decidedAt: d.decided_at.toISOString(),
              receivedAt: d.received_at.toISOString(),
            })),
          releases: releases
            .filter((r) => r.label_version === v.label_version)
            .map((r) => ({ releaseId: r.release_id, name: r.name, createdAt: r.created_at.toISOString(), location: r.location })),
        };
      }),
    };
  }
}
