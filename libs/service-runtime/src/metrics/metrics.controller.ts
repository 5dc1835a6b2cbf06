import { Controller, ForbiddenException, Get, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { Public } from '@verity/auth';
import { PLATFORM_CONFIG } from '../tokens';
import { metricsAccess } from './metrics-access';
import { PlatformMetrics } from './platform-metrics';

interface MetricsRequest {
  headers: { authorization?: string };
  socket: { remoteAddress?: string };
}

interface MetricsResponse {
  setHeader(name: string, value: string): unknown;
  send(body: string): unknown;
}

/**
 * GET /metrics: the process's Prometheus text. Outside the people's auth (a scraper has no user
 * token), behind its own rule instead (`metricsAccess`: METRICS_TOKEN, else loopback only).
 */
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: PlatformMetrics,
    @Inject(PLATFORM_CONFIG) private readonly config: { METRICS_TOKEN?: string },
  ) {}

  @Public()
  @ApiExcludeEndpoint() // operations, not the API: docs/metrics.md describes it
  @Get('metrics')
  async scrape(@Req() req: MetricsRequest, @Res() res: MetricsResponse): Promise<void> {
    const access = metricsAccess(this.config.METRICS_TOKEN, req.headers.authorization, req.socket.remoteAddress);
    if (!access.ok) {
      if (access.status === 401) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new UnauthorizedException(access.message);
      }
      throw new ForbiddenException(access.message);
    }
    const text = await this.metrics.text();
    res.setHeader('Content-Type', this.metrics.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(text);
  }
}
