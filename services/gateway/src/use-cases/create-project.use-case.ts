import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@verity/auth';
import { ProjectChange, uuidv7 } from '@verity/contracts';
import { DATA_SOURCE } from '@verity/service-runtime';
import { Project } from '../domain/project.model';
import { applyPolicyPatch, DEFAULT_POLICY } from '../http/project-policy.schema';
import { CreateProjectInput } from '../http/project.schemas';
import { ProjectSnapshots } from '../events/project-snapshots.publisher';
import { MembersRepository } from '../db/members.repository';
import { ProjectsRepository } from '../db/projects.repository';

/** An admin or project manager creates a project and becomes its project manager. */
@Injectable()
export class CreateProjectUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly projects: ProjectsRepository,
    private readonly members: MembersRepository,
    private readonly snapshots: ProjectSnapshots,
  ) {}

  async execute(caller: Principal, input: CreateProjectInput): Promise<Project> {
    const id = uuidv7();
    const project = await this.ds.transaction(async (tx) => {
      await this.projects.insert(tx, id, {
        name: input.name,
        description: input.description,
        contentTypes: input.contentTypes,
        filter: input.filter,
        policy: applyPolicyPatch(DEFAULT_POLICY, input.policy),
        createdBy: caller.id,
      });
      await this.members.upsert(tx, id, caller.id, { roles: ['project_manager'], skills: [], languages: [], active: true });
      return this.snapshots.announce(tx, id, ProjectChange.CREATED);
    });
    this.snapshots.kick();
    return project;
  }
}
