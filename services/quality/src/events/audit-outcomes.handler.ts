import { Controller } from '@nestjs/common';
import { Payload, Ctx } from '@nestjs/microservices';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { AggregationMethod, type DecisionEvent, TOPICS } from '@verity/contracts';
import { type MessageContext, NonRetryableError } from '@verity/messaging';
import type { Inbox } from '@verity/persistence';
import { EventRuntime, OnTopic } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { TasksRepository } from '../db/tasks.repository';
import { answerKey } from '../domain/answer.key';
import { finalLabelOf } from '../domain/final-label.rule';
import { MachineAuditsRepository } from '../db/machine-audits.repository';

/** A final label quality did not decide itself: an expert verdict (adjudication) on a task. */
export const isExpertDecision = (d: DecisionEvent): boolean => d.envelope?.producer !== 'quality' && d.adjudicated && d.taskId !== '';

/**
 * decisions.v1 (group `quality.audits`): an expert's decision is the task's final label.
 * It is stored on the task (the annotators' "my work" view shows it), and the task's open
 * machine audits are resolved against it. (Tasks quality decides itself get both in the same
 * transaction as the decision.)
 */
@Controller()
export class AuditOutcomesHandler {
  private readonly inbox: Inbox;

  constructor(
    runtime: EventRuntime,
    private readonly audits: MachineAuditsRepository,
    private readonly tasks: TasksRepository,
    private readonly logger: Logger,
  ) {
    this.inbox = runtime.inbox('quality.audits');
  }

  @OnTopic(TOPICS.decisions, { group: 'audits' })
  async decision(@Payload() d: DecisionEvent, @Ctx() ctx: MessageContext): Promise<void> {
    if (!isExpertDecision(d)) return;
    const finalKey = answerKey(d.answer) ?? (d.label || null);
    if (finalKey === null) return;
    const projectId = d.envelope?.projectId;
    if (!projectId) throw new NonRetryableError(`expert decision on task ${d.taskId} without envelope.project_id`);
    let resolved = 0;
    await this.inbox.once(ctx, async (tx) => {
      const method = d.aggregation?.method || AggregationMethod.ADJUDICATION;
      const at = d.envelope?.occurredAt ? timestampDate(d.envelope.occurredAt) : new Date();
      await this.tasks.recordExpertFinal(tx, projectId, d.taskId, { ...finalLabelOf({ label: d.label, answer: d.answer, method }), at });
      resolved = await this.audits.resolve(tx, projectId, d.taskId, finalKey, 'adjudication');
    });
    if (resolved > 0) this.logger.info('machine audits resolved by an expert verdict', { taskId: d.taskId, resolved });
  }
}
