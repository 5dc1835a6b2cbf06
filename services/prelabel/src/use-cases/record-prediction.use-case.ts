import { Injectable } from '@nestjs/common';
import { SamplingStrategy, type PredictionEvent, type Task } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { uncertainty } from '../domain/uncertainty.math';
import { ProjectPolicyRepository, type ProjectPolicyCopy } from '../db/project-policy.repository';
import type { Queryable } from '@verity/persistence';
import { TaskRepository } from '../db/task.repository';
import { CandidateRepository, type Candidate } from '../db/candidate.repository';
import { missingPredictionField } from '../domain/prediction-fields.mapper';
import { strategyName } from '../domain/sampling.strategy';

export type PredictionOutcome = 'candidate' | 'parked' | 'ignored';

/**
 * predictions.v1 → an active-learning candidate scored by the project's strategy. A prediction
 * whose item has no task here yet (content not ingested or not decomposed yet, or named only by
 * source ids) is parked with its scores; when a task of that item and question arrives, the
 * parked prediction becomes a candidate (resolveParked). Predictions never create content.
 */
@Injectable()
export class RecordPredictionUseCase {
  constructor(
    private readonly projects: ProjectPolicyRepository,
    private readonly tasks: TaskRepository,
    private readonly candidates: CandidateRepository,
  ) {}

  async execute(tx: Queryable, ev: PredictionEvent): Promise<PredictionOutcome> {
    const missing = missingPredictionField(ev);
    if (missing) throw new NonRetryableError(`prediction ${ev.predictionId || '(no prediction_id)'}: ${missing}`);
    const itemId = ev.itemId || (await this.candidates.itemOfSource(tx, ev.source, ev.sourceId));
    const projectId = ev.envelope?.projectId || (itemId ? await this.tasks.projectOfItem(tx, itemId) : null);
    const task = projectId && itemId ? await this.tasks.latestFor(tx, projectId, itemId, ev.questionId) : null;
    if (!task) {
      const policy = projectId ? await this.projects.get(tx, projectId) : null;
      const indicative = uncertainty(Object.values(ev.scores), strategyName(policy?.samplingStrategy ?? SamplingStrategy.UNSPECIFIED));
      await this.candidates.park(tx, { predictionId: ev.predictionId, projectId, itemId, source: ev.source, sourceId: ev.sourceId, questionId: ev.questionId, scores: ev.scores, uncertainty: indicative });
      return 'parked';
    }
    return this.score(tx, task, Object.values(ev.scores), `${ev.source}:${ev.sourceId}`);
  }

  /** A task arrived: parked predictions of its item and question become candidates. */
  async resolveParked(tx: Queryable, task: Task): Promise<number> {
    let n = 0;
    for (const p of await this.candidates.takeParked(tx, task.projectId, task.itemId, task.questionId)) {
      if ((await this.score(tx, task, Object.values(p.scores), `${p.source}:${p.sourceId}`)) === 'candidate') n++;
    }
    return n;
  }

  /**
   * items.v1 learned these items: their parked predictions become candidates of every task of
   * their item and question, as `resolveParked` per latest task of each, one query each way.
   */
  async resolveParkedOfItems(tx: Queryable, itemIds: readonly string[]): Promise<number> {
    const due = await this.candidates.takeParkedOfItems(tx, itemIds);
    const policies = new Map<string, ProjectPolicyCopy | null>();
    for (const projectId of new Set(due.map((p) => p.projectId))) policies.set(projectId, await this.projects.get(tx, projectId));
    const scored: Candidate[] = [];
    for (const p of due) {
      const policy = policies.get(p.projectId);
      if (!policy || policy.samplingStrategy === SamplingStrategy.UNSPECIFIED) continue;
      const strategy = strategyName(policy.samplingStrategy);
      scored.push({
        projectId: p.projectId,
        itemId: p.itemId,
        questionId: p.questionId,
        origin: 'predictions',
        strategy,
        uncertainty: uncertainty(Object.values(p.scores), strategy),
        sourceRef: `${p.source}:${p.sourceId}`,
      });
    }
    await this.candidates.upsertMany(tx, scored);
    return scored.length;
  }

  private async score(tx: Queryable, task: Task, scores: number[], sourceRef: string): Promise<PredictionOutcome> {
    const policy = await this.projects.get(tx, task.projectId);
    if (!policy || policy.samplingStrategy === SamplingStrategy.UNSPECIFIED) return 'ignored';
    const strategy = strategyName(policy.samplingStrategy);
    await this.candidates.upsert(tx, {
      projectId: task.projectId,
      itemId: task.itemId,
      questionId: task.questionId,
      origin: 'predictions',
      strategy,
      uncertainty: uncertainty(scores, strategy),
      sourceRef,
    });
    return 'candidate';
  }
}
