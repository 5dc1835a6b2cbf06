import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { Public } from '@verity/auth';
import { ReadinessService } from './readiness.service';

/** Liveness (the process answers) and readiness (Kafka, Postgres and S3 answer; no consumer stalled). */
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Public()
  @Get('healthz')
  @HttpCode(200)
  healthz() {
    return { status: 'ok' };
  }

  @Public()
  @Get('readyz')
  async readyz(@Res({ passthrough: true }) res: { status(code: number): unknown }) {
    const result = await this.readiness.check();
    res.status(result.ready ? 200 : 503);
    return { status: result.ready ? 'ready' : 'not ready', checks: result.checks };
  }
}
