import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { TaskEvent, TOPICS } from '@verity/contracts';
import type { BatchRecord } from '@verity/messaging';
import { EventRuntime, OnTopicBatch } from '@verity/service-runtime';
import type { PrelabelConfig } from '../prelabel.settings';
import { ProcessTaskUseCase } from '../use-cases/process-task.use-case';

/** Kafka edge of the main path: tasks.v1 → prelabels.v1 (+ annotations.v1), in batches, once per event id. */
@Controller()
export class TasksHandler {
  readonly routes: Record<string, number> = {};

  constructor(
    private readonly runtime: EventRuntime,
    private readonly process: ProcessTaskUseCase,
  ) {}

  /**
   * In batches (one transaction each); a batch that keeps failing is handled record by record by
   * the consumer runner, so a bad task is dead-lettered alone.
   */
  @OnTopicBatch(TOPICS.tasks, { consumer: (c: PrelabelConfig) => ({ partitionsConsumedConcurrently: c.PRELABEL_CONCURRENCY }) })
  async taskBatch(@Payload() records: BatchRecord<TaskEvent>[]): Promise<void> {
    const outcomes = await this.process.executeMany(records);
    for (const outcome of outcomes) this.routes[outcome] = (this.routes[outcome] ?? 0) + 1;
    if (outcomes.some((o) => o !== 'duplicate')) this.runtime.relay.kick();
  }
}
