import { clone, create, fromBinary, toBinary, toJson } from '@bufbuild/protobuf';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Injectable } from '@nestjs/common';
import {
  AggregationMethod,
  AggregationSchema,
  LabelEvent,
  LabelEventSchema,
  LabelMigrationSchema,
  LabelProvenanceSchema,
  LabelStatus,
  newEnvelope,
  OptionMigrationKind,
  ProjectEvent,
  TOPICS,
} from '@verity/contracts';
import { EventRuntime } from '@verity/service-runtime';
import { EntityManager } from 'typeorm';
import { LabelVersionsRepository } from '../db/label-versions.repository';
import { labelContentDigest, labelContentOf } from '../domain/label-version.rule';
import { releaseLine, releaseRowOf } from '../domain/release-row.mapper';
import { rows } from '@verity/persistence';
import { applyMap, MigrationMap, migrationMapOf } from '../domain/label-migration.rule';
import { MigrationMapsRepository } from '../db/migration-maps.repository';

/** Result of applying a projects.v1 snapshot's migration map. */
export interface MigrationResult {
  /** The map, when the snapshot carried one not applied before. */
  map?: MigrationMap;
  /** New label versions written (each on labels.v1 through the outbox). */
  rewritten: number;
}

/**
 * projects.v1: an ontology version published with a migration map. Rename and merge entries
 * rewrite every current, active label of the project's mapped questions that names a `from`
 * option and was decided under an older version: a new label version (same path as any other:
 * row + labels.v1 outbox record in the caller's inbox transaction) with the mapped label, the new
 * ontology version, aggregation method ONTOLOGY_MIGRATION and `provenance.migration` (entries,
 * both versions, the version rewritten). No human work. Split entries rewrite nothing (the
 * decomposition service sends those items back to humans; their labels stay in force).
 * Once per (project, version): the map is recorded first, and a map recorded before is not
 * applied again, whatever event carries it.
 */
@Injectable()
export class MigrateLabelsUseCase {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly labels: LabelVersionsRepository,
    private readonly maps: MigrationMapsRepository,
  ) {}

  async execute(tx: EntityManager, p: ProjectEvent, now: Date = new Date()): Promise<MigrationResult> {
    const map = migrationMapOf(p);
    if (!map) return { rewritten: 0 };
    if (!(await this.maps.record(tx, map.projectId, map))) return { rewritten: 0 };
    const questions = [
      ...new Set(map.entries.filter((e) => e.kind === OptionMigrationKind.RENAME || e.kind === OptionMigrationKind.MERGE).map((e) => e.questionId)),
    ];
    if (questions.length === 0) return { map, rewritten: 0 };
    const migratedAt = p.envelope?.occurredAt ? timestampDate(p.envelope.occurredAt) : now;
    // Candidates by the project index; each is re-read under its label lock before it is rewritten.
    const candidates = await rows<{ item_id: string; question_id: string }>(
      tx,
      `SELECT item_id, question_id FROM (
         SELECT DISTINCT ON (item_id, question_id) item_id, question_id, status, ontology_version FROM export.label_versions
         WHERE project_id = $1 AND question_id = ANY($2) ORDER BY item_id, question_id, label_version DESC) c
       WHERE status = $3 AND ontology_version < $4 ORDER BY item_id, question_id`,
      [map.projectId, questions, LabelStatus.ACTIVE, map.toVersion],
    );
    let rewritten = 0;
    for (const c of candidates) {
      await this.labels.lock(tx, c.item_id, c.question_id);
      const [cur] = await rows<{ label_version: number; label_event: Buffer; status: number; ontology_version: number; content_event_id: string }>(
        tx,
        `SELECT label_version, label_event, status, ontology_version, content_event_id FROM export.label_versions
         WHERE item_id = $1 AND question_id = $2 ORDER BY label_version DESC LIMIT 1`,
        [c.item_id, c.question_id],
      );
      if (!cur || cur.status !== LabelStatus.ACTIVE || cur.ontology_version >= map.toVersion) continue;
      const prev = fromBinary(LabelEventSchema, cur.label_event);
      const event = migratedLabelEvent(prev, map, { labelVersion: cur.label_version + 1, migratedAt, recordedAt: now, cause: p });
      if (!event) continue;
      const digest = labelContentDigest(labelContentOf({ ...event, verdict: event.provenance?.verdict }));
      await this.labels.insertVersion(tx, map.projectId, {
        itemId: c.item_id,
        questionId: c.question_id,
        labelVersion: event.labelVersion,
        status: LabelStatus.ACTIVE,
        label: event.label,
        softLabel: { ...event.softLabel },
        confidence: event.confidence,
        ontologyVersion: event.ontologyVersion,
        adjudicated: event.adjudicated,
        gold: event.gold,
        contentDigest: digest,
        provenance: toJson(LabelProvenanceSchema, event.provenance!),
        labelEventId: event.envelope!.eventId,
        labelEvent: toBinary(LabelEventSchema, event),
        releaseRow: releaseLine(releaseRowOf(event)),
        decisionEventId: map.projectEventId,
        decisionId: `migration:${map.toVersion}`,
        contentEventId: cur.content_event_id,
        correlationId: event.envelope!.correlationId,
        decidedAt: migratedAt,
      });
      await this.runtime.outbox.enqueue(tx, TOPICS.labels, event);
      rewritten++;
    }
    await this.maps.setRewritten(tx, map.projectId, map.toVersion, rewritten);
    return { map, rewritten };
  }
}

