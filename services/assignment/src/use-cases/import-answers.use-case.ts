import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { z } from '@verity/config';
import { DATA_SOURCE, EventRuntime, validate, type Principal } from '@verity/service-runtime';
import { DataSource } from 'typeorm';
import { ProjectCopyRepository } from '../db/project-copy.repository';
import { ImportedAnswersRepository } from '../db/imported-answers.repository';
import { importedAnnotationId } from '../domain/imported-answer.rule';
import { ApplyImportedAnswersService } from './apply-imported-answers.service';

const id = (max: number) => z.string().min(1, 'is required').max(max, `must be at most ${max} characters`);

export const MAX_IMPORTED_ANSWERS = 1000;

export const importAnswersBody = z
  .object({
    answers: z
      .array(
        z
          .object({
            source: id(200),
            sourceId: id(500),
            questionId: id(200),
            annotatorId: id(200),
            optionIds: z.array(id(200)).min(1, 'needs at least one option id'),
            submittedAt: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time' }),
            timeSpentMs: z.number().int('must be an integer').nonnegative('must be ≥ 0').max(7 * 24 * 3600 * 1000, 'must be at most a week').optional(),
            externalId: id(200),
          })
          .strict(),
      )
      .min(1, 'needs at least one answer')
      .max(MAX_IMPORTED_ANSWERS, `takes at most ${MAX_IMPORTED_ANSWERS} answers per call`),
  })
  .strict();

/** What an import call did: every answer posted is applied, parked (its task not there yet) or a duplicate. */
export interface ImportAnswersResult {
  received: number;
  applied: number;
  parked: number;
  duplicates: number;
  /** Answers parked because they do not fit the task found (e.g. an option it does not have): index in the request, why. */
  notApplicable: { index: number; reason: string }[];
}

/**
 * POST /v1/projects/:projectId/imported-answers (the gateway's Label Studio import; project
 * manager of the project, or admin, as for gold): records human answers given in another tool,
 * keyed by the content's source ids; applies those whose real task is queued, parks the others
 * until it is (task intake applies them). Idempotent: an answer posted again is a duplicate.
 */
@Injectable()
export class ImportAnswersUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly runtime: EventRuntime,
    private readonly projects: ProjectCopyRepository,
    private readonly imports: ImportedAnswersRepository,
    private readonly applier: ApplyImportedAnswersService,
  ) {}

  async execute(principal: Principal, projectId: string, body: unknown): Promise<ImportAnswersResult> {
    const { project, member } = await this.projects.standingOf(this.ds, projectId, principal.id, false);
    const isAdmin = principal.roles.includes('admin');
    if (!project || (!isAdmin && !(member?.active && member.roles.includes('project_manager')))) {
      throw new NotFoundException('project not found');
    }
    const input = validate(importAnswersBody, body);
    const answers = input.answers.map((a) => ({
      ...a,
      submittedAt: new Date(a.submittedAt),
      annotationId: importedAnnotationId({ projectId, ...a }),
    }));
    const result = await this.ds.transaction(async (tx) => {
      await this.imports.lockProject(tx, projectId);
      const inserted = await this.imports.insertMany(tx, projectId, principal.id, answers);
      const outcome = await this.applier.applyAnswers(tx, projectId, inserted);
      const reasons = new Map(outcome.notApplicable.map((n) => [n.annotationId, n.reason]));
      const firstIndex = new Map<string, number>();
      answers.forEach((a, i) => firstIndex.set(a.annotationId, firstIndex.get(a.annotationId) ?? i));
      return {
        received: answers.length,
        applied: outcome.applied.length,
        parked: inserted.length - outcome.applied.length,
        duplicates: answers.length - inserted.length,
        notApplicable: [...reasons].map(([annotationId, reason]) => ({ index: firstIndex.get(annotationId)!, reason })).sort((x, y) => x.index - y.index),
      };
    });
    if (result.applied > 0) this.runtime.relay.kick();
    return result;
  }
}
