import { Injectable } from '@nestjs/common';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { AnswerSource, LabelStatus, type LabelEvent } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import type { Queryable } from '@verity/persistence';
import { LabelRepository } from '../db/label.repository';

export type LabelOutcome = { stored: boolean; projectId: string; questionId: string; reason?: string };

/**
 * labels.v1 → the latest label per (project, item, question). Labels made only of machine
 * answers are ignored: the models never train or calibrate on their own output.
 */
@Injectable()
export class RecordLabelUseCase {
  constructor(private readonly labels: LabelRepository) {}

  async execute(tx: Queryable, ev: LabelEvent, eventId: string): Promise<LabelOutcome> {
    const projectId = ev.envelope?.projectId ?? '';
    if (!projectId || !ev.itemId || !ev.questionId) throw new NonRetryableError('label event without project, item or question id');
    const answers = ev.provenance?.answers ?? [];
    if (answers.length > 0 && answers.every((a) => a.source === AnswerSource.MACHINE))
      return { stored: false, projectId, questionId: ev.questionId, reason: 'machine-only' };
    const choice = ev.answer?.value.case === 'choice' ? ev.answer.value.value.optionIds : [];
    const optionId = ev.label || (choice.length === 1 ? choice[0]! : '');
    const stored = await this.labels.upsert(tx, {
      projectId,
      itemId: ev.itemId,
      questionId: ev.questionId,
      labelVersion: ev.labelVersion || 1,
      optionId,
      gold: ev.gold,
      excluded: ev.status === LabelStatus.EXCLUDED,
      eventId,
      labeledAt: ev.decidedAt ? timestampDate(ev.decidedAt) : null,
      confidence: ev.confidence > 0 && ev.confidence <= 1 ? ev.confidence : null,
    });
    return { stored, projectId, questionId: ev.questionId };
  }
}
