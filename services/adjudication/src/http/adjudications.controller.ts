import type { ServerResponse } from 'node:http';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@verity/service-runtime';
import { writeMedia } from '@verity/storage';
import { ClaimNextUseCase } from '../use-cases/claim-next.use-case';
import { ConfirmGoldUseCase } from '../use-cases/confirm-gold.use-case';
import { EscalateUseCase } from '../use-cases/escalate.use-case';
import { GetRequestUseCase } from '../use-cases/get-request.use-case';
import { GiveVerdictUseCase } from '../use-cases/give-verdict.use-case';
import { ListQueueUseCase } from '../use-cases/list-queue.use-case';
import { RequestMediaUseCase } from '../use-cases/request-media.use-case';

/**
 * The expert API (reached through the gateway). Every route needs a person's bearer token (the
 * global guard denies by default); project membership and roles are checked by the use cases:
 * outsiders 404, members without quality_analyst / project_manager 403. Thin: one use case each.
 */
@Controller('v1')
export class AdjudicationsController {
  constructor(
    private readonly listQueue: ListQueueUseCase,
    private readonly claimNext: ClaimNextUseCase,
    private readonly getRequest: GetRequestUseCase,
    private readonly giveVerdict: GiveVerdictUseCase,
    private readonly escalateRequest: EscalateUseCase,
    private readonly confirmGold: ConfirmGoldUseCase,
    private readonly requestMedia: RequestMediaUseCase,
  ) {}

  @Get('projects/:projectId/adjudications')
  list(@CurrentPrincipal() principal: Principal, @Param('projectId') projectId: string, @Query() query: Record<string, unknown>) {
    return this.listQueue.execute(principal, projectId, query);
  }

  @Post('projects/:projectId/adjudications/next')
  async next(
    @CurrentPrincipal() principal: Principal,
    @Param('projectId') projectId: string,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: { status(code: number): unknown },
  ) {
    const view = await this.claimNext.execute(principal, projectId, query);
    res.status(view ? 200 : 204);
    return view ?? undefined;
  }

  @Get('adjudications/:requestId')
  get(@CurrentPrincipal() principal: Principal, @Param('requestId') requestId: string) {
    return this.getRequest.execute(principal, requestId);
  }

  /** The request's payload, streamed with byte ranges, to whoever may read the request. */
  @Get('adjudications/:requestId/media')
  async media(
    @CurrentPrincipal() principal: Principal,
    @Param('requestId') requestId: string,
    @Headers('range') range: string | undefined,
    @Headers('if-range') ifRange: string | undefined,
    @Res() res: ServerResponse,
  ): Promise<void> {
    await writeMedia(res, await this.requestMedia.execute(principal, requestId, { range, ifRange }));
  }

  @Post('adjudications/:requestId/verdict')
  @HttpCode(201)
  verdict(@CurrentPrincipal() principal: Principal, @Param('requestId') requestId: string, @Body() body: unknown) {
    return this.giveVerdict.execute(principal, requestId, body);
  }

  @Post('adjudications/:requestId/escalate')
  @HttpCode(200)
  escalate(@CurrentPrincipal() principal: Principal, @Param('requestId') requestId: string, @Body() body: unknown) {
    return this.escalateRequest.execute(principal, requestId, body);
  }

  @Post('projects/:projectId/gold/:requestId/confirm')
  @HttpCode(201)
  confirm(@CurrentPrincipal() principal: Principal, @Param('projectId') projectId: string, @Param('requestId') requestId: string) {
    return this.confirmGold.execute(principal, projectId, requestId);
  }
}
