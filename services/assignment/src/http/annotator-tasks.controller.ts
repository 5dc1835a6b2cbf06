import type { ServerResponse } from 'node:http';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CurrentPrincipal, Roles, type Principal } from '@verity/service-runtime';
import { writeMedia } from '@verity/storage';
import { LeaseNextTaskUseCase } from '../use-cases/lease-next-task.use-case';
import { ListMyLeasesUseCase } from '../use-cases/list-my-leases.use-case';
import { SkipTaskUseCase } from '../use-cases/skip-task.use-case';
import { SubmitAnswerUseCase } from '../use-cases/submit-answer.use-case';
import { TaskMediaUseCase } from '../use-cases/task-media.use-case';

/** The annotator task API (reached through the gateway). Thin: every action is a use case. */
@Controller('v1')
@Roles('annotator')
export class AnnotatorTasksController {
  constructor(
    private readonly leaseNext: LeaseNextTaskUseCase,
    private readonly listMine: ListMyLeasesUseCase,
    private readonly submitAnswer: SubmitAnswerUseCase,
    private readonly skipTask: SkipTaskUseCase,
    private readonly taskMedia: TaskMediaUseCase,
  ) {}

  @Post('projects/:projectId/tasks/next')
  async next(
    @CurrentPrincipal() principal: Principal,
    @Param('projectId') projectId: string,
    @Res({ passthrough: true }) res: { status(code: number): unknown },
  ) {
    const task = await this.leaseNext.execute(principal, projectId);
    if (!task) {
      res.status(204);
      return undefined;
    }
    res.status(200);
    return task;
  }

  @Get('projects/:projectId/tasks/mine')
  async mine(@CurrentPrincipal() principal: Principal, @Param('projectId') projectId: string) {
    return { leases: await this.listMine.execute(principal, projectId) };
  }

  @Post('tasks/:taskId/submit')
  @HttpCode(201)
  submit(@CurrentPrincipal() principal: Principal, @Param('taskId') taskId: string, @Body() body: unknown) {
    return this.submitAnswer.execute(principal, taskId, body);
  }

  @Post('tasks/:taskId/skip')
  @HttpCode(200)
  skip(@CurrentPrincipal() principal: Principal, @Param('taskId') taskId: string, @Body() body: unknown) {
    return this.skipTask.execute(principal, taskId, body);
  }

  /** The task's payload, streamed with byte ranges, to the holder of a live lease (else 404). */
  @Get('tasks/:taskId/media')
  async media(
    @CurrentPrincipal() principal: Principal,
    @Param('taskId') taskId: string,
    @Headers('range') range: string | undefined,
    @Headers('if-range') ifRange: string | undefined,
    @Res() res: ServerResponse,
  ): Promise<void> {
    await writeMedia(res, await this.taskMedia.execute(principal, taskId, { range, ifRange }));
  }
}
