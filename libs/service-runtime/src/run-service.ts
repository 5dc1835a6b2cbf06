import 'reflect-metadata';
import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigOf, ConfigShape, loadConfigOrExit } from '@verity/config';
import { MissingDlqKeyError } from '@verity/messaging';
import { Logger, serviceTelemetry, startTelemetry } from '@verity/telemetry';
import { jsonBodyParser, refuseNulInUrl } from './body-limits';
import { DependencyUnavailableFilter } from './dependency-unavailable.filter';
import { connectEventHandlers } from './events/connect-event-handlers';
import { httpMetrics } from './metrics/http-metrics.middleware';
import { PlatformMetrics } from './metrics/platform-metrics';
import { NestLoggerAdapter } from './nest-logger';
import { platformSettings } from './platform-settings';

export interface RunServiceOptions<S extends ConfigShape> {
  service: string;
  /** The service's own settings, on top of the platform's. */
  settings: S;
  module: (config: ConfigOf<typeof platformSettings & S>) => Type | DynamicModule;
  /** Last touches before listening (OpenAPI document, body parsers…). */
  configure?: (app: INestApplication, config: ConfigOf<typeof platformSettings & S>) => void | Promise<void>;
}

/**
 * The one way a service starts: validate config (exit naming any bad setting), start
 * telemetry, build the Nest app, listen, and shut down cleanly on SIGTERM.
 */
export async function runService<S extends ConfigShape>(opts: RunServiceOptions<S>): Promise<INestApplication> {
  const config = loadConfigOrExit(opts.service, { ...platformSettings, ...opts.settings });
  // Normally started already by the service's src/instrument.ts (first import of main.ts).
  const telemetry =
    serviceTelemetry(opts.service) ??
    startTelemetry({ serviceName: opts.service, otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT, zipkinUrl: config.ZIPKIN_URL });
  const logger = new Logger(opts.service, config.LOG_LEVEL);
  try {
    const app = await NestFactory.create(opts.module(config as ConfigOf<typeof platformSettings & S>), {
      logger: new NestLoggerAdapter(logger),
      abortOnError: false, // our catch below logs which part failed, then exits 1
    });
    app.enableShutdownHooks();
    // First, so every request is timed (verity_http_request_duration_seconds), refused ones included.
    app.use(httpMetrics(app.get(PlatformMetrics, { strict: false })));
    // Body limits (size 413, nesting or NUL 400) for every service; a parser the module installed
    // earlier (the gateway's larger one) has already read the body, and this one stands aside.
    app.use(refuseNulInUrl());
    app.use(jsonBodyParser());
    app.useGlobalFilters(new DependencyUnavailableFilter(app.getHttpAdapter()));
    await opts.configure?.(app, config as ConfigOf<typeof platformSettings & S>);
    // Kafka handlers (@OnTopic / @OnTopicBatch) subscribe here and start consuming with the app.
    await connectEventHandlers(app);
    const stopTelemetry = () => void telemetry.shutdown();
    process.once('beforeExit', stopTelemetry);
    await app.listen(config.PORT, config.HOST);
    logger.info('service started', { host: config.HOST, port: config.PORT });
    return app;
  } catch (error) {
    if (error instanceof MissingDlqKeyError) {
      // A setting this service turns out to need (it consumes a sensitive topic): a config error.
      process.stderr.write(`${opts.service}: invalid configuration:\n  - ${error.setting}: ${error.message}\n`);
      await telemetry.shutdown();
      process.exit(78);
    }
    logger.error('service failed to start', { error });
    await telemetry.shutdown();
    process.exit(1);
  }
}
