import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
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
import type { PassThrough } from 'node:stream';
import type { ObjectRef } from '@verity/storage';
import { DataSource, EntityManager } from 'typeorm';
import { EXPORT_CONFIG, ExportConfig } from '../export.settings';
import { ROW_GROUPS } from '../adapters/parquet/parquet-file.writer';
import {
  dataFileKeys,
  ManifestOut,
  MEDIA_TYPES,
  releaseFormats,
  recordedLayout,
  recordedRowGroups,
  releaseDatasetCard,
  releaseManifest,
  releasePrefix,
  WrittenData,
  writeReleaseData,
} from '../adapters/release-files.writer';
import { ItemContentsRepository } from '../db/item-contents.repository';
import { RawAccessRepository } from '../db/raw-access.repository';
import { withRawReferences } from '../domain/raw-references.rule';
import { ReleaseStore } from '../adapters/release.store';
import { CreateReleaseBody, mixedOntologyVersions, normalizeSelection, NormalizedSelection } from '../domain/release-selection.rule';
import { ReleaseRecord, ReleasesRepository } from '../db/releases.repository';

export interface CreateReleaseCommand {
  projectId: string;
  body: Omit<CreateReleaseBody, 'includeRaw'> & { includeRaw?: boolean };
  requestedBy: string;
  /** The requester's global roles: includeRaw needs one the project grants raw access (rawAccessRoles). */
  requesterRoles?: readonly string[];
  trigger?: 'api' | 'schedule';
  now?: Date;
}

/** Rows fetched from Postgres per page: one page is in memory at a time (plus the next, prefetched). */
const PAGE_ROWS = 2000;

const FORMAT: Record<string, ReleaseFileFormat> = {
  jsonl: ReleaseFileFormat.JSONL,
  parquet: ReleaseFileFormat.PARQUET,
  csv: ReleaseFileFormat.CSV,
  manifest: ReleaseFileFormat.MANIFEST,
};

/**
 * Writes an immutable release in bounded memory, with no transaction open for longer than its
 * own statements (decision 70):
 * 1. in one REPEATABLE READ snapshot: count the selected label versions, refuse a silent mix of
 *    ontology versions, and reserve them (release_labels, in release order);
 * 2. in no transaction: read the reserved rows back in pages of ordinals and stream them into
 *    JSONL + Parquet + CSV, each uploaded (multipart) to a key written once, then the dataset
 *    card and the manifest;
 * 3. in one short transaction: record the release and its files and announce it on
 *    releases.v1. A build that fails drops its reservation.
 */
