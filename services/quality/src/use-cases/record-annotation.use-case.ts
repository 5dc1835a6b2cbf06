import { Injectable } from '@nestjs/common';
import { create, toBinary } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { EntityManager } from 'typeorm';
import { type AnnotationEvent, AnswerRecordSchema, AnswerSource } from '@verity/contracts';
import { NonRetryableError } from '@verity/messaging';
import { AnnotatorStatsRepository } from '../db/annotator-stats.repository';
import { UpdateReliabilityUseCase } from './update-reliability.use-case';
import { GoldItemsRepository } from '../db/gold-items.repository';
import { RefitModelUseCase } from './refit-model.use-case';
import { answerKey, answerKind, scoreHoneypot } from '../domain/answer.key';
import { MachineAnswerUseCase, type LabelCheckOutcome, type MachineOutcome } from './machine-answer.use-case';
import { ProjectCopyRepository, questionOf } from '../db/project-copy.repository';
import { lockProject } from '../db/project.lock';
import { AnswersRepository } from '../db/answers.repository';
import { EvaluateTaskUseCase, Evaluation } from './evaluate-task.use-case';
import { TasksRepository, type TaskRow } from '../db/tasks.repository';

export type RecordResult = 'duplicate' | MachineOutcome | LabelCheckOutcome | 'provenance' | 'honeypot' | 'late' | Evaluation;

/**
 * One answer from annotations.v1, in the inbox transaction:
 * - machine answers are never gold, never used to judge humans and never counted in N: an
 *   auto-accepted one (audit = false) finalizes its task by itself, an audited one is kept to
 *   measure machine precision against the humans' final label, a label check may send a decided
 *   item to the expert and is not stored (MachineAnswerUseCase);
 * - honeypot answers are scored against their expected answer, update the annotator's honeypot
 *   accuracy (and the DS model, as clamped gold items), and never count toward a real task;
 * - real human answers count toward their task's N (one per annotator); when the task has
 *   them, it is evaluated (decision or adjudication). Answers after closing are kept, not counted.
 */
@Injectable()
export class RecordAnnotationUseCase {
  constructor(
    private readonly answers: AnswersRepository,
    private readonly tasks: TasksRepository,
    private readonly projects: ProjectCopyRepository,
    private readonly gold: GoldItemsRepository,
    private readonly stats: AnnotatorStatsRepository,
    private readonly model: RefitModelUseCase,
    private readonly reliability: UpdateReliabilityUseCase,
    private readonly evaluate: EvaluateTaskUseCase,
    private readonly machine: MachineAnswerUseCase,
  ) {}

