import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATA_SOURCE, EventRuntime } from '@verity/service-runtime';
import { ImportedPrelabelRepository, importedKey, type ImportedPrelabelRow } from '../db/imported-prelabel.repository';
import { weakKey, WeakLabelRepository } from '../db/weak-label.repository';
import { ImportedPrelabelsService } from './imported-prelabels.service';

export type ImportedPrelabelInput = Omit<ImportedPrelabelRow, 'projectId'>;

export interface ImportPrelabelsResult {
  received: number;
  /** Stored and bound to a task that already exists (published as its draft unless the task went to a blind audit or was auto-accepted). */
  applied: number;
  /** Stored, waiting for their task. */
  parked: number;
  /** Already imported (same source ids, question and model version): nothing changed. */
  duplicates: number;
}

/** Routes whose task keeps its draft: a blind audit must stay blind, an auto-accepted task is settled. */
const KEEPS_ITS_ROUTE = new Set(['audit', 'auto_accept']);

/**
 * Imported predictions of a project (from the gateway's Label Studio import): stored by source
 * ids, question and model version (a second post of the same is a duplicate); those whose task
 * prelabel already holds are published at once as its draft (prelabels.v1, HUMAN_WITH_DRAFT;
 * assignment shows the newer draft), the others wait for their task (process-task takes them).
 * One transaction, holding the project's import lock against task batches.
 */
@Injectable()
export class ImportPrelabelsUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly runtime: EventRuntime,
    private readonly repo: ImportedPrelabelRepository,
    private readonly imported: ImportedPrelabelsService,
    private readonly weak: WeakLabelRepository,
  ) {}

  async execute(projectId: string, prelabels: readonly ImportedPrelabelInput[]): Promise<ImportPrelabelsResult> {
    const result = await this.ds.transaction(async (tx) => {
      await this.repo.lockProjectExclusive(tx, projectId);
      const inserted = await this.repo.insertMany(tx, projectId, prelabels);
      // The same key twice in one body: the first is new, the second a duplicate.
      const fresh = prelabels.filter((p) => inserted.delete(importedKey(p)));
      const targets = await this.repo.latestTasksOf(tx, projectId, fresh);
      const newest = await this.imported.newestFor(tx, targets.map((t) => t.task));
      const weak = await this.weak.forItems(tx, targets.map((t) => t.task));
      const bound: typeof targets = [];
      let published = 0;
      this.runtime.outbox.defer(tx);
      for (const target of targets) {
        const { task } = target;
        const p = newest.get(task.taskId);
        // An import that does not fit the task's question (options of another ontology version) waits for a task it fits.
        if (!p) continue;
        bound.push(target);
        if (KEEPS_ITS_ROUTE.has(target.route ?? '')) continue;
        // Caused by no task event: it is the import that publishes it.
        const plan = this.imported.plan(task, undefined, p, weak.get(weakKey(task.itemId, task.questionId)) ?? []);
        await this.repo.replaceDraft(tx, projectId, plan.draft);
        for (const [topic, ev] of plan.events) await this.runtime.outbox.enqueue(tx, topic, ev);
        published++;
      }
      await this.runtime.outbox.flush(tx);
      const keys = bound.map((t) => ({ taskId: t.task.taskId, source: t.source, sourceId: t.sourceId, questionId: t.task.questionId }));
      await this.repo.markApplied(tx, projectId, keys);
      const isBound = new Set(keys.map((k) => [k.source, k.sourceId, k.questionId].join('\u0000')));
      const applied = fresh.filter((p) => isBound.has([p.source, p.sourceId, p.questionId].join('\u0000'))).length;
      return { received: prelabels.length, applied, parked: fresh.length - applied, duplicates: prelabels.length - fresh.length, published };
    });
    if (result.published > 0) this.runtime.relay.kick();
    const { published: _published, ...counts } = result;
    return counts;
  }
}
