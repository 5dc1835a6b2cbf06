import { ConflictException, Inject, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  createEvent,
  newEnvelope,
  ReleaseEvent,
  ReleaseFileFormat,
  ReleaseTrigger,
  TOPICS,
  uuidv7,
} from '@verity/contracts';
import { DATA_SOURCE, EventRuntime } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { DataSource } from 'typeorm';
import { EXPORT_CONFIG, ExportConfig } from '../../export.settings';
import { buildReleaseFiles, BuiltRelease, releasePrefix } from '../release-files.builder';
import { ReleaseStore } from '../release-store';
import { CreateReleaseBody, mixedOntologyVersions, normalizeSelection, NormalizedSelection } from '../release-selection';
import { ReleaseRecord, ReleasesRepository } from '../releases.repository';

export interface CreateReleaseCommand {
  projectId: string;
  body: CreateReleaseBody;
  requestedBy: string;
  trigger?: 'api' | 'schedule';
  now?: Date;
}

const FORMAT: Record<string, ReleaseFileFormat> = {
  jsonl: ReleaseFileFormat.JSONL,
  parquet: ReleaseFileFormat.PARQUET,
  manifest: ReleaseFileFormat.MANIFEST,
};

/**
 * Writes an immutable release: select the current label versions, refuse a silent mix of
 * ontology versions, build JSONL + Parquet + manifest, write each key once to S3 (data first,
 * manifest last), then record the release, its files and its exact label versions in Postgres
 * and announce it on releases.v1 in the same transaction.
 */
@Injectable()
export class CreateReleaseUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly releases: ReleasesRepository,
    private readonly store: ReleaseStore,
    private readonly runtime: EventRuntime,
    private readonly logger: Logger,
    @Inject(EXPORT_CONFIG) private readonly config: Pick<ExportConfig, 'EXPORT_RELEASE_PREFIX' | 'EXPORT_RELEASE_MAX_LABELS'>,
  ) {}

  async execute(cmd: CreateReleaseCommand) {
    const started = performance.now();
    const now = cmd.now ?? new Date();
    const selection = normalizeSelection(cmd.body, now);
    const parent = cmd.body.parentReleaseId;
    if (parent && !(await this.releases.find(this.ds, cmd.projectId, parent))) {
      throw new NotFoundException(`parent release ${parent} not found in project ${cmd.projectId}`);
    }
    const rows = await this.releases.select(this.ds, cmd.projectId, selection);
    if (rows.length > this.config.EXPORT_RELEASE_MAX_LABELS) {
      throw new UnprocessableEntityException(
        `selection holds ${rows.length} labels, more than EXPORT_RELEASE_MAX_LABELS (${this.config.EXPORT_RELEASE_MAX_LABELS}); narrow it`,
      );
    }
    const mixed = mixedOntologyVersions(selection, rows.map((r) => r.ontologyVersion));
    if (mixed) {
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        message: `the selection mixes ontology versions ${mixed.join(', ')}; choose one (selection.ontologyVersions) or set allowMixedOntologyVersions`,
        ontologyVersions: mixed,
      });
    }
    const releaseId = uuidv7();
    const createdAt = now.toISOString();
    const name = cmd.body.name ?? `${cmd.projectId}-${createdAt.slice(0, 10)}-${releaseId.slice(-12)}`;
    const prefix = releasePrefix(this.config.EXPORT_RELEASE_PREFIX, cmd.projectId, releaseId);
    const built = await buildReleaseFiles(prefix, rows, {
      releaseId,
      name,
      projectId: cmd.projectId,
      createdAt,
      trigger: cmd.trigger ?? 'api',
      requestedBy: cmd.requestedBy,
      parentReleaseId: parent ?? null,
      selection,
      labelSchemaVersion: TOPICS.labels.schemaVersion,
    });
    for (const f of [...built.data, built.manifestFile]) await this.store.putOnce(f.key, f.bytes, f.media_type);

    const location = `s3://${this.store.bucket}/${prefix}`;
    const event = this.releaseEvent(cmd, built, { releaseId, name, location, selection, parent, now });
    const record: ReleaseRecord = {
      releaseId,
      projectId: cmd.projectId,
      name,
      location,
      selection,
      parentReleaseId: parent ?? null,
      trigger: cmd.trigger ?? 'api',
      requestedBy: cmd.requestedBy,
      labelCount: built.rows.length,
      ontologyVersions: built.manifest.ontology_versions,
      manifestKey: built.manifestFile.key,
      manifestSha256: built.manifestFile.sha256,
      manifestSize: built.manifestFile.size,
      manifest: built.manifest,
      releaseEventId: event.envelope!.eventId,
      createdAt,
    };
    await this.ds.transaction(async (tx) => {
      await this.releases.insert(tx, record, [...built.data, built.manifestFile].map(({ bytes: _b, ...f }) => f), built.rows);
      await this.runtime.outbox.enqueue(tx, TOPICS.releases, event);
    });
    this.runtime.relay.kick();
    this.logger.info('release written', {
      releaseId,
      projectId: cmd.projectId,
      labels: built.rows.length,
      ms: Math.round(performance.now() - started),
    });
    return {
      releaseId,
      location,
      manifest: { key: built.manifestFile.key, sha256: built.manifestFile.sha256, size: built.manifestFile.size },
      ...built.manifest,
    };
  }

  private releaseEvent(
    cmd: CreateReleaseCommand,
    built: BuiltRelease,
    r: { releaseId: string; name: string; location: string; selection: NormalizedSelection; parent?: string; now: Date },
  ): ReleaseEvent {
    const ref = (f: { key: string; sha256: string; size: number; media_type: string }) => ({
      bucket: this.store.bucket,
      key: f.key,
      sha256: f.sha256,
      sizeBytes: BigInt(f.size),
      mediaType: f.media_type,
    });
    return createEvent(TOPICS.releases, {
      envelope: newEnvelope({ producer: 'export', projectId: cmd.projectId, spec: TOPICS.releases, occurredAt: r.now }),
      releaseId: r.releaseId,
      name: r.name,
      location: r.location,
      manifest: ref(built.manifestFile),
      files: built.data.map((f) => ({ object: ref(f), format: FORMAT[f.format], recordCount: BigInt(f.record_count) })),
      labelCount: BigInt(built.rows.length),
      classCounts: built.manifest.class_counts.map((c) => ({ questionId: c.question_id, label: c.label, count: BigInt(c.count) })),
      ontologyVersions: built.manifest.ontology_versions,
      selection: {
        questionIds: r.selection.question_ids,
        ontologyVersions: r.selection.ontology_versions,
        allowMixedOntologyVersions: r.selection.allow_mixed_ontology_versions,
        decidedFrom: r.selection.since ? timestampFromDate(new Date(r.selection.since)) : undefined,
        decidedUntil: timestampFromDate(new Date(r.selection.until)),
        goldOnly: r.selection.only_gold,
        minConfidence: r.selection.min_confidence ?? undefined,
      },
      parentReleaseId: r.parent,
      trigger: cmd.trigger === 'schedule' ? ReleaseTrigger.SCHEDULE : ReleaseTrigger.API,
      requestedBy: cmd.requestedBy,
      labelSchemaVersion: TOPICS.labels.schemaVersion,
    });
  }
}
