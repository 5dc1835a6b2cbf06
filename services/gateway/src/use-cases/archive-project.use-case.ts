import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@verity/auth';
import { ProjectChange } from '@verity/contracts';
import { DATA_SOURCE } from '@verity/service-runtime';
import { Project } from '../domain/project.model';
import { MANAGE, ProjectAccess } from './project-access.service';
import { ProjectSnapshots } from '../events/project-snapshots.publisher';
import { ProjectsRepository } from '../db/projects.repository';

/** The project manager archives a project: it takes no new content. Archiving twice is a no-op. */
@Injectable()
export class ArchiveProjectUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: ProjectAccess,
    private readonly projects: ProjectsRepository,
    private readonly snapshots: ProjectSnapshots,
  ) {}

  async execute(caller: Principal, projectId: string): Promise<Project> {
    await this.access.require(caller, projectId, MANAGE);
    const project = await this.ds.transaction(async (tx) => {
      const current = (await this.projects.lock(tx, projectId))!;
      if (current.archived) return current;
      await this.projects.update(tx, projectId, { ...current, archived: true });
      return this.snapshots.announce(tx, projectId, ProjectChange.ARCHIVED);
    });
    this.snapshots.kick();
    return project;
  }
}
