import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DATA_SOURCE } from '@verity/service-runtime';
import { type LfHead, type LfQuestionReport, lfQuestionReport } from '../domain/lf-report.policy';
import { LabelingFunctionRepository } from '../db/labeling-function.repository';
import { LabelRepository } from '../db/label.repository';
import { LfVoteRepository } from '../db/lf-vote.repository';
import { TaskRepository } from '../db/task.repository';
import { type LabelModelSummary, WeakSupervisionService } from './weak-supervision.service';

export interface QuestionLfAnalysis extends LfQuestionReport {
  questionId: string;
  /** The question's label model (weak supervision); null before the first fit. */
  labelModel: LabelModelSummary | null;
}

/**
 * LF analysis per question (label-science analyzeLfs, see lfQuestionReport): per LF version,
 * coverage, overlap and conflict over the items of the question prelabel holds with text (what
 * the LFs can vote on), polarity, and empirical accuracy with a Wilson interval against the
 * decided labels stored here (labels.v1, the latest per item, excluded ones left out); with a
 * bucket width, the active set per bucket of item arrival; and the label model's summary.
 */
@Injectable()
export class AnalyzeLabelingFunctionsUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly lfs: LabelingFunctionRepository,
    private readonly votes: LfVoteRepository,
    private readonly tasks: TaskRepository,
    private readonly labels: LabelRepository,
    private readonly weak: WeakSupervisionService,
  ) {}

  async execute(projectId: string, questionId?: string, bucketMs?: number): Promise<QuestionLfAnalysis[]> {
    const all = await this.lfs.list(this.ds, projectId);
    const questions = questionId ? [questionId] : [...new Set([...all.map((s) => s.lf.question_id), ...(await this.votes.questions(this.ds, projectId))])].sort();
    const out: QuestionLfAnalysis[] = [];
    for (const q of questions) {
      const heads = new Map<string, LfHead>(all.filter((s) => s.lf.question_id === q).map((s) => [s.lf.id, { version: s.lf.version, retired: s.retiredAt !== null }]));
      const votes = await this.votes.forQuestion(this.ds, projectId, q);
      const items = await this.tasks.itemsWithText(this.ds, projectId, q);
      const decided = await this.labels.decided(this.ds, projectId, q);
      const report = lfQuestionReport(
        votes.map((v) => ({ item_id: v.itemId, lf_id: v.lfId, lf_version: v.lfVersion, label: v.label, question_id: q })),
        {
          items,
          gold: decided,
          heads,
          ...(bucketMs ? { overTime: { bucketMs, itemTimes: await this.tasks.itemArrivals(this.ds, projectId, q) } } : {}),
        },
      );
      out.push({ questionId: q, ...report, labelModel: await this.weak.summary(projectId, q, items.length, decided) });
    }
    return out;
  }
}
