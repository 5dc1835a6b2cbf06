import type { PlatformMetrics } from './platform-metrics';

interface RoutedRequest {
  method: string;
  baseUrl?: string;
  /** Set by Express once a route matched: its path pattern (`/v1/projects/:projectId/...`). */
  route?: { path?: unknown };
}

interface FinishingResponse {
  statusCode: number;
  once(event: 'finish', listener: () => void): unknown;
}

/** What a request answered by no route is labelled with (a 404, a static file): never its URL. */
export const UNMATCHED_ROUTE = '(unmatched)';

/** The route label: the matched pattern, or UNMATCHED_ROUTE; never the raw URL with its ids. */
export function routeLabel(req: RoutedRequest): string {
  const pattern = req.route?.path;
  return typeof pattern === 'string' ? `${req.baseUrl ?? ''}${pattern}` || '/' : UNMATCHED_ROUTE;
}

/** Express middleware observing every request's duration into verity_http_request_duration_seconds. */
export function httpMetrics(metrics: PlatformMetrics) {
  return (req: RoutedRequest, res: FinishingResponse, next: () => void): void => {
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => end({ method: req.method, route: routeLabel(req), status: String(res.statusCode) }));
    next();
  };
}
