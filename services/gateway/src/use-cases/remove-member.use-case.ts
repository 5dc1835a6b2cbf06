import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@verity/auth';
import { ProjectChange } from '@verity/contracts';
import { DATA_SOURCE } from '@verity/service-runtime';
import { MANAGE, ProjectAccess } from './project-access.service';
import { ProjectSnapshots } from '../events/project-snapshots.publisher';
import { MembersRepository } from '../db/members.repository';
import { ProjectsRepository } from '../db/projects.repository';

/** The project manager removes a person from the project (to keep their history visible, deactivate instead). */
@Injectable()
export class RemoveMemberUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: ProjectAccess,
    private readonly projects: ProjectsRepository,
    private readonly members: MembersRepository,
    private readonly snapshots: ProjectSnapshots,
  ) {}

  async execute(caller: Principal, projectId: string, userId: string): Promise<void> {
    await this.access.require(caller, projectId, MANAGE);
    if (caller.id === userId && !caller.roles.includes('admin')) throw new BadRequestException('a project manager cannot remove themselves');
    await this.ds.transaction(async (tx) => {
      await this.projects.lock(tx, projectId);
      if (!(await this.members.remove(tx, projectId, userId))) throw new NotFoundException('member not found');
      await this.snapshots.announce(tx, projectId, ProjectChange.MEMBERS_CHANGED);
    });
    this.snapshots.kick();
  }
}
