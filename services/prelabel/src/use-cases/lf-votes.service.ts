import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Task } from '@verity/contracts';
import type { LabelingFunction } from '@verity/label-science';
import { DATA_SOURCE } from '@verity/service-runtime';
import { runAutomaticLfs, votesHere } from '../domain/labeling-function.policy';
import { PRELABEL_CONFIG, type PrelabelConfig } from '../prelabel.settings';
import { UsageRepository } from '../db/usage.repository';
import { type LlmLfAnswers, LlmLfAnswersService } from './llm-lf-answers.service';
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
  /** Chunks the LF could not run on (a regex over its time budget), or items an llm LF did not ask about (over PRELABEL_LLM_LF_BACKFILL_MAX): their items got no vote. */
  failures: string[];
}

/** LLM answers of an arriving batch's llm LFs, by project. */
export type ArrivalLlmAnswers = ReadonlyMap<string, LlmLfAnswers>;

/**
 * Labeling functions voting (model, feedback and llm LFs read LfInputs): on a batch of arriving
 * tasks (the caller asks the llm LFs' prompts before its transaction and writes the votes in it),
 * on an item when its production feedback arrives (feedback LFs), and as a backfill over the
 * tasks already held when an LF version is saved.
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
    private readonly llm: LlmLfAnswersService,
    private readonly usage: UsageRepository,
    @Inject(PRELABEL_CONFIG) private readonly cfg: PrelabelConfig,
  ) {}

  /** Whether the LF votes here (llm LFs only with an LLM endpoint configured). */
  votesHere(lf: LabelingFunction): boolean {
    return votesHere(lf, this.llm.available);
  }

  /**
   * Before an arriving batch's transaction: its projects' active llm LFs asked about its tasks'
   * texts. An llm LF saved between this read and the transaction misses the batch (its backfill
   * ran before the batch committed); the other kinds are read again inside the transaction.
   */
  async askLlmOnArrival(tasks: readonly Task[]): Promise<ArrivalLlmAnswers> {
    const out = new Map<string, LlmLfAnswers>();
    const withText = tasks.filter((t) => t.maskedText);
    if (!this.llm.available || withText.length === 0) return out;
    const active = await this.lfs.active(this.ds, [...new Set(withText.map((t) => t.projectId))]);
    for (const projectId of new Set(active.filter((a) => a.lf.kind === 'llm').map((a) => a.projectId))) {
      const lfs = active.filter((a) => a.projectId === projectId).map((a) => a.lf);
      const items = withText.filter((t) => t.projectId === projectId).map((t) => ({ id: t.itemId, text: t.maskedText!, questionId: t.questionId }));
      out.set(projectId, await this.llm.ask(projectId, lfs, items));
    }
    return out;
  }

  /**
   * In the transaction that stores arriving tasks: the votes of their projects' active LFs on their
   * texts, written in one statement. The projects' LF locks are taken shared first (see
   * LabelingFunctionRepository.lockProject), then the active LFs read once for the batch.
   */
  async voteOnArrival(tx: Queryable, tasks: readonly Task[], llm: ArrivalLlmAnswers = new Map()): Promise<number> {
    // Spent whether or not an LF is still active: billed in the batch's transaction.
    await this.usage.insertLfMany(tx, [...llm.values()].flatMap((a) => a.usage));
    const withText = tasks.filter((t) => t.maskedText);
    if (withText.length === 0) return 0;
    const projectIds = [...new Set(withText.map((t) => t.projectId))];
    await this.lfs.lockProjectsShared(tx, projectIds);
    const active = await this.lfs.active(tx, projectIds);
    if (active.length === 0) return 0;
    return this.votes.insertMany(tx, await this.votesOf(tx, active, withText, llm));
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
  private async votesOf(tx: Queryable, active: readonly StoredLf[], withText: readonly Task[], llm: ArrivalLlmAnswers): Promise<ProjectLfVote[]> {
    const out: ProjectLfVote[] = [];
    for (const projectId of new Set(active.map((a) => a.projectId))) {
      const lfs = active.filter((a) => a.projectId === projectId).map((a) => a.lf);
      const items = withText.filter((t) => t.projectId === projectId).map((t) => ({ id: t.itemId, text: t.maskedText!, questionId: t.questionId }));
      const run = runAutomaticLfs(lfs, items, await this.inputs.extrasFor(tx, projectId, lfs, items, llm.get(projectId)?.answers));
      for (const f of run.failures) this.log.warn(`project ${projectId}: ${f.reason}`);
      out.push(...run.votes.map((v) => ({ ...v, projectId })));
    }
    return out;
  }

  /**
   * Runs one LF version over every item of its question the project holds, in chunks of
   * BACKFILL_CHUNK items (keyset by item id), one insert statement per chunk. Done in the
   * caller's request: it returns when every chunk is written. An llm LF asks the LLM about the
   * first PRELABEL_LLM_LF_BACKFILL_MAX items not asked before, and reports the rest.
   */
  async backfill(projectId: string, lf: LabelingFunction): Promise<BackfillOutcome> {
    const outcome: BackfillOutcome = { items: 0, votes: 0, failures: [] };
    if (!this.votesHere(lf)) return outcome;
    let after: string | null = null;
    let llmBudget = this.cfg.PRELABEL_LLM_LF_BACKFILL_MAX;
    let notAsked = 0;
    for (;;) {
      const page = await this.tasks.textsPage(this.ds, projectId, lf.question_id, after, BACKFILL_CHUNK);
      if (page.length === 0) break;
      const items = page.map((p) => ({ id: p.itemId, text: p.text, questionId: lf.question_id }));
      let answers: LlmLfAnswers['answers'] = {};
      if (lf.kind === 'llm') {
        const offered = items.slice(0, llmBudget);
        notAsked += items.length - offered.length;
        const asked = await this.llm.ask(projectId, [lf], offered);
        llmBudget -= asked.usage.length;
        await this.usage.insertLfMany(this.ds, asked.usage);
        answers = asked.answers;
      }
      const run = runAutomaticLfs([lf], items, await this.inputs.extrasFor(this.ds, projectId, [lf], items, answers));
      outcome.items += page.length;
      outcome.votes += await this.votes.insertMany(this.ds, run.votes.map((v) => ({ ...v, projectId })));
      for (const f of run.failures) outcome.failures.push(`items ${page[0].itemId} … ${page[page.length - 1].itemId}: ${f.reason}`);
      after = page[page.length - 1].itemId;
      if (page.length < BACKFILL_CHUNK) break;
    }
    if (notAsked > 0) outcome.failures.push(`${notAsked} item(s) not asked: over PRELABEL_LLM_LF_BACKFILL_MAX (${this.cfg.PRELABEL_LLM_LF_BACKFILL_MAX})`);
    return outcome;
  }
}
