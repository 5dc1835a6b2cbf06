import { Provider } from '@nestjs/common';
import { Logger } from '@verity/telemetry';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.settings';
import { UpstreamClient } from './upstream.client';

/** The services whose HTTP APIs the gateway fronts, each at one fixed URL from the settings. */
export const ASSIGNMENT_UPSTREAM = Symbol('ASSIGNMENT_UPSTREAM');
export const ADJUDICATION_UPSTREAM = Symbol('ADJUDICATION_UPSTREAM');
export const EXPORT_UPSTREAM = Symbol('EXPORT_UPSTREAM');
export const QUALITY_UPSTREAM = Symbol('QUALITY_UPSTREAM');
export const PRELABEL_UPSTREAM = Symbol('PRELABEL_UPSTREAM');

const upstream = (token: symbol, name: string, url: (c: GatewayConfig) => string | undefined): Provider => ({
  provide: token,
  inject: [GATEWAY_CONFIG, Logger],
  useFactory: (c: GatewayConfig, logger: Logger) => new UpstreamClient(name, url(c), c.UPSTREAM_TIMEOUT_MS, logger),
});

export const upstreamProviders: Provider[] = [
  upstream(ASSIGNMENT_UPSTREAM, 'assignment', (c) => c.ASSIGNMENT_URL),
  upstream(ADJUDICATION_UPSTREAM, 'adjudication', (c) => c.ADJUDICATION_URL),
  upstream(EXPORT_UPSTREAM, 'export', (c) => c.EXPORT_URL),
  upstream(QUALITY_UPSTREAM, 'quality', (c) => c.QUALITY_URL),
  upstream(PRELABEL_UPSTREAM, 'prelabel', (c) => c.PRELABEL_URL),
];
