import { Injectable } from '@nestjs/common';
import { fromBinary } from '@bufbuild/protobuf';
import type { EntityManager } from 'typeorm';
import { AdjudicationReason, AnswerRecordSchema, causedBy, createEvent, newEnvelope, TOPICS, uuidv7, type Envelope } from '@verity/contracts';
import { EventRuntime } from '@verity/service-runtime';
import { AnswersRepository } from '../db/answers.repository';
import { ProjectCopyRepository } from '../db/project-copy.repository';
import type { TaskRow } from '../db/tasks.repository';

/** What the expert reads on a label check's request (the model's answer is not named: the expert decides blind). */
export const LABEL_CHECK_DETAIL = "label check: the project's local model, scored on this item without having trained on it, disagrees with its decided label";
/** What the expert reads when a blind audit disagreed with the crowd's label. */
export const AUDIT_CHECK_DETAIL = "audit: the machine's blind answer on this item disagrees with the crowd's label";

/**
 * A second look by the expert at a task that already has a label, because the machine disagrees
 * with it (a label check, or a blind audit against the crowd): an adjudications.v1 request with
 * reason MACHINE_DISAGREEMENT, the humans' counted answers and the label as proposed label, and
 * never the machine's answer (decision 80). The verdict makes a new label version as any other.
 */
@Injectable()
export class SecondLookService {
  constructor(
    private readonly projects: ProjectCopyRepository,
    private readonly answers: AnswersRepository,
    private readonly runtime: EventRuntime,
  ) {}

  async request(tx: EntityManager, task: TaskRow, label: string, detail: string, cause: Envelope): Promise<void> {
    const project = await this.projects.get(tx, task.projectId);
    const humans = (await this.answers.forTask(tx, task.projectId, task.taskId)).filter((a) => a.counted);
    const envelope = newEnvelope({ producer: 'quality', projectId: task.projectId, spec: TOPICS.adjudications, ...causedBy(cause) });
    const event = createEvent(TOPICS.adjudications, {
      envelope,
      requestId: uuidv7(),
      taskId: task.taskId,
      itemId: task.itemId,
      questionId: task.questionId,
      ontologyVersion: task.ontologyVersion,
      reasons: [AdjudicationReason.MACHINE_DISAGREEMENT],
      detail,
      answers: humans.map((a) => fromBinary(AnswerRecordSchema, a.record)),
      agreement: { answerCount: humans.length },
      proposedLabel: label,
      agreementThreshold: project?.agreementThreshold ?? 0,
      posteriorThreshold: project?.posteriorThreshold ?? 0,
    });
    await this.runtime.outbox.enqueue(tx, TOPICS.adjudications, event);
  }
}
