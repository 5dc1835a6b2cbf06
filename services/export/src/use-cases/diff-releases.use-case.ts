import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DATA_SOURCE } from '@verity/service-runtime';
import { DataSource } from 'typeorm';
import { changeOf, DiffChange, DiffQuery, encodeDiffCursor, ReleaseDiff } from '../domain/release.diff';
import { ReleaseDiffRepository } from '../db/release-diff.repository';
import { ReleasesRepository } from '../db/releases.repository';

/**
 * What changed from one release of a project to another, per (item, question): added (only in
 * `to`), changed (another label version), removed (only in `from`); the counts cover the whole
 * diff (unchanged too), the entries one keyset page of the changes in release order.
 */
@Injectable()
export class DiffReleasesUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly releases: ReleasesRepository,
    private readonly diffs: ReleaseDiffRepository,
  ) {}

  async execute(projectId: string, fromId: string, toId: string, q: DiffQuery): Promise<ReleaseDiff> {
    const [from, to] = await Promise.all([this.releases.find(this.ds, projectId, fromId), this.releases.find(this.ds, projectId, toId)]);
    for (const [id, r] of [[fromId, from], [toId, to]] as const) {
      if (!r) throw new NotFoundException(`release ${id} not found in project ${projectId}`);
    }
    const counts = await this.diffs.ensure(this.ds, projectId, from!, to!);
    // One more than asked: whether a next page exists, without a count query.
    const rows = await this.diffs.page(this.ds, projectId, fromId, toId, q.after, q.limit + 1);
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      from: fromId,
      to: toId,
      ...counts,
      entries: page.map((r) => ({
        itemId: r.itemId,
        questionId: r.questionId,
        change: changeOf(r.before?.labelVersion ?? null, r.after?.labelVersion ?? null) as DiffChange,
        before: r.before,
        after: r.after,
      })),
      nextCursor: rows.length > q.limit && last ? encodeDiffCursor(last) : null,
    };
  }
}
