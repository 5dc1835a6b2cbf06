import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AnswerSource, TOPICS } from '@verity/contracts';
import { badRequest, DATA_SOURCE, EventRuntime, type Principal, validate, WeakLabelsRepository } from '@verity/service-runtime';
import { continueStoredTrace } from '@verity/telemetry';
import { ExpertFeedbackService } from './expert-feedback.service';
import { verdictDecision } from '../events/decision-event.factory';
import { transition } from '../domain/request-state.rule';
import { checkVerdict, verdictBodySchema } from '../domain/verdict.validator';
import { ProjectCopyRepository } from '../db/project-copy.repository';
import { RequestRepository } from '../db/request.repository';
import { VerdictRepository } from '../db/verdict.repository';
import { refused } from '../http/http.errors';
import { answerToJson, decisionToJson, requestFromJson } from '../domain/proto-json.mapper';
import { ExpertAccessService } from './expert-access.service';
import { resolveQuestion } from '../domain/request-view.mapper';

/**
 * POST /v1/adjudications/:requestId/verdict: validates the verdict against the question of the
 * request's ontology version, records it, and in the same transaction enqueues the
 * DecisionEvent (decisions.v1) and one AnnotatorEvent per judged answer (annotators.v1).
 * Open requests take an expert's verdict, escalated ones a project manager's.
 */
@Injectable()
export class GiveVerdictUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly runtime: EventRuntime,
    private readonly access: ExpertAccessService,
    private readonly requests: RequestRepository,
    private readonly verdicts: VerdictRepository,
    private readonly projects: ProjectCopyRepository,
    private readonly feedback: ExpertFeedbackService,
    private readonly weakLabels: WeakLabelsRepository,
  ) {}

  async execute(principal: Principal, requestId: string, body: unknown) {
    const result = await this.ds.transaction(async (tx) => {
      const { request, caps } = await this.access.forRequest(tx, principal, requestId, { forUpdate: true });
      const now = new Date();
      const t = transition(request, 'verdict', { userId: principal.id, caps }, now);
      if (!t.ok) throw refused(t);
      const input = validate(verdictBodySchema, body ?? {});
      const ev = requestFromJson(request.event);
      const ontology = await this.projects.findOntology(tx, request.projectId, request.ontologyVersion);
      const question = resolveQuestion(ev, ontology);
      if (!question) {
        throw new ConflictException(
          `question ${request.questionId} of ontology version ${request.ontologyVersion} is not known here yet: the verdict cannot be validated`,
        );
      }
      const humans = ev.answers.filter((a) => a.source !== AnswerSource.MACHINE);
      const check = checkVerdict(input, question, humans.map((a) => a.answer));
      if (!check.ok) throw badRequest(check.errors);
      const v = check.verdict;
      const decision = verdictDecision({
        request: ev,
        question,
        verdict: v,
        adjudicatorId: principal.id,
        tier: t.tier,
        decidedAt: now,
        claimedAt: request.claimedBy === principal.id ? request.claimedAt : null,
        escalation: request.escalatedBy ? { by: request.escalatedBy, note: request.escalationNote ?? '' } : null,
        weakLabels: await this.weakLabels.forDecision(tx, request.projectId, ev.itemId, ev.questionId),
      });
      await this.verdicts.insert(tx, request.projectId, {
        requestId,
        decisionId: decision.decisionId,
        adjudicatorId: principal.id,
        tier: t.tier,
        label: v.optionIds.join(','),
        answer: answerToJson(decision.answer!),
        confidence: v.confidence,
        note: v.note,
        goldCandidate: v.goldCandidate,
        overrodeMajority: v.overrode !== null,
        decidedAt: now,
        decision: decisionToJson(decision),
      });
      await this.requests.markDecided(tx, request.projectId, requestId, now);
      // The verdict continues the item's trace (the request event's), linked to the HTTP request's.
      const observations = await continueStoredTrace('give verdict', ev.envelope?.traceparent, { 'verity.request_id': requestId }, async () => {
        await this.runtime.outbox.enqueue(tx, TOPICS.decisions, decision);
        return this.feedback.record(tx, ev, decision, principal.id, t.tier);
      });
      return {
        requestId,
        state: t.next,
        decisionId: decision.decisionId,
        tier: t.tier,
        label: v.optionIds.join(','),
        confidence: v.confidence,
        goldCandidate: v.goldCandidate,
        gold: false,
        overrodeMajority: v.overrode,
        annotatorObservations: observations,
      };
    });
    this.runtime.relay.kick();
    return result;
  }
}
