import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { type AnnotationEvent, TOPICS } from '@verity/contracts';
import { EventRuntime } from '@verity/service-runtime';
import { Logger } from '@verity/telemetry';
import { QUALITY_CONFIG, type QualitySettings } from '../quality.settings';
import { RecordAnnotationUseCase, RecordResult } from './record-annotation.use-case';

/** Kafka edge for annotations.v1 (group `quality`): each event once (inbox), its effects through the outbox. */
@Injectable()
export class AnnotationsHandler implements OnModuleInit {
  constructor(
    private readonly runtime: EventRuntime,
    private readonly record: RecordAnnotationUseCase,
    private readonly logger: Logger,
    @Inject(QUALITY_CONFIG) private readonly cfg: QualitySettings,
  ) {}

  onModuleInit(): void {
    const inbox = this.runtime.inbox('quality.annotations');
    this.runtime
      .consumer({ partitionsConsumedConcurrently: this.cfg.QUALITY_CONCURRENCY })
      .subscribe(TOPICS.annotations, async (event: AnnotationEvent, ctx) => {
        let result: RecordResult | 'redelivered' = 'redelivered';
        await inbox.once(ctx, async (tx) => {
          result = await this.record.execute(tx, event);
        });
        if (result !== 'redelivered') this.runtime.relay.kick();
        this.logger.debug('annotation handled', { annotationId: event.annotationId, taskId: event.taskId, result });
      });
  }
}
