import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ProjectChange, TOPICS } from '@verity/contracts';
import { EventRuntime } from '@verity/service-runtime';
import { OntologiesRepository } from '../db/ontologies.repository';
import { toMigrationsProto, toOntologyProto } from './ontology-proto.mapper';
import { MigrationEntry, RelabelPolicyName } from '../http/ontology.schemas';
import { Project } from '../domain/project.model';
import { toProjectEvent } from './project-event.mapper';
import { MembersRepository } from '../db/members.repository';
import { ProjectsRepository } from '../db/projects.repository';

/**
 * Announces a project change on projects.v1: inside the caller's transaction (after its state
 * change, with the project row locked) it bumps the revision and enqueues the complete snapshot
 * in the outbox. Call `kick()` after the commit so the relay publishes without waiting.
 */
@Injectable()
export class ProjectSnapshots {
  constructor(
    private readonly projects: ProjectsRepository,
    private readonly members: MembersRepository,
    private readonly ontologies: OntologiesRepository,
    private readonly events: EventRuntime,
  ) {}

  async announce(
    tx: EntityManager,
    projectId: string,
    change: ProjectChange,
    published?: { version: number; previous?: number; relabelPolicy: RelabelPolicyName; migrations?: MigrationEntry[] },
  ): Promise<Project> {
    const project = await this.projects.bumpRevision(tx, projectId);
    const members = await this.members.list(projectId, tx);
    const current = project.currentOntologyVersion ? await this.ontologies.get(projectId, project.currentOntologyVersion, tx) : undefined;
    const event = toProjectEvent({
      project,
      members,
      ontology: current && toOntologyProto(current),
      migrations: toMigrationsProto(current?.migrations ?? []),
      change,
      published: published && { ...published, migrations: toMigrationsProto(published.migrations ?? []) },
    });
    await this.events.outbox.enqueue(tx, TOPICS.projects, event);
    return project;
  }

  kick(): void {
    this.events.relay.kick();
  }
}
