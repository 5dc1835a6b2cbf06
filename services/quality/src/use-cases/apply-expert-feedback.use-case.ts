import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type AnnotatorEvent, type DecisionEvent } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { GoldItemsRepository } from '../db/gold-items.repository';
import { AnnotatorStatsRepository } from '../db/annotator-stats.repository';
import { UpdateReliabilityUseCase } from './update-reliability.use-case';
import { answerKey } from '../domain/answer.key';
import { lockProject } from '../db/project.lock';
import { KnownTruthRepository } from '../db/known-truth.repository';

export interface FeedbackResult {
  /** Annotators whose gold counts changed. */
  judged: number;
  /** AnnotatorEvents enqueued on annotators.v1. */
  published: number;
}

/**
 * Expert feedback into known truth (in the inbox transaction, under the project lock):
 * - an EXPERT_VERDICT observation (annotators.v1, from adjudication) judges one answer: agreed
 *   or not with the verdict;
 * - a confirmed-gold decision (decisions.v1 gold=true, from adjudication) becomes a gold item
 *   (source `adjudication`, clamped in the next Dawid-Skene refit) and judges every counted
 *   human answer quality holds for that item's question.
 * Both go through the known-truth ledger (one judgement per annotator and item question, so the
 * verdict and its gold confirmation count once) into gold_answered / gold_correct; reliability is
 * recomputed and, when it moves materially, published by quality as RELIABILITY_UPDATED /
 * SUSPENDED / REINSTATED — never as EXPERT_VERDICT, so quality never reads its own output back.
 */
@Injectable()
export class ApplyExpertFeedbackUseCase {
  constructor(
    private readonly ledger: KnownTruthRepository,
    private readonly stats: AnnotatorStatsRepository,
    private readonly gold: GoldItemsRepository,
    private readonly reliability: UpdateReliabilityUseCase,
  ) {}

  async fromObservation(tx: EntityManager, e: AnnotatorEvent, eventId: string): Promise<FeedbackResult> {
    const env = e.envelope;
    const o = e.expertObservation;
    if (!env?.projectId) throw new NonRetryableError('EXPERT_VERDICT without envelope.project_id');
    if (!e.annotatorId || !o || !o.itemId || !o.questionId) {
      throw new NonRetryableError('EXPERT_VERDICT without annotator_id or expert_observation (item, question)');
    }
    await lockProject(tx, env.projectId);
    await this.stats.ensure(tx, env.projectId, [e.annotatorId]);
    const delta = await this.ledger.record(tx, env.projectId, {
      annotatorId: e.annotatorId,
      itemId: o.itemId,
      questionId: o.questionId,
      ontologyVersion: o.ontologyVersion,
      source: 'expert_verdict',
      correct: o.agreed,
      annotationId: o.annotationId || null,
      truthKey: answerKey(o.verdict),
      eventId,
    });
    if (delta.answered === 0 && delta.correct === 0) return { judged: 0, published: 0 };
    await this.stats.addGold(tx, env.projectId, e.annotatorId, delta.answered, delta.correct);
    const published = await this.reliability.execute(tx, env.projectId, [e.annotatorId], env);
    return { judged: 1, published };
  }

  async fromGoldDecision(tx: EntityManager, d: DecisionEvent, eventId: string): Promise<FeedbackResult> {
    const env = d.envelope;
    if (!env?.projectId || !d.itemId || !d.questionId) throw new NonRetryableError('gold DecisionEvent without project, item or question');
    // The key of a single choice is its option id, so `label` stands in when `answer` is absent.
    const truth = answerKey(d.answer) ?? (d.label || null);
    if (truth === null) throw new NonRetryableError('gold DecisionEvent without label or answer');
    await lockProject(tx, env.projectId);
    const key = { itemId: d.itemId, questionId: d.questionId, ontologyVersion: d.ontologyVersion };
    await this.gold.upsert(tx, env.projectId, { ...key, source: 'adjudication', labelKey: truth });
    const answers = await this.ledger.humanAnswers(tx, env.projectId, key);
    const moved: string[] = [];
    await this.stats.ensure(tx, env.projectId, answers.map((a) => a.annotatorId));
    for (const a of answers) {
      const delta = await this.ledger.record(tx, env.projectId, {
        ...key,
        annotatorId: a.annotatorId,
        source: 'gold',
        correct: a.answerKey === truth,
        annotationId: a.annotationId,
        truthKey: truth,
        eventId,
      });
      if (delta.answered === 0 && delta.correct === 0) continue;
      await this.stats.addGold(tx, env.projectId, a.annotatorId, delta.answered, delta.correct);
      moved.push(a.annotatorId);
    }
    const published = await this.reliability.execute(tx, env.projectId, moved, env);
    return { judged: moved.length, published };
  }
}
