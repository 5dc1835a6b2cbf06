import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DATA_SOURCE } from '@verity/service-runtime';
import { DataSource } from 'typeorm';
import { EXPORT_CONFIG, ExportConfig } from '../export.settings';
import { LEGACY_ROW_GROUPS } from '../adapters/parquet/parquet-file.writer';
import { formatsOf, releaseDatasetCard, releaseManifest, releasePrefix, rowGroupsOf, writeReleaseData } from '../adapters/release-files.writer';
import type { ManifestFile } from '../domain/release-manifest.writer';
import { ItemContentsRepository } from '../db/item-contents.repository';
import { withRawReferences } from '../domain/raw-references.rule';
import { ReleasesRepository } from '../db/releases.repository';

/**
 * Regenerates a release's files from the label versions recorded for it (never from the
 * current labels) and compares them with what was written. Nothing is written: release keys
 * are never overwritten. `identical` must always be true; false means a bug or tampering.
 */
/** Rows read per page while regenerating. */
const PAGE_ROWS = 2000;

@Injectable()
export class ReexportReleaseUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly releases: ReleasesRepository,
    private readonly items: ItemContentsRepository,
    @Inject(EXPORT_CONFIG) private readonly config: Pick<ExportConfig, 'EXPORT_RELEASE_PREFIX'>,
  ) {}

  /** The regenerated files' keys, sha256 and sizes (the bytes are hashed as they are made, never kept). */
  async regenerate(projectId: string, releaseId: string): Promise<ManifestFile[]> {
    const r = await this.releases.find(this.ds, projectId, releaseId);
    if (!r) throw new NotFoundException(`release ${releaseId} not found in project ${projectId}`);
    const prefix = releasePrefix(this.config.EXPORT_RELEASE_PREFIX, projectId, releaseId);
    const limits = rowGroupsOf(r.manifest, LEGACY_ROW_GROUPS);
    const formats = formatsOf({ ...r.manifest, selection: r.selection });
    // Pages of the recorded rows, each its own short statement: a release's rows never change.
    const recorded = this.releases.recordedPages(this.ds, projectId, releaseId, PAGE_ROWS);
    const pages = r.selection.include_raw ? withRawReferences(this.ds, this.items, recorded) : recorded;
    const data = await writeReleaseData(prefix, pages, limits, {}, formats);
    const meta = { releaseId: r.releaseId, name: r.name, projectId: r.projectId, createdAt: r.createdAt };
    const files = formats.huggingFace ? [...data.files, releaseDatasetCard(prefix, data, meta, formats).file] : data.files;
    const written = releaseManifest(prefix, { ...data, files }, {
      releaseId: r.releaseId,
      name: r.name,
      projectId: r.projectId,
      createdAt: r.createdAt,
      trigger: r.trigger,
      requestedBy: r.requestedBy,
      parentReleaseId: r.parentReleaseId,
      selection: r.selection,
      labelSchemaVersion: r.manifest.label_schema_version,
      parquetRowGroups: r.manifest.parquet_row_groups,
      parquetLayout: r.manifest.parquet_layout,
    });
    return [...files, written.file];
  }

  async execute(projectId: string, releaseId: string) {
    const regenerated = await this.regenerate(projectId, releaseId);
    const recorded = new Map((await this.releases.files(this.ds, projectId, releaseId)).map((f) => [f.key, f]));
    const files = regenerated.map((f) => {
      const was = recorded.get(f.key);
      return {
        key: f.key,
        recordedSha256: was?.sha256 ?? null,
        regeneratedSha256: f.sha256,
        size: f.size,
        identical: was !== undefined && was.sha256 === f.sha256 && was.size === f.size,
      };
    });
    return { releaseId, projectId, identical: files.length === recorded.size && files.every((f) => f.identical), files };
  }
}
