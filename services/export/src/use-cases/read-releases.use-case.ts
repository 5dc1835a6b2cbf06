import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DATA_SOURCE } from '@verity/service-runtime';
import { DataSource } from 'typeorm';
import { ReleaseErasuresRepository } from '../db/release-erasures.repository';
import { ReleaseRecord, ReleasesRepository } from '../db/releases.repository';

const summary = (r: ReleaseRecord, erasedItemCount: number) => ({
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
  // Items erased after the release was made: the release is immutable, so it is marked instead.
  erasedItemCount,
});

/** Lists a project's releases, newest first; reads one release's manifest. */
@Injectable()
export class ReadReleasesUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly releases: ReleasesRepository,
    private readonly erasures: ReleaseErasuresRepository,
  ) {}

  async list(projectId: string, limit: number) {
    const list = await this.releases.list(this.ds, projectId, limit);
    const erased = await this.erasures.counts(this.ds, projectId, list.map((r) => r.releaseId));
    return { releases: list.map((r) => summary(r, erased.get(r.releaseId) ?? 0)) };
  }

  async get(projectId: string, releaseId: string) {
    const r = await this.releases.find(this.ds, projectId, releaseId);
    if (!r) throw new NotFoundException(`release ${releaseId} not found in project ${projectId}`);
    const erasedItems = await this.erasures.list(this.ds, projectId, r.releaseId);
    return { ...summary(r, erasedItems.length), erasedItems: erasedItems.map((e) => ({ ...e, erasedAt: e.erasedAt.toISOString() })), manifestContent: r.manifest };
  }
}
