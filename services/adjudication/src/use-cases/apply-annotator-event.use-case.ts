import { Injectable } from '@nestjs/common';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { AnnotatorChange, type AnnotatorEvent } from '@verity/contracts';
import type { Queryable } from '@verity/persistence';
import { AnnotatorStandingRepository } from '../db/annotator-standing.repository';

/**
 * annotators.v1 from quality → the latest known reliability and suspension per project and
 * annotator, the base the next expert observation is folded into (and the `suspended` value
 * adjudication's own AnnotatorEvents repeat). Our own EXPERT_VERDICT events are skipped.
 */
@Injectable()
export class ApplyAnnotatorEventUseCase {
  constructor(private readonly standing: AnnotatorStandingRepository) {}

  async execute(tx: Queryable, event: AnnotatorEvent): Promise<boolean> {
    if (event.change === AnnotatorChange.EXPERT_VERDICT || event.envelope?.producer === 'adjudication') return false;
    const projectId = event.envelope?.projectId;
    if (!projectId || !event.annotatorId) return false;
    const suspended =
      event.change === AnnotatorChange.SUSPENDED ? true : event.change === AnnotatorChange.REINSTATED ? false : event.suspended;
    await this.standing.applyQuality(tx, projectId, {
      annotatorId: event.annotatorId,
      reliability: event.reliability,
      suspended,
      occurredAt: event.envelope?.occurredAt ? timestampDate(event.envelope.occurredAt) : new Date(),
    });
    return true;
  }
}
