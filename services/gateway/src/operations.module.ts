import { Module } from '@nestjs/common';
import { TOPIC_LIST } from '@verity/contracts';
import { ConsumerLagService } from './adapters/consumer-lag.service';
import { DeadLettersService } from './adapters/dead-letters.service';
import { DlqDepthMetric } from './adapters/dlq-depth.metric';
import { OperationsController } from './http/operations.controller';
import { OPS_CONSUMER_SERVICES, OPS_TOPICS, platformConsumerServices } from './operations.settings';
import { RedriveLogRepository } from './db/redrive-log.repository';

export { CreateDlqRedrives1766000000000 } from './migrations/1766000000000-create-dlq-redrives';

/**
 * The operations API (`/v1/ops`, admin only): dead letters per topic, their redrive, and
 * consumer lag. Uses the platform's Kafka client, producer and database (PlatformModule is
 * global); its table comes with the gateway's migrations (CreateDlqRedrives1766000000000).
 */
@Module({
  controllers: [OperationsController],
  providers: [
    { provide: OPS_TOPICS, useFactory: () => [...TOPIC_LIST] },
    { provide: OPS_CONSUMER_SERVICES, useFactory: () => platformConsumerServices() },
    RedriveLogRepository,
    DeadLettersService,
    ConsumerLagService,
    DlqDepthMetric,
  ],
})
export class OperationsModule {}
