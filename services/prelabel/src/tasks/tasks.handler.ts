import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { TaskEvent, TOPICS } from '@verity/contracts';
import { ConsumerRunner } from '@verity/messaging';
import { EventRuntime } from '@verity/service-runtime';
import { PRELABEL_CONFIG, type PrelabelConfig } from '../prelabel.settings';
import { ProcessTaskUseCase } from './process-task.use-case';

/** Kafka edge of the main path: tasks.v1 → prelabels.v1 (+ annotations.v1), once per event id. */
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
      .subscribe(TOPICS.tasks, async (event: TaskEvent, ctx) => {
        const outcome = await this.process.execute(event, ctx);
        this.routes[outcome] = (this.routes[outcome] ?? 0) + 1;
        if (outcome !== 'duplicate') this.runtime.relay.kick();
      });
  }
}
