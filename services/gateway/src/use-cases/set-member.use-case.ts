import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@verity/auth';
import { ProjectChange } from '@verity/contracts';
import { DATA_SOURCE } from '@verity/service-runtime';
import { UsersRepository } from '../db/users.repository';
import { Member } from '../domain/project.model';
import { MANAGE, ProjectAccess } from './project-access.service';
import { MemberInput } from '../http/project.schemas';
import { ProjectSnapshots } from '../events/project-snapshots.publisher';
import { MembersRepository } from '../db/members.repository';
import { ProjectsRepository } from '../db/projects.repository';

/** The project manager adds a person to the project or changes their roles, skills, languages, active flag. */
@Injectable()
export class SetMemberUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: ProjectAccess,
    private readonly projects: ProjectsRepository,
    private readonly members: MembersRepository,
    private readonly users: UsersRepository,
    private readonly snapshots: ProjectSnapshots,
  ) {}

  async execute(caller: Principal, projectId: string, userId: string, input: MemberInput): Promise<Member> {
    await this.access.require(caller, projectId, MANAGE);
    if (!(await this.users.byId(userId))) throw new NotFoundException('user not found');
    const member = await this.ds.transaction(async (tx) => {
      await this.projects.lock(tx, projectId);
      const m = await this.members.upsert(tx, projectId, userId, input);
      await this.snapshots.announce(tx, projectId, ProjectChange.MEMBERS_CHANGED);
      return m;
    });
    this.snapshots.kick();
    return member;
  }
}
