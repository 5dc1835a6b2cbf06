import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { DecisionEvent, TOPICS } from '@verity/contracts';
import type { BatchRecord } from '@verity/messaging';
import type { Inbox } from '@verity/persistence';
import { EventRuntime, OnTopicBatch } from '@verity/service-runtime';
import { LabelCheckRepository, type VerdictSeen } from '../db/label-check.repository';
import { RetrainService } from '../use-cases/retrain.service';

/**
 * decisions.v1 (own group `prelabel.decisions`), in batches: an expert verdict answers the label
 * check of its item, if one is pending and was requested before the verdict. A verdict that
 * confirms the label makes no new label version, so labels.v1 alone would leave such a check
 * pending for ever. Each (project, question) with a check answered is then checked for an early
 * retrain. Other decisions are skipped.
 */
@Controller()
export class DecisionsHandler {
  private readonly inbox: Inbox;

  constructor(
    runtime: EventRuntime,
    private readonly checks: LabelCheckRepository,
    private readonly retrain: RetrainService,
  ) {
    this.inbox = runtime.inbox('prelabel.decisions');
  }

  @OnTopicBatch(TOPICS.decisions, { group: 'decisions' })
  async decisions(@Payload() records: BatchRecord<DecisionEvent>[]): Promise<void> {
    let touched: { projectId: string; questionId: string }[] = [];
    await this.inbox.onceManyOf(records, async (tx, fresh) => {
      touched = await this.checks.recordVerdicts(tx, fresh.flatMap((r) => verdictOf(r.event)));
    });
    for (const { projectId, questionId } of touched) void this.retrain.maybeRetrain(projectId, questionId);
  }
}

/** The verdict a decision carries (single choice), or nothing. */
function verdictOf(d: DecisionEvent): VerdictSeen[] {
  const projectId = d.envelope?.projectId;
  const v = d.verdict;
  if (!d.adjudicated || !v || !projectId || !d.itemId || !d.questionId) return [];
  const options = v.answer?.value.case === 'choice' ? v.answer.value.value.optionIds : [];
  const optionId = d.label || (options.length === 1 ? options[0]! : '');
  if (!optionId) return [];
  return [{ projectId, itemId: d.itemId, questionId: d.questionId, optionId, confidence: v.confidence, decidedAt: v.decidedAt ? timestampDate(v.decidedAt) : new Date() }];
}
