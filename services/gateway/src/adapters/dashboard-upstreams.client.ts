import { Provider } from '@nestjs/common';
import { Logger } from '@verity/telemetry';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.settings';
import { UpstreamClient } from './upstream.client';

/** Ingestion's HTTP API (only its stats: no public route is forwarded there). */
export const INGESTION_UPSTREAM = Symbol('INGESTION_UPSTREAM');

export const dashboardUpstreamProviders: Provider[] = [
  {
    provide: INGESTION_UPSTREAM,
    inject: [GATEWAY_CONFIG, Logger],
    useFactory: (c: GatewayConfig, logger: Logger) => new UpstreamClient('ingestion', c.INGESTION_URL, c.UPSTREAM_TIMEOUT_MS, logger),
  },
];
