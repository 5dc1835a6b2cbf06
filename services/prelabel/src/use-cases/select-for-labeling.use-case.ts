import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TaskOrigin, TOPICS, uuidv7 } from '@verity/contracts';
import { DATA_SOURCE, EventRuntime } from '@verity/service-runtime';
import { WeakLabelRepository } from '../db/weak-label.repository';
import { PRELABEL_CONFIG, type PrelabelConfig } from '../prelabel.settings';
import { ProjectPolicyRepository, type ProjectPolicyCopy } from '../db/project-policy.repository';
import { DraftRepository } from '../db/draft.repository';
import { choice, modelInfo, prelabelEvent } from '../events/prelabel-events.factory';
import { TaskRepository } from '../db/task.repository';
import { CandidateRepository } from '../db/candidate.repository';

/**
 * Spends each project's daily active-learning budget on its most informative open candidates:
 * each becomes a new task (origin ACTIVE_LEARNING, priority PRELABEL_AL_PRIORITY, parent = the
 * item's last task) sent to humans on prelabels.v1, with the machine draft when there is one.
 */
@Injectable()
export class SelectForLabelingUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(PRELABEL_CONFIG) private readonly cfg: PrelabelConfig,
    private readonly runtime: EventRuntime,
    private readonly projects: ProjectPolicyRepository,
    private readonly candidates: CandidateRepository,
    private readonly tasks: TaskRepository,
    private readonly drafts: DraftRepository,
    private readonly weak: WeakLabelRepository,
  ) {}

  async all(now = new Date()): Promise<number> {
    let n = 0;
    for (const p of await this.projects.withActiveLearning(this.ds)) n += await this.forProject(p, now);
    return n;
  }

  async execute(projectId: string, now = new Date()): Promise<{ selected: number }> {
    const p = await this.projects.get(this.ds, projectId);
    return { selected: p ? await this.forProject(p, now) : 0 };
  }

  private async forProject(p: ProjectPolicyCopy, now: Date): Promise<number> {
    if (p.alDailyBudget <= 0) return 0;
    const selected = await this.ds.transaction(async (tx) => {
      const remaining = p.alDailyBudget - (await this.candidates.selectedToday(tx, p.projectId, now));
      if (remaining <= 0) return 0;
      let n = 0;
      for (const c of await this.candidates.topOpen(tx, p.projectId, remaining)) {
        const last = await this.tasks.latestFor(tx, c.projectId, c.itemId, c.questionId);
        if (!last) continue;
        const draft = await this.drafts.latestFor(tx, c.projectId, c.itemId, c.questionId);
        const task = { ...last, taskId: uuidv7(), parentTaskId: last.taskId, origin: TaskOrigin.ACTIVE_LEARNING, priority: this.cfg.PRELABEL_AL_PRIORITY };
        await this.tasks.insert(tx, task);
        const withDraft = !!draft?.optionId;
        await this.runtime.outbox.enqueue(
          tx,
          TOPICS.prelabels,
          prelabelEvent({
            task,
            route: withDraft ? 'human_with_draft' : 'human_without_draft',
            draft: withDraft ? choice(draft!.optionId!) : undefined,
            model: modelInfo({
              backend: draft?.backend ?? '',
              modelId: draft?.modelId ?? '',
              modelVersion: draft?.modelVersion ?? '',
              promptVersion: draft?.promptVersion ?? '',
              confidence: draft?.confidence ?? undefined,
              calibrated: draft?.calibrated ?? undefined,
            }),
            threshold: null,
            detail: `active learning (${c.origin}, ${c.strategy}, uncertainty ${c.uncertainty.toFixed(4)})`,
            latencyMs: 0,
            uncertainty: c.uncertainty,
            weakLabels: await this.weak.forItem(tx, c.projectId, c.itemId, c.questionId),
            calibrationVersion: '',
          }),
        );
        await this.candidates.markSelected(tx, c, now);
        n++;
      }
      return n;
    });
    if (selected > 0) this.runtime.relay.kick();
    return selected;
  }
}
