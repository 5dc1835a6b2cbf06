import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Task } from '@verity/contracts';
import type { LabelingFunction } from '@verity/label-science';
import { DATA_SOURCE } from '@verity/service-runtime';
import { isAutomatic, runAutomaticLfs } from '../domain/labeling-function.policy';
import type { Queryable } from '@verity/persistence';
import { LabelingFunctionRepository, type StoredLf } from '../db/labeling-function.repository';
import { LfVoteRepository, type ProjectLfVote } from '../db/lf-vote.repository';
import { TaskRepository } from '../db/task.repository';
import { LfInputs } from './lf-inputs.service';

/** Items read, LF-run and written per backfill chunk. */
export const BACKFILL_CHUNK = 500;

export interface BackfillOutcome {
  /** Items of the LF's question (with text) it ran on. */
  items: number;
  /** Votes stored (new ones). */
  votes: number;
  /** Chunks the LF could not run on (a regex over its time budget): their items got no vote. */
  failures: string[];
}

/**
 * Labeling functions voting (every kind but llm; model and feedback LFs read LfInputs): on a
 * batch of arriving tasks (the caller writes the votes in its transaction), on an item when its
 * production feedback arrives (feedback LFs), and as a backfill over the tasks already held when
 * an LF version is saved.
 */
@Injectable()
export class LfVotesService {
  private readonly log = new Logger(LfVotesService.name);

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly lfs: LabelingFunctionRepository,
    private readonly votes: LfVoteRepository,
    private readonly tasks: TaskRepository,
    private readonly inputs: LfInputs,
  ) {}

  /**
   * In the transaction that stores arriving tasks: the votes of their projects' active LFs on their
   * texts, written in one statement. The projects' LF locks are taken shared first (see
   * LabelingFunctionRepository.lockProject), then the active LFs read once for the batch.
   */
  async voteOnArrival(tx: Queryable, tasks: readonly Task[]): Promise<number> {
    const withText = tasks.filter((t) => t.maskedText);
    if (withText.length === 0) return 0;
    const projectIds = [...new Set(withText.map((t) => t.projectId))];
    await this.lfs.lockProjectsShared(tx, projectIds);
    const active = await this.lfs.active(tx, projectIds);
    if (active.length === 0) return 0;
    return this.votes.insertMany(tx, await this.votesOf(tx, active, withText));
  }

  /**
   * In the transaction that stores an item's production feedback: the votes of the project's
   * active feedback LFs on the item (its feedback so far, this one included). The item may have
   * no task yet; its votes wait for it (a fit reads votes by item).
   */
  async voteOnFeedback(tx: Queryable, projectId: string, itemId: string): Promise<number> {
    await this.lfs.lockProjectsShared(tx, [projectId]);
    const lfs = (await this.lfs.active(tx, [projectId])).map((a) => a.lf).filter((lf) => lf.kind === 'feedback');
    if (lfs.length === 0) return 0;
    const items = [...new Set(lfs.map((lf) => lf.question_id))].map((questionId) => ({ id: itemId, text: '', questionId }));
    const run = runAutomaticLfs(lfs, items, await this.inputs.extrasFor(tx, projectId, lfs, items));
    return this.votes.insertMany(tx, run.votes.map((v) => ({ ...v, projectId })));
  }

  /** The votes of the active LFs on the tasks' texts. */
  private async votesOf(tx: Queryable, active: readonly StoredLf[], withText: readonly Task[]): Promise<ProjectLfVote[]> {
    const out: ProjectLfVote[] = [];
    for (const projectId of new Set(active.map((a) => a.projectId))) {
      const lfs = active.filter((a) => a.projectId === projectId).map((a) => a.lf);
      const items = withText.filter((t) => t.projectId === projectId).map((t) => ({ id: t.itemId, text: t.maskedText!, questionId: t.questionId }));
      const run = runAutomaticLfs(lfs, items, await this.inputs.extrasFor(tx, projectId, lfs, items));
      for (const f of run.failures) this.log.warn(`project ${projectId}: ${f.reason}`);
      out.push(...run.votes.map((v) => ({ ...v, projectId })));
    }
    return out;
  }

  /**
   * Runs one LF version over every item of its question the project holds, in chunks of
   * BACKFILL_CHUNK items (keyset by item id), one insert statement per chunk. Done in the
   * caller's request: it returns when every chunk is written.
   */
  async backfill(projectId: string, lf: LabelingFunction): Promise<BackfillOutcome> {
    const outcome: BackfillOutcome = { items: 0, votes: 0, failures: [] };
    if (!isAutomatic(lf)) return outcome;
    let after: string | null = null;
    for (;;) {
      const page = await this.tasks.textsPage(this.ds, projectId, lf.question_id, after, BACKFILL_CHUNK);
      if (page.length === 0) break;
      const items = page.map((p) => ({ id: p.itemId, text: p.text, questionId: lf.question_id }));
      const run = runAutomaticLfs([lf], items, await this.inputs.extrasFor(this.ds, projectId, [lf], items));
      outcome.items += page.length;
      outcome.votes += await this.votes.insertMany(this.ds, run.votes.map((v) => ({ ...v, projectId })));
      for (const f of run.failures) outcome.failures.push(`items ${page[0].itemId} … ${page[page.length - 1].itemId}: ${f.reason}`);
      after = page[page.length - 1].itemId;
      if (page.length < BACKFILL_CHUNK) break;
    }
    return outcome;
  }
}
