import { Inject, Injectable } from '@nestjs/common';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { missingFeedbackField, TaskOrigin, TOPICS, uuidv7, type FeedbackEvent } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { EventRuntime } from '@verity/service-runtime';
import { PRELABEL_CONFIG, type PrelabelConfig } from '../prelabel.settings';
import type { EntityManager } from 'typeorm';
import { DraftRepository } from '../db/draft.repository';
import { modelInfo, prelabelEvent } from '../events/prelabel-events.factory';
import { TaskRepository } from '../db/task.repository';
import { WeakLabelRepository } from '../db/weak-label.repository';
import { LfVotesService } from './lf-votes.service';

export type FeedbackOutcome = 'stored' | 'duplicate' | 'sent_to_humans';

/**
 * feedback.v1 → a weak label with its source (shown on later prelabels.v1 events of the item),
 * and the votes of the project's feedback labeling functions on the item.
 * With request_review and a known item: a new task (origin FEEDBACK, high priority, parent = the
 * item's last task) goes to humans without a draft, the weak labels attached.
 */
@Injectable()
export class RecordFeedbackUseCase {
  constructor(
    @Inject(PRELABEL_CONFIG) private readonly cfg: PrelabelConfig,
    private readonly runtime: EventRuntime,
    private readonly weak: WeakLabelRepository,
    private readonly tasks: TaskRepository,
    private readonly drafts: DraftRepository,
    private readonly lfVotes: LfVotesService,
  ) {}

  async execute(tx: EntityManager, ev: FeedbackEvent, eventId: string): Promise<FeedbackOutcome> {
    const missing = missingFeedbackField(ev);
    if (missing) throw new NonRetryableError(`feedback ${ev.feedbackId || '(no feedback_id)'}: ${missing}`);
    const itemId = ev.itemId || null;
    const projectId = ev.envelope?.projectId || (itemId ? await this.tasks.projectOfItem(tx, itemId) : null);
    const fresh = await this.weak.insert(tx, {
      feedbackId: ev.feedbackId,
      eventId,
      projectId,
      itemId,
      source: ev.source,
      sourceId: ev.sourceId,
      questionId: ev.questionId,
      feedbackSource: ev.feedbackSource,
      sourceDetail: ev.sourceDetail,
      actorId: ev.actorId,
      answer: ev.answer!,
      confidence: ev.confidence ?? null,
      requestReview: ev.requestReview,
      observedAt: ev.observedAt ? timestampDate(ev.observedAt) : null,
    });
    if (!fresh) return 'duplicate';
    if (itemId && projectId) await this.lfVotes.voteOnFeedback(tx, projectId, itemId);
    if (!ev.requestReview || !itemId || !projectId) return 'stored';
    const last = await this.tasks.latestFor(tx, projectId, itemId, ev.questionId);
    if (!last) return 'stored';
    const draft = await this.drafts.latestFor(tx, projectId, itemId, ev.questionId);
    const task = { ...last, taskId: uuidv7(), parentTaskId: last.taskId, origin: TaskOrigin.FEEDBACK, priority: this.cfg.PRELABEL_AL_PRIORITY };
    await this.tasks.insert(tx, task);
    const out = prelabelEvent({
      task,
      cause: ev.envelope,
      route: 'human_without_draft',
      model: modelInfo({ backend: draft?.backend ?? '', modelId: draft?.modelId ?? '', modelVersion: draft?.modelVersion ?? '', promptVersion: draft?.promptVersion ?? '' }),
      threshold: null,
      detail: `production feedback ${ev.feedbackId} asked for review`,
      latencyMs: 0,
      weakLabels: await this.weak.forItem(tx, projectId, itemId, ev.questionId),
      calibrationVersion: '',
    });
    await this.runtime.outbox.enqueue(tx, TOPICS.prelabels, out);
    return 'sent_to_humans';
  }
}
