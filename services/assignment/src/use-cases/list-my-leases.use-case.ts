import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATA_SOURCE, type Principal } from '@verity/service-runtime';
import { AnnotatorAccessService } from './annotator-access.service';
import { LeaseRepository } from '../db/lease.repository';
import { toTaskView, type TaskView } from '../domain/task-view.mapper';

/** GET /v1/projects/:projectId/tasks/mine: the caller's live leases in the project. */
@Injectable()
export class ListMyLeasesUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: AnnotatorAccessService,
    private readonly leases: LeaseRepository,
  ) {}

  async execute(principal: Principal, projectId: string): Promise<TaskView[]> {
    await this.access.require(this.ds, principal, projectId, { forNewWork: false });
    return (await this.leases.liveViews(this.ds, projectId, principal.id)).map(toTaskView);
  }
}
