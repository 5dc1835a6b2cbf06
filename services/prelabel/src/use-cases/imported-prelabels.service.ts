import { Injectable } from '@nestjs/common';
import {
  ModelBackend,
  QuestionKind,
  TOPICS,
  type AnnotationEvent,
  type Answer,
  type Envelope,
  type ModelInfo,
  type PrelabelEvent,
  type Task,
  type WeakLabel,
} from '@verity/contracts';
import type { Queryable } from '@verity/persistence';
import { ImportedPrelabelRepository, type ImportedPrelabelRow } from '../db/imported-prelabel.repository';
import type { DraftRow } from '../db/draft.repository';
import type { UsageRow } from '../db/usage.repository';
import type { Route } from '../domain/routing.rule';
import { prelabelEvent } from '../events/prelabel-events.factory';
import { LABEL_STUDIO_MODEL_ID } from '@verity/interchange';


/** What a task's transaction writes (the shape process-task plans): here, an imported draft. */
export interface ImportedPlan {
  task: Task;
  route: Route;
  draft: DraftRow;
  usage?: UsageRow;
  events: ([typeof TOPICS.prelabels, PrelabelEvent] | [typeof TOPICS.annotations, AnnotationEvent])[];
  imported?: ImportedPrelabelRow;
}

/**
 * Whether an imported prelabel is a valid answer to the task's question as published in the
 * task's ontology version: a choice question holding every option, one for single choice, within
 * the selection bounds for multiple choice. One that does not fit is not used (the model drafts).
 */
export function fitsQuestion(task: Task, p: Pick<ImportedPrelabelRow, 'optionIds'>): boolean {
  const q = task.question;
  if (!q || p.optionIds.length === 0 || new Set(p.optionIds).size !== p.optionIds.length) return false;
  const known = new Set(q.options.map((o) => o.optionId));
  if (!p.optionIds.every((o) => known.has(o))) return false;
  if (q.kind === QuestionKind.SINGLE_CHOICE) return p.optionIds.length === 1;
  if (q.kind !== QuestionKind.MULTIPLE_CHOICE) return false;
  return p.optionIds.length >= (q.minSelections ?? 0) && (q.maxSelections === undefined || p.optionIds.length <= q.maxSelections);
}

/** The ModelInfo of an imported draft: an external model, its version, the import's score as its (uncalibrated) confidence. */
export function importedModel(p: Pick<ImportedPrelabelRow, 'modelVersion' | 'score'>): ModelInfo {
  return {
    backend: ModelBackend.EXTERNAL,
    modelId: LABEL_STUDIO_MODEL_ID,
    modelVersion: p.modelVersion,
    promptVersion: '',
    confidence: p.score ?? undefined,
  } as ModelInfo;
}

/**
 * Imported predictions (Label Studio) as tasks' drafts: a task with one gets it as its draft,
 * shown to humans (never auto-accepted: an imported score is not calibrated here), and no model
 * is asked (no LLM cost).
 */
@Injectable()
export class ImportedPrelabelsService {
  constructor(private readonly repo: ImportedPrelabelRepository) {}

  /** The newest imported prelabel that fits each task's question, by task id. */
  async newestFor(db: Queryable, tasks: readonly Task[]): Promise<Map<string, ImportedPrelabelRow>> {
    const found = await this.repo.newestForTasks(
      db,
      tasks.map((t) => ({ taskId: t.taskId, projectId: t.projectId, itemId: t.itemId, questionId: t.questionId, source: t.source ?? '', sourceId: t.sourceId ?? '' })),
    );
    const byId = new Map(tasks.map((t) => [t.taskId, t]));
    for (const [taskId, p] of found) if (!fitsQuestion(byId.get(taskId)!, p)) found.delete(taskId);
    return found;
  }

  /** The imported draft's plan: prelabels.v1 with route HUMAN_WITH_DRAFT, and its draft row. */
  plan(task: Task, cause: Pick<Envelope, 'eventId' | 'correlationId'> | undefined, p: ImportedPrelabelRow, weakLabels: WeakLabel[]): ImportedPlan {
    const model = importedModel(p);
    const answer = { value: { case: 'choice', value: { optionIds: [...p.optionIds] } } } as Answer;
    const ev = prelabelEvent({
      task,
      cause: cause as Envelope | undefined,
      route: 'human_with_draft',
      draft: answer,
      model,
      threshold: null,
      detail: `imported prediction (${p.source}:${p.sourceId})`,
      latencyMs: 0,
      weakLabels,
      calibrationVersion: '',
    });
    return {
      task,
      route: 'human_with_draft',
      events: [[TOPICS.prelabels, ev]],
      imported: p,
      draft: {
        taskId: task.taskId,
        eventId: ev.envelope!.eventId,
        projectId: task.projectId,
        itemId: task.itemId,
        questionId: task.questionId,
        backend: 'external',
        modelId: LABEL_STUDIO_MODEL_ID,
        modelVersion: p.modelVersion,
        promptVersion: '',
        // drafts.option_id holds one option: a multiple-choice draft is in the event only.
        optionId: p.optionIds.length === 1 ? p.optionIds[0]! : null,
        confidence: p.score,
        calibrated: null,
        threshold: null,
        route: 'human_with_draft',
        failure: null,
        audit: false,
      },
    };
  }

  /**
   * In the task batch's transaction: takes the batch's projects shared (an import takes its
   * project exclusively), then an import committed while the model was drafting replaces that
   * draft (the model's usage row stays: it was spent).
   */
  async takeOver(tx: Queryable, plans: ImportedPlan[]): Promise<void> {
    await this.repo.lockProjectsShared(tx, plans.map((p) => p.task));
    const pending = plans.filter((p) => !p.imported);
    if (pending.length === 0) return;
    const late = await this.newestFor(tx, pending.map((p) => p.task));
    for (const p of pending) {
      const found = late.get(p.task.taskId);
      if (!found) continue;
      const [, before] = p.events[0]!;
      const env = before.envelope!;
      const next = this.plan(p.task, { eventId: env.causationId, correlationId: env.correlationId }, found, (before as PrelabelEvent).weakLabels ?? []);
      Object.assign(p, { route: next.route, events: next.events, draft: next.draft, imported: next.imported });
    }
  }

  /** After the drafts are written: the imported prelabels announced for their tasks are marked applied. */
  async markApplied(tx: Queryable, announced: readonly ImportedPlan[]): Promise<void> {
    const byProject = new Map<string, { taskId: string; source: string; sourceId: string; questionId: string }[]>();
    for (const p of announced) {
      if (!p.imported) continue;
      const list = byProject.get(p.task.projectId) ?? [];
      list.push({ taskId: p.task.taskId, source: p.imported.source, sourceId: p.imported.sourceId, questionId: p.imported.questionId });
      byProject.set(p.task.projectId, list);
    }
    for (const [projectId, list] of byProject) await this.repo.markApplied(tx, projectId, list);
  }
}
