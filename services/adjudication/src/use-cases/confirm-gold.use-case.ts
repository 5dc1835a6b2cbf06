import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TOPICS } from '@verity/contracts';
import { DATA_SOURCE, EventRuntime, type Principal } from '@verity/service-runtime';
import { goldDecision } from '../events/decision-event.factory';
import { goldConfirmation } from '../domain/request-state.rule';
import { VerdictRepository } from '../db/verdict.repository';
import { refused } from '../http/http.errors';
import { decisionFromJson, requestFromJson } from '../domain/proto-json.mapper';
import { ExpertAccessService } from './expert-access.service';

/**
 * POST /v1/projects/:projectId/gold/:requestId/confirm: a project manager confirms a gold
 * candidate. A second DecisionEvent, identical to the verdict's but gold = true (new decision
 * id, aggregation parameters naming who confirmed it and the decision it supersedes); export
 * makes it a new label version of the same (item, question).
 */
@Injectable()
export class ConfirmGoldUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly runtime: EventRuntime,
    private readonly access: ExpertAccessService,
    private readonly verdicts: VerdictRepository,
  ) {}

  async execute(principal: Principal, projectId: string, requestId: string) {
    const result = await this.ds.transaction(async (tx) => {
      const { request, caps } = await this.access.forRequest(tx, principal, requestId, { forUpdate: true });
      if (request.projectId !== projectId) throw new NotFoundException('adjudication request not found');
      const verdict = await this.verdicts.find(tx, projectId, requestId, { forUpdate: true });
      const ok = goldConfirmation(request.state, verdict, caps);
      if (!ok.ok) throw refused(ok);
      const now = new Date();
      const event = goldDecision(decisionFromJson(verdict!.decision), requestFromJson(request.event), principal.id, now);
      await this.verdicts.confirmGold(tx, projectId, requestId, principal.id, event.decisionId, now);
      await this.runtime.outbox.enqueue(tx, TOPICS.decisions, event);
      return { requestId, decisionId: event.decisionId, supersedesDecisionId: verdict!.decisionId, gold: true, confirmedBy: principal.id };
    });
    this.runtime.relay.kick();
    return result;
  }
}
