import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from '@verity/config';
import { DATA_SOURCE, validate, type Principal } from '@verity/service-runtime';
import { ADJUDICATION_CONFIG, type AdjudicationConfig } from '../adjudication.settings';
import { ItemContentsRepository } from '../db/item-contents.repository';
import { ProjectCopyRepository } from '../db/project-copy.repository';
import { RequestRepository } from '../db/request.repository';
import { ExpertAccessService } from './expert-access.service';
import { requestView } from '../domain/request-view.mapper';

const querySchema = z.object({ queue: z.enum(['open', 'escalated']).optional() });

/**
 * POST /v1/projects/:projectId/adjudications/next: claims the next request for the caller (a
 * lease of ADJUDICATION_LEASE_SECONDS; expiry returns it to the queue) and returns all there is
 * to decide it. Quality analysts draw from `open`, project managers from `escalated` (a member
 * with both roles, or an admin, chooses with ?queue=, default open). null: nothing to claim.
 */
@Injectable()
export class ClaimNextUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: ExpertAccessService,
    private readonly requests: RequestRepository,
    private readonly projects: ProjectCopyRepository,
    private readonly items: ItemContentsRepository,
    @Inject(ADJUDICATION_CONFIG) private readonly config: AdjudicationConfig,
  ) {}

  async execute(principal: Principal, projectId: string, query: unknown) {
    const q = validate(querySchema, query ?? {}, 'query');
    return this.ds.transaction(async (tx) => {
      const { caps } = await this.access.forProject(tx, principal, projectId);
      const queue = q.queue ?? (caps.expert ? 'open' : 'escalated');
      if (queue === 'open' && !caps.expert) throw new ForbiddenException('open requests are decided by quality analysts');
      if (queue === 'escalated' && !caps.manager) throw new ForbiddenException('escalated requests are decided by project managers');
      const row = await this.requests.claimNext(tx, projectId, queue, principal.id, this.config.ADJUDICATION_LEASE_SECONDS);
      if (!row) return null;
      const ontology = await this.projects.findOntology(tx, projectId, row.ontologyVersion);
      const item = await this.items.find(tx, row.itemId);
      return requestView(row, ontology, null, new Date(), item);
    });
  }
}
