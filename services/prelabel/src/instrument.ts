// main.ts imports this first: tracing must start before http, pg, kafkajs and NestJS load,
// since the OpenTelemetry instrumentations patch modules as they are required.
import { startServiceTelemetry } from '@verity/telemetry';

startServiceTelemetry('prelabel');
