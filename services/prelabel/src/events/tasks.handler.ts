import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { TaskEvent, TOPICS } from '@verity/contracts';
import { BatchRecord, ConsumerRunner } from '@verity/messaging';
import { EventRuntime } from '@verity/service-runtime';
import { PRELABEL_CONFIG, type PrelabelConfig } from '../prelabel.settings';
import { ProcessTaskUseCase } from '../use-cases/process-task.use-case';

/** Kafka edge of the main path: tasks.v1 → prelabels.v1 (+ annotations.v1), in batches, once per event id. */
@Injectable()
export class TasksHandler implements OnModuleInit {
  runner?: ConsumerRunner;
  readonly routes: Record<string, number> = {};

  constructor(
    private readonly runtime: EventRuntime,
    private readonly process: ProcessTaskUseCase,
    @Inject(PRELABEL_CONFIG) private readonly cfg: PrelabelConfig,
  ) {}

  onModuleInit(): void {
    this.runner = this.runtime
      .consumer({ partitionsConsumedConcurrently: this.cfg.PRELABEL_CONCURRENCY })
      // In batches (one transaction each); a batch that keeps failing is handled record by
      // record by the consumer runner, so a bad task is dead-lettered alone.
      .subscribeBatch(TOPICS.tasks, async (records: BatchRecord<TaskEvent>[]) => {
        const outcomes = await this.process.executeMany(records);
        for (const outcome of outcomes) this.routes[outcome] = (this.routes[outcome] ?? 0) + 1;
        if (outcomes.some((o) => o !== 'duplicate')) this.runtime.relay.kick();
      });
  }
}
