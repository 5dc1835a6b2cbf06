import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATA_SOURCE, type Principal } from '@verity/service-runtime';
import { AnnotatorStatsRepository } from '../db/annotator-stats.repository';
import { ProjectCopyRepository } from '../db/project-copy.repository';
import { canSeeOwnWork, type MyWork, type MyWorkCursor, myWorkAccuracy, myWorkPage } from '../domain/my-work.view';
import { MyWorkRepository } from '../db/my-work.repository';

/**
 * GET /v1/projects/:projectId/my-work: the caller's own answers in the project, newest first,
 * each with its task's final label once decided; and, when the project's policy shows it, the
 * caller's accuracy on checks (gold and honeypots, 95 % Wilson intervals). Membership comes from
 * the project copy (projects.v1): an unknown project, a non-member, an inactive member or a
 * member without the annotator role gets 404.
 */
@Injectable()
export class GetMyWorkUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly projects: ProjectCopyRepository,
    private readonly stats: AnnotatorStatsRepository,
    private readonly work: MyWorkRepository,
  ) {}

  async execute(principal: Principal, projectId: string, q: { limit: number; after?: MyWorkCursor }): Promise<MyWork> {
    const project = await this.projects.get(this.ds, projectId);
    const member = project ? await this.projects.member(this.ds, projectId, principal.id) : null;
    if (!canSeeOwnWork(principal, project, member)) throw new NotFoundException('project not found');
    const rows = await this.work.page(this.ds, projectId, principal.id, q.after, q.limit + 1);
    const accuracy = project!.showAnnotatorAccuracy ? myWorkAccuracy((await this.stats.get(this.ds, projectId, [principal.id])).get(principal.id)) : null;
    return myWorkPage(rows, q.limit, accuracy);
  }
}
