import { Injectable } from '@nestjs/common';
import { SamplingStrategy, type PredictionEvent } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { uncertainty } from '../domain/uncertainty';
import { ProjectPolicyRepository } from '../projects/project-policy.repository';
import type { Queryable } from '../shared/db';
import { TaskRepository } from '../tasks/task.repository';
import { CandidateRepository } from './candidate.repository';
import { strategyName } from './strategy';

export type PredictionOutcome = 'candidate' | 'unresolved' | 'ignored';

/** predictions.v1 → an active-learning candidate scored by the project's strategy (or, item unknown, an unresolved record). */
@Injectable()
export class RecordPredictionUseCase {
  constructor(
    private readonly projects: ProjectPolicyRepository,
    private readonly tasks: TaskRepository,
    private readonly candidates: CandidateRepository,
  ) {}

  async execute(tx: Queryable, ev: PredictionEvent): Promise<PredictionOutcome> {
    if (!ev.predictionId || !ev.questionId) throw new NonRetryableError('prediction without prediction_id or question_id');
    const itemId = ev.itemId || null;
    const projectId = ev.envelope?.projectId || (itemId ? await this.tasks.projectOfItem(tx, itemId) : null);
    const policy = projectId ? await this.projects.get(tx, projectId) : null;
    if (policy && policy.samplingStrategy === SamplingStrategy.UNSPECIFIED) return 'ignored';
    const strategy = strategyName(policy?.samplingStrategy ?? SamplingStrategy.UNSPECIFIED);
    const u = uncertainty(Object.values(ev.scores), strategy);
    if (!projectId || !itemId || !(await this.tasks.latestFor(tx, projectId, itemId, ev.questionId))) {
      await this.candidates.recordUnresolved(tx, { predictionId: ev.predictionId, projectId, source: ev.source, sourceId: ev.sourceId, questionId: ev.questionId, uncertainty: u });
      return 'unresolved';
    }
    await this.candidates.upsert(tx, { projectId, itemId, questionId: ev.questionId, origin: 'predictions', strategy, uncertainty: u, sourceRef: `${ev.source}:${ev.sourceId}` });
    return 'candidate';
  }
}
