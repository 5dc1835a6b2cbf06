import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATA_SOURCE, validate, type Principal } from '@verity/service-runtime';
import { transition } from '../domain/request-state.rule';
import { escalateBodySchema } from '../domain/verdict.validator';
import { RequestRepository } from '../db/request.repository';
import { refused } from '../http/http.errors';
import { ExpertAccessService } from './expert-access.service';

/**
 * POST /v1/adjudications/:requestId/escalate {note}: an expert who cannot settle an open request
 * hands it to the project managers (state escalated; the claim is released).
 */
@Injectable()
export class EscalateUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly access: ExpertAccessService,
    private readonly requests: RequestRepository,
  ) {}

  async execute(principal: Principal, requestId: string, body: unknown) {
    return this.ds.transaction(async (tx) => {
      const { request, caps } = await this.access.forRequest(tx, principal, requestId, { forUpdate: true });
      const t = transition(request, 'escalate', { userId: principal.id, caps }, new Date());
      if (!t.ok) throw refused(t);
      const { note } = validate(escalateBodySchema, body ?? {});
      await this.requests.markEscalated(tx, request.projectId, requestId, principal.id, note);
      return { requestId, state: t.next, escalatedBy: principal.id, note };
    });
  }
}
