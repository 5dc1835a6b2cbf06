import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LabelingFunction, LfFieldError } from '@verity/label-science';
import { badRequest, DATA_SOURCE } from '@verity/service-runtime';
import { type CheckedAgainst, checkLfDefinition, type KnownQuestion, sameDefinition, storedDefinition } from '../domain/labeling-function.policy';
import { LabelingFunctionRepository } from '../db/labeling-function.repository';
import { ProjectPolicyRepository } from '../db/project-policy.repository';
import { TaskRepository } from '../db/task.repository';
import { type BackfillOutcome, LfVotesService } from './lf-votes.service';
import { RetrainService } from './retrain.service';

export interface SavedLf {
  lf: LabelingFunction;
  /** False when a PUT changed nothing (no new version). */
  created: boolean;
  checkedAgainst: CheckedAgainst;
  /** Whether prelabel runs it on arriving tasks itself (every kind; llm only with an LLM endpoint configured). */
  votesAutomatically: boolean;
  /** The new version's backfill over the tasks already held (null: nothing run). */
  backfill: BackfillOutcome | null;
}

function refused(errors: readonly LfFieldError[]): BadRequestException {
  return badRequest(errors, 'labeling function');
}

/**
 * Creates an LF (version 1) or a new version of one (a changed definition), or retires one.
 * Saving checks the definition (validateLf: regex syntax and backtracking; the question and
 * options against the project's ontology copy, else the latest task snapshot of the question),
 * stores it under the project's LF lock, then, once committed, backfills its votes over the
 * tasks prelabel holds, in the request (no arriving task is missed: see
 * LabelingFunctionRepository.lockProject). A PUT on a retired LF makes an active new version.
 */
@Injectable()
export class SaveLabelingFunctionUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly lfs: LabelingFunctionRepository,
    private readonly projects: ProjectPolicyRepository,
    private readonly tasks: TaskRepository,
    private readonly votes: LfVotesService,
    private readonly retrain: RetrainService,
  ) {}

  async create(projectId: string, owner: string, body: Record<string, unknown>): Promise<SavedLf> {
    const checked = await this.check(projectId, body, 1, owner);
    await this.ds.transaction(async (tx) => {
      await this.lfs.lockProject(tx, projectId);
      if (!(await this.lfs.insert(tx, projectId, checked.lf, storedDefinition(checked.lf))))
        throw new ConflictException(`id: labeling function "${checked.lf.id}" already exists in project ${projectId} (PUT …/labeling-functions/${checked.lf.id} to change it)`);
    });
    return this.saved(projectId, checked.lf, checked.checkedAgainst);
  }

  async update(projectId: string, lfId: string, owner: string, body: Record<string, unknown>): Promise<SavedLf> {
    if ('id' in body && body.id !== lfId) throw refused([{ field: 'id', reason: `must be "${lfId}" (the path's) or left out` }]);
    const latest = await this.lfs.latest(this.ds, projectId, lfId);
    if (!latest) throw new NotFoundException(`labeling function "${lfId}" not found in project ${projectId}`);
    const checked = await this.check(projectId, { ...body, id: lfId }, latest.lf.version + 1, owner);
    if (latest.retiredAt === null && sameDefinition(storedDefinition(latest.lf), storedDefinition(checked.lf)))
      return { lf: latest.lf, created: false, checkedAgainst: checked.checkedAgainst, votesAutomatically: this.votes.votesHere(latest.lf), backfill: null };
    await this.ds.transaction(async (tx) => {
      await this.lfs.lockProject(tx, projectId);
      const now = await this.lfs.latest(tx, projectId, lfId, true);
      if (now?.lf.version !== latest.lf.version) throw new ConflictException(`labeling function "${lfId}" changed meanwhile (now version ${now?.lf.version}); send the change again`);
      if (!(await this.lfs.insert(tx, projectId, checked.lf, storedDefinition(checked.lf))))
        throw new ConflictException(`labeling function "${lfId}" version ${checked.lf.version} exists already; send the change again`);
    });
    return this.saved(projectId, checked.lf, checked.checkedAgainst);
  }

  /**
   * Retires every version of the LF (it stops voting; versions and votes stay); how many versions
   * were active. The question's label model is refitted without it before the answer.
   */
  async retire(projectId: string, lfId: string): Promise<number> {
    const { retired, questionId } = await this.ds.transaction(async (tx) => {
      await this.lfs.lockProject(tx, projectId);
      const latest = await this.lfs.latest(tx, projectId, lfId);
      if (!latest) throw new NotFoundException(`labeling function "${lfId}" not found in project ${projectId}`);
      return { retired: await this.lfs.retire(tx, projectId, lfId), questionId: latest.lf.question_id };
    });
    await this.retrain.maybeRetrain(projectId, questionId, { lfsChanged: true });
    return retired;
  }

  /** After the save: the backfill, then the question's label model refitted with the new version, before the answer. */
  private async saved(projectId: string, lf: LabelingFunction, checkedAgainst: CheckedAgainst): Promise<SavedLf> {
    const backfill = this.votes.votesHere(lf) ? await this.votes.backfill(projectId, lf) : null;
    await this.retrain.maybeRetrain(projectId, lf.question_id, { lfsChanged: true });
    return { lf, created: true, checkedAgainst, votesAutomatically: this.votes.votesHere(lf), backfill };
  }

  private async check(projectId: string, body: Record<string, unknown>, version: number, owner: string) {
    const ontology = await this.projects.ontology(this.ds, projectId);
    let snapshot: KnownQuestion | null = null;
    if (!ontology && typeof body.question_id === 'string') {
      const task = await this.tasks.latestQuestionTask(this.ds, projectId, body.question_id);
      if (task?.question) snapshot = { questionId: task.questionId, options: task.question.options.map((o) => o.optionId), kind: task.question.kind };
    }
    const r = checkLfDefinition(body, {
      version,
      owner,
      ontology: ontology ? ontology.questions.map((q) => ({ questionId: q.questionId, options: q.options, kind: q.kind })) : null,
      snapshot,
    });
    if (!r.ok) throw refused(r.errors);
    return r;
  }
}
