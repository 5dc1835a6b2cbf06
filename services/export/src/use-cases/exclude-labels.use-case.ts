import { create, fromBinary, toBinary, toJson } from '@bufbuild/protobuf';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Injectable } from '@nestjs/common';
import { causedBy, LabelEventSchema, LabelProvenanceSchema, LabelStatus, newEnvelope, ProjectChange, ProjectEvent, RelabelPolicy, TOPICS, labelOptionIds } from '@verity/contracts';
import { EventRuntime } from '@verity/service-runtime';
import { EntityManager } from 'typeorm';
import { releaseLine, releaseRowOf } from '../domain/release-row.mapper';
import { rows } from '@verity/persistence';
import { labelContentDigest, LabelContent } from '../domain/label-version.rule';
import { LabelVersionsRepository } from '../db/label-versions.repository';

/**
 * projects.v1: an ontology version published with relabel policy EXCLUDE withdraws every
 * active label of the project decided under the previous version: each gets a new version
 * with status EXCLUDED (same label, same provenance), published on labels.v1 like any other.
 * The policy covers only what the version's migration map does not: labels a rename or merge
 * rewrote are already on the new version (not selected), and labels naming an option a split
 * sends back to humans (`spared`, per question) stay in force until the new answers decide.
 */
@Injectable()
export class ExcludeLabelsUseCase {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly labels: LabelVersionsRepository,
  ) {}

  async execute(tx: EntityManager, p: ProjectEvent, now: Date = new Date(), spared: ReadonlyMap<string, ReadonlySet<string>> = new Map()): Promise<number> {
    const pub = p.ontologyPublished;
    if (p.change !== ProjectChange.ONTOLOGY_PUBLISHED || !pub || pub.relabelPolicy !== RelabelPolicy.EXCLUDE) return 0;
    if (pub.previousVersion === undefined || !p.project) return 0;
    const decidedAt = p.envelope?.occurredAt ? timestampDate(p.envelope.occurredAt) : now;
    const current = await rows<{ item_id: string; question_id: string; label_version: number; label_event: Buffer }>(
      tx,
      `SELECT item_id, question_id, label_version, label_event FROM export.current_labels
       WHERE project_id = $1 AND ontology_version = $2 AND status = $3`,
      [p.project.projectId, pub.previousVersion, LabelStatus.ACTIVE],
    );
    let excluded = 0;
    for (const c of current) {
      const prev = fromBinary(LabelEventSchema, c.label_event);
      const split = spared.get(c.question_id);
      if (split && labelOptionIds(prev).some((o) => split.has(o))) continue;
      await this.labels.lock(tx, c.item_id, c.question_id);
      const event = create(LabelEventSchema, {
        ...prev,
        envelope: newEnvelope({ producer: 'export', projectId: p.project.projectId, spec: TOPICS.labels, ...causedBy(p.envelope!), occurredAt: now }),
        labelVersion: c.label_version + 1,
        status: LabelStatus.EXCLUDED,
        decidedAt: timestampFromDate(decidedAt),
      });
      const content: LabelContent = {
        status: LabelStatus.EXCLUDED,
        label: prev.label,
        answer: null,
        softLabel: {},
        confidence: 0,
        ontologyVersion: prev.ontologyVersion,
        adjudicated: prev.adjudicated,
        gold: prev.gold,
        verdict: { excludedBy: p.envelope?.eventId ?? '' },
      };
      await this.labels.insertVersion(tx, p.project.projectId, {
        itemId: c.item_id,
        questionId: c.question_id,
        labelVersion: event.labelVersion,
        status: LabelStatus.EXCLUDED,
        label: prev.label,
        softLabel: { ...prev.softLabel },
        confidence: prev.confidence,
        ontologyVersion: prev.ontologyVersion,
        adjudicated: prev.adjudicated,
        gold: prev.gold,
        contentDigest: labelContentDigest(content),
        provenance: toJson(LabelProvenanceSchema, event.provenance!),
        labelEventId: event.envelope!.eventId,
        labelEvent: toBinary(LabelEventSchema, event),
        releaseRow: releaseLine(releaseRowOf(event)),
        decisionEventId: p.envelope?.eventId ?? '',
        decisionId: `exclude:${pub.ontologyVersion}`,
        contentEventId: prev.provenance?.contentEventId ?? '',
        correlationId: p.envelope?.correlationId ?? '',
        decidedAt,
      });
      await this.runtime.outbox.enqueue(tx, TOPICS.labels, event);
      excluded++;
    }
    return excluded;
  }
}
