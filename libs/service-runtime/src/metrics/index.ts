export { PlatformMetrics, METRIC_NAMES, cachedFor, type GaugeSample, type GaugeSource, type ScrapedGauge } from './platform-metrics';
export { metricsAccess, isLoopback, type MetricsAccess } from './metrics-access';
export { httpMetrics, routeLabel, UNMATCHED_ROUTE } from './http-metrics.middleware';
export { MetricsController } from './metrics.controller';
export { PlatformMetricsSources, LAG_CACHE_MS } from './platform-metrics.sources';