@Injectable()
export class CreateReleaseUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly releases: ReleasesRepository,
    private readonly store: ReleaseStore,
    private readonly runtime: EventRuntime,
    private readonly logger: Logger,
    private readonly rawAccess: RawAccessRepository,
    private readonly items: ItemContentsRepository,
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
    if (selection.include_raw) await this.checkRawAccess(cmd);
    const phasesMs: Record<string, number> = {};
    let lapStart = performance.now();
    const lap = (phase: string) => {
      const t = performance.now();
      phasesMs[phase] = Math.round(t - lapStart);
      lapStart = t;
    };
    const releaseId = uuidv7();
    const reserved = await this.ds.transaction('REPEATABLE READ', (tx) => this.reserve(tx, cmd.projectId, releaseId, selection, lap));
    try {
      const result = await this.write(cmd, selection, now, parent, releaseId, reserved, lap);
      this.runtime.relay.kick();
      this.logger.info('release written', {
        releaseId: result.releaseId,
        projectId: cmd.projectId,
        labels: result.label_count,
        ms: Math.round(performance.now() - started),
        phasesMs,
      });
      return result;
    } catch (err) {
      await this.releases.dropReserved(this.ds, releaseId).catch((e: Error) =>
        this.logger.warn('release reservation not dropped', { releaseId, error: e.message }),
      );
      throw err;
    }
  }

  /** Counts and checks the selection, then reserves its label versions for the release; returns how many. */
  private async reserve(tx: EntityManager, projectId: string, releaseId: string, selection: NormalizedSelection, lap: (phase: string) => void): Promise<number> {
    const summary = await this.releases.summarize(tx, projectId, selection);
    lap('count');
    if (summary.count > this.config.EXPORT_RELEASE_MAX_LABELS) {
      throw new UnprocessableEntityException(
        `selection holds ${summary.count} labels, more than EXPORT_RELEASE_MAX_LABELS (${this.config.EXPORT_RELEASE_MAX_LABELS}); narrow it`,
      );
    }
    const mixed = mixedOntologyVersions(selection, summary.ontologyVersions);
    if (mixed) {
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        message: `the selection mixes ontology versions ${mixed.join(', ')}; choose one (selection.ontologyVersions) or set allowMixedOntologyVersions`,
        ontologyVersions: mixed,
      });
    }
    const reserved = await this.releases.reserveLabels(tx, projectId, releaseId, selection);
    if (reserved !== summary.count) throw new Error(`release ${releaseId}: counted ${summary.count} labels, reserved ${reserved}`);
    lap('reserve');
    return reserved;
  }

  private async write(
    cmd: CreateReleaseCommand,
    selection: NormalizedSelection,
    now: Date,
    parent: string | undefined,
    releaseId: string,
    reserved: number,
    lap: (phase: string) => void,
  ) {
    const createdAt = now.toISOString();
    const name = cmd.body.name ?? `${cmd.projectId}-${createdAt.slice(0, 10)}-${releaseId.slice(-12)}`;
    const prefix = releasePrefix(this.config.EXPORT_RELEASE_PREFIX, cmd.projectId, releaseId);

    // Data files first (streamed: rows → JSONL + Parquet → multipart uploads), then the dataset card, manifest last.
    const data = await this.writeData(releaseId, reserved, selection, prefix);
    lap('data');
    const card = releaseDatasetCard(prefix, data, { releaseId, name, projectId: cmd.projectId, createdAt }, releaseFormats(selection.include_raw === true));
    await this.store.putOnce(card.file.key, card.bytes, card.file.media_type);
    const written = releaseManifest(prefix, { ...data, files: [...data.files, card.file] }, {
      releaseId,
      name,
      projectId: cmd.projectId,
      createdAt,
      trigger: cmd.trigger ?? 'api',
      requestedBy: cmd.requestedBy,
      parentReleaseId: parent ?? null,
      selection,
      labelSchemaVersion: TOPICS.labels.schemaVersion,
      parquetRowGroups: recordedRowGroups(ROW_GROUPS),
      parquetLayout: recordedLayout(releaseFormats(selection.include_raw === true).parquet),
    });
    await this.store.putOnce(written.file.key, written.bytes, written.file.media_type);
    lap('manifest');

    const location = `s3://${this.store.bucket}/${prefix}`;
    const event = this.releaseEvent(cmd, data, written, { releaseId, name, location, selection, parent, now });
    const record: ReleaseRecord = {
      releaseId,
      projectId: cmd.projectId,
      name,
      location,
      selection,
      parentReleaseId: parent ?? null,
      trigger: cmd.trigger ?? 'api',
      requestedBy: cmd.requestedBy,
      labelCount: data.tally.count,
      ontologyVersions: written.manifest.ontology_versions,
      manifestKey: written.file.key,
      manifestSha256: written.file.sha256,
      manifestSize: written.file.size,
      manifest: written.manifest,
      releaseEventId: event.envelope!.eventId,
      createdAt,
    };
    await this.ds.transaction(async (tx) => {
      await this.releases.insert(tx, cmd.projectId, record, [...data.files, card.file, written.file], reserved);
      await this.runtime.outbox.enqueue(tx, TOPICS.releases, event);
    });
    lap('record');
    const result = {
      releaseId,
      location,
      manifest: { key: written.file.key, sha256: written.file.sha256, size: written.file.size },
      ...written.manifest,
    };
    return result;
  }

  /**
   * Streams the selected rows into labels.jsonl, labels.parquet, labels.csv and the Hugging Face
   * copy of the Parquet (data/train-00000-of-00001.parquet), each a write-once multipart upload.
   */
  private async writeData(releaseId: string, count: number, selection: NormalizedSelection, prefix: string): Promise<WrittenData> {
    const keys = dataFileKeys(prefix);
    const uploads: { stream: PassThrough; done: Promise<ObjectRef> }[] = [];
    try {
      uploads.push(await this.store.openOnce(keys.jsonl, MEDIA_TYPES.jsonl));
      uploads.push(await this.store.openOnce(keys.parquet, MEDIA_TYPES.parquet));
      uploads.push(await this.store.openOnce(keys.csv, MEDIA_TYPES.csv));
      uploads.push(await this.store.openOnce(keys.hfParquet, MEDIA_TYPES.parquet));
      const [jsonl, parquet, csv, hfParquet] = uploads;
      const selected = this.releases.labelPages(this.ds, releaseId, count, PAGE_ROWS);
      const pages = selection.include_raw ? withRawReferences(this.ds, this.items, selected) : selected;
      const targets = { jsonl: jsonl.stream, parquet: parquet.stream, csv: csv.stream, hfParquet: hfParquet.stream };
      const data = await writeReleaseData(prefix, pages, ROW_GROUPS, targets, releaseFormats(selection.include_raw === true));
      const refs = await Promise.all(uploads.map((u) => u.done));
      refs.forEach((ref, i) => ReleaseStore.expect(ref, data.files[i]));
      return data;
    } catch (err) {
      for (const u of uploads) u.stream.destroy(err as Error);
      await Promise.allSettled(uploads.map((u) => u.done));
      throw err;
    }
  }

  /** Checked here as well as at the gateway: export serves other callers too. */
  private async checkRawAccess(cmd: CreateReleaseCommand): Promise<void> {
    const granted = await this.rawAccess.roles(this.ds, cmd.projectId);
    if (!granted.some((r) => (cmd.requesterRoles ?? []).includes(r))) {
      throw new ForbiddenException(
        `includeRaw: project ${cmd.projectId} grants raw access to ${granted.length ? `the roles ${granted.join(', ')}` : 'no role'}, and you hold none of them`,
      );
    }
  }

  private releaseEvent(
    cmd: CreateReleaseCommand,
    data: WrittenData,
    written: ManifestOut,
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
      manifest: ref(written.file),
      files: data.files.map((f) => ({ object: ref(f), format: FORMAT[f.format], recordCount: BigInt(f.record_count) })),
      labelCount: BigInt(data.tally.count),
      classCounts: written.manifest.class_counts.map((c) => ({ questionId: c.question_id, label: c.label, count: BigInt(c.count) })),
      ontologyVersions: written.manifest.ontology_versions,
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
