import { Injectable } from '@nestjs/common';
import { lfKey, type LabelingFunction, type LfExtras } from '@verity/label-science';
import type { Queryable } from '@verity/persistence';
import { WeakLabelRepository } from '../db/weak-label.repository';
import { feedbackSignals, LOCAL_MODEL, modelScores } from '../domain/lf-inputs.policy';
import type { LfTaskItem } from '../domain/labeling-function.policy';
import { ModelCache } from './model-cache.service';

/**
 * What the labeling functions that do not read text alone need, for one project's items:
 * `model` LFs the served local model's calibrated confidence (none while no model is trained:
 * they abstain), `feedback` LFs the items' production-feedback signals, `llm` LFs the answers
 * their prompts got (asked by the caller, outside its transaction). Nothing is read when the LFs
 * need none of it.
 */
@Injectable()
export class LfInputs {
  constructor(
    private readonly cache: ModelCache,
    private readonly weak: WeakLabelRepository,
  ) {}

  /** `llmAnswers`: what llm LFs' prompts got for these items (LlmLfAnswersService), asked before the caller's transaction. */
  async extrasFor(db: Queryable, projectId: string, lfs: readonly LabelingFunction[], items: readonly LfTaskItem[], llmAnswers: LfExtras['llmAnswers'] = {}): Promise<LfExtras> {
    const scores: Record<string, Record<string, number>> = {};
    for (const lf of lfs) {
      if (lf.kind !== 'model' || lf.model !== LOCAL_MODEL) continue;
      const mine = items.filter((it) => it.questionId === lf.question_id);
      if (mine.length === 0) continue;
      const served = await this.cache.get(projectId, lf.question_id, 'local');
      if (served?.classifier) scores[lfKey(lf)] = modelScores({ classifier: served.classifier, calibration: served.row.calibration }, lf.votes, mine);
    }
    if (!lfs.some((lf) => lf.kind === 'feedback')) return { scores, llmAnswers };
    const records = await this.weak.recordsOf(db, projectId, [...new Set(items.map((it) => it.id))]);
    return { scores, llmAnswers, feedback: feedbackSignals(records) };
  }
}
