import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DATA_SOURCE } from '@verity/service-runtime';
import { DataSource } from 'typeorm';
import { EXPORT_CONFIG, ExportConfig } from '../../export.settings';
import { buildReleaseFiles, BuiltFile, releasePrefix } from '../release-files.builder';
import { ReleasesRepository } from '../releases.repository';

/**
 * Regenerates a release's files from the label versions recorded for it (never from the
 * current labels) and compares them with what was written. Nothing is written: release keys
 * are never overwritten. `identical` must always be true; false means a bug or tampering.
 */
@Injectable()
export class ReexportReleaseUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly releases: ReleasesRepository,
    @Inject(EXPORT_CONFIG) private readonly config: Pick<ExportConfig, 'EXPORT_RELEASE_PREFIX'>,
  ) {}

  /** The regenerated files (bytes included), for callers that compare or re-publish them. */
  async regenerate(projectId: string, releaseId: string): Promise<BuiltFile[]> {
    const r = await this.releases.find(this.ds, projectId, releaseId);
    if (!r) throw new NotFoundException(`release ${releaseId} not found in project ${projectId}`);
    const rows = await this.releases.releaseRows(this.ds, projectId, releaseId);
    const prefix = releasePrefix(this.config.EXPORT_RELEASE_PREFIX, projectId, releaseId);
    const built = await buildReleaseFiles(prefix, rows, {
      releaseId: r.releaseId,
      name: r.name,
      projectId: r.projectId,
      createdAt: r.createdAt,
      trigger: r.trigger,
      requestedBy: r.requestedBy,
      parentReleaseId: r.parentReleaseId,
      selection: r.selection,
      labelSchemaVersion: r.manifest.label_schema_version,
    });
    return [...built.data, built.manifestFile];
  }

  async execute(projectId: string, releaseId: string) {
    const regenerated = await this.regenerate(projectId, releaseId);
    const recorded = new Map((await this.releases.files(this.ds, releaseId)).map((f) => [f.key, f]));
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