  async execute(tx: EntityManager, e: AnnotationEvent): Promise<RecordResult> {
    const env = e.envelope!;
    const projectId = env.projectId;
    for (const [name, v] of Object.entries({ 'envelope.project_id': projectId, annotation_id: e.annotationId, task_id: e.taskId, item_id: e.itemId, question_id: e.questionId, annotator_id: e.annotatorId })) {
      if (!v) throw new NonRetryableError(`AnnotationEvent without ${name}`);
    }
    await lockProject(tx, projectId);
    if (e.source === AnswerSource.MACHINE && e.labelCheck) return this.machine.labelCheck(tx, e);
    const key = answerKey(e.answer);
    const human = e.source === AnswerSource.HUMAN;
    const honeypot = human && e.honeypot;
    const honeypotCorrect = honeypot ? scoreHoneypot(e.answer, e.expectedAnswer) : null;
    const record = create(AnswerRecordSchema, {
      annotationId: e.annotationId,
      annotatorId: e.annotatorId,
      source: e.source,
      answer: e.answer,
      submittedAt: e.submittedAt,
      timeSpentMs: e.timeSpentMs,
      draftShown: e.draftShown,
      model: e.model,
      // The audit chain: this answer's event, its task's event, the draft shown or auto-accepted.
      eventId: env.eventId,
      taskEventId: e.taskEventId,
      prelabelEventId: e.draft?.prelabelEventId ?? (e.source === AnswerSource.MACHINE ? env.causationId : ''),
    });
    const draftRecord =
      e.draftShown && e.draft?.answer
        ? create(AnswerRecordSchema, {
            annotationId: e.draft.prelabelEventId,
            annotatorId: e.draft.model?.modelId ?? 'machine',
            source: AnswerSource.MACHINE,
            answer: e.draft.answer,
            model: e.draft.model,
            taskEventId: e.taskEventId,
            prelabelEventId: e.draft.prelabelEventId,
          })
        : null;

    let task: TaskRow | null = null;
    let counted = false;
    if (human && !honeypot) {
      task = await this.tasks.lockOrCreate(tx, projectId, {
        taskId: e.taskId,
        itemId: e.itemId,
        questionId: e.questionId,
        ontologyVersion: e.ontologyVersion,
        answersRequired: e.answersRequired ?? null,
      });
      counted = task.status === 'open' && !(await this.answers.hasCounted(tx, projectId, e.taskId, e.annotatorId));
    } else if (!human) {
      // A machine answer may arrive before the humans': the task row must exist for them to find it.
      task = await this.tasks.lockOrCreate(tx, projectId, { taskId: e.taskId, itemId: e.itemId, questionId: e.questionId, ontologyVersion: e.ontologyVersion, answersRequired: null });
    }

    const stored = await this.answers.insert(tx, projectId, {
      annotationId: e.annotationId,
      eventId: env.eventId,
      taskId: e.taskId,
      itemId: e.itemId,
      questionId: e.questionId,
      ontologyVersion: e.ontologyVersion,
      annotatorId: e.annotatorId,
      source: e.source,
      kind: answerKind(e.answer),
      answerKey: key,
      honeypot,
      expectedKey: honeypot ? answerKey(e.expectedAnswer) : null,
      honeypotCorrect,
      counted,
      draftKey: draftRecord ? answerKey(e.draft?.answer) : null,
      draftRecord: draftRecord ? toBinary(AnswerRecordSchema, draftRecord) : null,
      record: toBinary(AnswerRecordSchema, record),
      submittedAt: e.submittedAt ? timestampDate(e.submittedAt) : new Date(),
      timeSpentMs: human && e.timeSpentMs > 0n ? Number(e.timeSpentMs) : null,
    });
    if (!stored) return 'duplicate'; // same annotation under another event id
    if (e.source === AnswerSource.MACHINE) return this.machine.execute(tx, e, record, task!);
    if (!human) return 'provenance'; // expert or feedback answers on annotations.v1: kept, never counted

    const project = await this.projects.get(tx, projectId);
    const options = questionOf(project, e.questionId, e.ontologyVersion)?.options ?? [];
    const fitKey = { projectId, questionId: e.questionId, ontologyVersion: e.ontologyVersion };

    if (honeypot) {
      const expected = answerKey(e.expectedAnswer);
      if (expected !== null) {
        await this.gold.upsert(tx, projectId, { itemId: e.itemId, questionId: e.questionId, ontologyVersion: e.ontologyVersion, source: 'honeypot', labelKey: expected });
      }
      await this.stats.ensure(tx, projectId, [e.annotatorId]);
      if (honeypotCorrect !== null) await this.stats.addHoneypot(tx, projectId, e.annotatorId, honeypotCorrect);
      if (answerKind(e.answer) === 'choice' && key !== null) await this.model.afterAnswer(tx, fitKey, options, env);
      await this.reliability.execute(tx, projectId, [e.annotatorId], env);
      return 'honeypot';
    }
    if (!counted) return 'late';
    await this.tasks.countHumanAnswer(tx, projectId, e.taskId);
    if (answerKind(e.answer) === 'choice' && key !== null) await this.model.afterAnswer(tx, fitKey, options, env);
    return this.evaluate.execute(tx, projectId, e.taskId, env);
  }
}
