import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from '@verity/config';
import { DATA_SOURCE, validate, type Principal } from '@verity/service-runtime';
import { ADJUDICATION_CONFIG, type AdjudicationConfig } from '../adjudication.settings';
import { RequestRepository } from '../db/request.repository';
import { ExpertAccessService } from './expert-access.service';
import { queueEntryView } from '../domain/request-view.mapper';

const querySchema = z.object({ state: z.enum(['open', 'escalated', 'decided']).default('open') });

/** GET /v1/projects/:projectId/adjudications?state=…: a queue in queue order (escalated: managers only). */
@Injectable()
export class ListQueueUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: ExpertAccessService,
    private readonly requests: RequestRepository,
    @Inject(ADJUDICATION_CONFIG) private readonly config: AdjudicationConfig,
  ) {}

  async execute(principal: Principal, projectId: string, query: unknown) {
    const { state } = validate(querySchema, query ?? {}, 'query');
    const { caps } = await this.access.forProject(this.ds, principal, projectId);
    if (state === 'escalated' && !caps.manager) throw new ForbiddenException('escalated requests are visible to project managers only');
    const rows = await this.requests.list(this.ds, projectId, state, this.config.ADJUDICATION_QUEUE_LIMIT);
    const now = new Date();
    return { projectId, state, requests: rows.map((r) => queueEntryView(r, now)) };
  }
}