/**
 * The next version of a stored label under a map, or undefined when the map does not rewrite it
 * (untouched, or split). Same content otherwise (answers, verdict, flags, confidence), with the
 * new ontology version; its provenance keeps the rewritten version's answers and says how it was
 * made (aggregation ONTOLOGY_MIGRATION with the previous method, `migration`).
 */
export function migratedLabelEvent(
  prev: LabelEvent,
  map: MigrationMap,
  at: { labelVersion: number; migratedAt: Date; recordedAt: Date; cause: ProjectEvent },
): LabelEvent | undefined {
  const outcome = applyMap({ questionId: prev.questionId, label: prev.label, answer: prev.answer, softLabel: prev.softLabel }, map.entries);
  if (outcome.kind !== 'mapped') return undefined;
  const previousMethod = AggregationMethod[prev.provenance?.aggregation?.method ?? AggregationMethod.UNSPECIFIED] ?? 'UNSPECIFIED';
  const provenance = prev.provenance ? clone(LabelProvenanceSchema, prev.provenance) : create(LabelProvenanceSchema);
  provenance.aggregation = create(AggregationSchema, {
    method: AggregationMethod.ONTOLOGY_MIGRATION,
    parameters: {
      previous_method: previousMethod,
      from_ontology_version: String(prev.ontologyVersion),
      to_ontology_version: String(map.toVersion),
      from_label_version: String(prev.labelVersion),
    },
  });
  provenance.migration = create(LabelMigrationSchema, {
    entries: outcome.entries,
    fromOntologyVersion: prev.ontologyVersion,
    toOntologyVersion: map.toVersion,
    fromLabelVersion: prev.labelVersion,
    fromLabel: prev.label,
    projectEventId: map.projectEventId,
  });
  return create(LabelEventSchema, {
    ...prev,
    envelope: newEnvelope({
      producer: 'export',
      projectId: map.projectId,
      spec: TOPICS.labels,
      // Caused by the announcement; still in the label's own flow (the content event's).
      causationId: at.cause.envelope?.eventId ?? '',
      correlationId: prev.envelope?.correlationId || at.cause.envelope?.eventId,
      occurredAt: at.recordedAt,
    }),
    ontologyVersion: map.toVersion,
    labelVersion: at.labelVersion,
    status: LabelStatus.ACTIVE,
    label: outcome.label,
    answer: outcome.answer,
    softLabel: outcome.softLabel,
    decidedAt: timestampFromDate(at.migratedAt),
    provenance,
  });
}
