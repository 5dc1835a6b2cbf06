import { Injectable, OnModuleInit } from '@nestjs/common';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { AggregationMethod, type DecisionEvent, TOPICS } from '@verity/contracts';
import { EventRuntime } from '@verity/service-runtime';
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
@Injectable()
export class AuditOutcomesHandler implements OnModuleInit {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly audits: MachineAuditsRepository,
    private readonly tasks: TasksRepository,
    private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox('quality.audits');
    this.runtime.consumer({ groupSuffix: 'audits' }).subscribe(TOPICS.decisions, async (d: DecisionEvent, ctx) => {
      if (!isExpertDecision(d)) return;
      const finalKey = answerKey(d.answer) ?? (d.label || null);
      if (finalKey === null) return;
      let resolved = 0;
      await inbox.once(ctx, async (tx) => {
        const method = d.aggregation?.method || AggregationMethod.ADJUDICATION;
        const at = d.envelope?.occurredAt ? timestampDate(d.envelope.occurredAt) : new Date();
        await this.tasks.recordExpertFinal(tx, d.taskId, { ...finalLabelOf({ label: d.label, answer: d.answer, method }), at });
        resolved = await this.audits.resolve(tx, d.taskId, finalKey, 'adjudication');
      });
      if (resolved > 0) this.logger.info('machine audits resolved by an expert verdict', { taskId: d.taskId, resolved });
    });
  }
}
