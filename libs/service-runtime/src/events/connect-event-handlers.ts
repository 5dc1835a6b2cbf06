import type { INestApplication } from '@nestjs/common';
import { EventRuntime } from '../event-runtime';
import { PLATFORM_CONFIG } from '../tokens';
import { KafkaRunnerTransport } from './kafka-runner.transport';

/**
 * Connects the app's `@OnTopic` / `@OnTopicBatch` handlers to Kafka (KafkaRunnerTransport) and
 * starts listening; call it after NestFactory.create and before init/listen. The app's HTTP
 * guards, pipes and filters do not apply to these handlers (Nest gives a connected transport its
 * own configuration); each handler carries the filter that hands its errors to the runner.
 */
export async function connectEventHandlers(app: INestApplication): Promise<KafkaRunnerTransport> {
  const transport = new KafkaRunnerTransport(app.get(EventRuntime), app.get(PLATFORM_CONFIG));
  app.connectMicroservice({ strategy: transport });
  await app.startAllMicroservices();
  return transport;
}
