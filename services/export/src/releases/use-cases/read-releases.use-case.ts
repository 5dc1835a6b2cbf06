import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DATA_SOURCE } from '@verity/service-runtime';
import { DataSource } from 'typeorm';
import { ReleaseRecord, ReleasesRepository } from '../releases.repository';

const summary = (r: ReleaseRecord) => ({
  releaseId: r.releaseId,
  name: r.name,
  projectId: r.projectId,
  createdAt: r.createdAt,
  location: r.location,
  labelCount: r.labelCount,
  ontologyVersions: r.ontologyVersions,
  selection: r.selection,
  parentReleaseId: r.parentReleaseId,
  trigger: r.trigger,
  requestedBy: r.requestedBy,
  manifest: { key: r.manifestKey, sha256: r.manifestSha256, size: r.manifestSize },
});

/** Lists a project's releases, newest first; reads one release's manifest. */
@Injectable()
export class ReadReleasesUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly releases: ReleasesRepository,
  ) {}

  async list(projectId: string, limit: number) {
    return { releases: (await this.releases.list(this.ds, projectId, limit)).map(summary) };
  }

  async get(projectId: string, releaseId: string) {
    const r = await this.releases.find(this.ds, projectId, releaseId);
    if (!r) throw new NotFoundException(`release ${releaseId} not found in project ${projectId}`);
    return { ...summary(r), manifestContent: r.manifest };
  }
}
