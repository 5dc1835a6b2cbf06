import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@verity/auth';
import { ProjectChange } from '@verity/contracts';
import { DATA_SOURCE } from '@verity/service-runtime';
import { Project } from '../domain/project.model';
import { MANAGE, ProjectAccess } from './project-access.service';
import { applyPolicyPatch } from '../http/project-policy.schema';
import { UpdateProjectInput } from '../http/project.schemas';
import { ProjectSnapshots } from '../events/project-snapshots.publisher';
import { ProjectsRepository } from '../db/projects.repository';

/** The project manager changes name, description, content types, filter or policy (policy merges). */
@Injectable()
export class UpdateProjectUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: ProjectAccess,
    private readonly projects: ProjectsRepository,
    private readonly snapshots: ProjectSnapshots,
  ) {}

  async execute(caller: Principal, projectId: string, input: UpdateProjectInput): Promise<Project> {
    await this.access.require(caller, projectId, MANAGE);
    const project = await this.ds.transaction(async (tx) => {
      const current = (await this.projects.lock(tx, projectId))!;
      if (current.archived) throw new ConflictException('the project is archived');
      await this.projects.update(tx, projectId, {
        name: input.name ?? current.name,
        description: input.description ?? current.description,
        contentTypes: input.contentTypes ?? current.contentTypes,
        filter: input.filter ?? current.filter,
        policy: applyPolicyPatch(current.policy, input.policy),
        archived: current.archived,
      });
      return this.snapshots.announce(tx, projectId, ProjectChange.UPDATED);
    });
    this.snapshots.kick();
    return project;
  }
}
