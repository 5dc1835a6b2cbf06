import { Injectable } from '@nestjs/common';
import type { Principal } from '@verity/auth';
import { Member } from '../domain/project.model';
import { ProjectAccess } from './project-access.service';
import { MembersRepository } from '../db/members.repository';

/** A member (or admin) lists the project's members. */
@Injectable()
export class ListMembersUseCase {
  constructor(
    private readonly access: ProjectAccess,
    private readonly members: MembersRepository,
  ) {}

  async execute(caller: Principal, projectId: string): Promise<Member[]> {
    await this.access.require(caller, projectId, 'read');
    return this.members.list(projectId);
  }
}
