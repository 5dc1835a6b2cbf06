import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATA_SOURCE, type Principal } from '@verity/service-runtime';
import { ItemContentsRepository } from '../db/item-contents.repository';
import { ProjectCopyRepository } from '../db/project-copy.repository';
import { VerdictRepository } from '../db/verdict.repository';
import { ExpertAccessService } from './expert-access.service';
import { requestView } from '../domain/request-view.mapper';

/** GET /v1/adjudications/:requestId: one request in full (escalated ones: managers only). */
@Injectable()
export class GetRequestUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: ExpertAccessService,
    private readonly projects: ProjectCopyRepository,
    private readonly items: ItemContentsRepository,
    private readonly verdicts: VerdictRepository,
  ) {}

  async execute(principal: Principal, requestId: string) {
    const { request } = await this.access.forViewing(this.ds, principal, requestId);
    const ontology = await this.projects.findOntology(this.ds, request.projectId, request.ontologyVersion);
    const verdict = await this.verdicts.find(this.ds, request.projectId, requestId);
    const item = await this.items.find(this.ds, request.itemId);
    return requestView(request, ontology, verdict, new Date(), item);
  }
}
