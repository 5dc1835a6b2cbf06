import { Controller, ForbiddenException, Get, Headers, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@verity/auth';
import { z } from '@verity/config';
import { ApiErrors, ApiForwarded, ApiPersonAuth, ApiZodQuery, ApiZodResponse } from './openapi/api-docs.decorators';
import { answerSchema, timestamp } from './openapi/schemas/common.schemas';
import { Forwarder, HttpResponse, queryOf, segment } from '../adapters/upstream.forwarder';
import { UpstreamClient } from '../adapters/upstream.client';
import { QUALITY_UPSTREAM } from '../adapters/upstreams.registry';

// The response as quality builds it: services/quality/README.md "My work", src/my-work/my-work.ts.
const myWorkQuerySchema = z.object({
  limit: z.number().int().min(1).max(200).default(50).meta({ description: 'Answers per page (1..200)' }),
  after: z.string().optional().meta({ description: 'The previous page’s nextCursor' }),
});

const checkSchema = z
  .strictObject({
    correct: z.number().int(),
    total: z.number().int(),
    rate: z.number().nullable().meta({ description: 'correct / total; null before the first check' }),
    low: z.number().nullable().meta({ description: '95 % Wilson interval, lower bound' }),
    high: z.number().nullable().meta({ description: '95 % Wilson interval, upper bound' }),
  })
  .meta({ id: 'CheckAccuracy' });

const myWorkSchema = z
  .strictObject({
    answers: z.array(
      z
        .strictObject({
          annotationId: z.string(),
          taskId: z.string(),
          itemId: z.string(),
          questionId: z.string(),
          ontologyVersion: z.number().int(),
          answer: answerSchema.nullable().meta({ description: 'As submitted' }),
          submittedAt: timestamp,
          timeSpentMs: z.number().int(),
          finalLabel: z
            .strictObject({
              label: z.string().nullable().meta({ description: 'Option id of a single-choice label; null for other kinds' }),
              answer: answerSchema,
              method: z.string().meta({ description: 'majority_vote, dawid_skene, mace, machine_auto_accept, weak_supervision or adjudication' }),
              decidedAt: timestamp,
            })
            .nullable()
            .meta({ description: 'The task’s final label once decided; null until then' }),
        })
        .meta({ id: 'MyWorkAnswer' }),
    ),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `after` for the next page; null on the last' }),
    accuracy: z
      .strictObject({
        gold: checkSchema.meta({ description: 'Answers judged against expert truth (expert verdicts, confirmed gold)' }),
        honeypots: checkSchema,
      })
      .nullable()
      .meta({ description: 'Only when the project policy has showAnnotatorAccuracy' }),
  })
  .meta({ id: 'MyWork' });

/**
 * The annotator's "my work" view, served by the quality service (which holds every answer and
 * final label): people only, forwarded with the query string. Quality checks that the caller is
 * an active annotator member of the project (404 otherwise), as assignment does for the task API.
 */
@ApiTags('annotator')
@ApiPersonAuth()
@ApiForwarded('quality')
@Controller('v1/projects/:projectId/my-work')
export class MyWorkProxyController {
  constructor(
    @Inject(QUALITY_UPSTREAM) private readonly quality: UpstreamClient,
    private readonly forwarder: Forwarder,
  ) {}

  @Get()
  @ApiOperation({
    summary: "The caller's own answers in a project, newest first, with final labels once decided (quality service)",
    description:
      '`accuracy` (gold and honeypot correct/total with 95 % Wilson intervals) only when the project policy has ' +
      'showAnnotatorAccuracy. Nothing in an answer tells a honeypot from a real task.',
  })
  @ApiZodQuery(myWorkQuerySchema)
  @ApiZodResponse(200, myWorkSchema)
  @ApiErrors(404)
  get(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers() h: Record<string, string>, @Query() q: Record<string, unknown>, @Res() res: HttpResponse) {
    if (p.kind !== 'user') throw new ForbiddenException('"my work" is for people: sign in');
    return this.forwarder.forward(this.quality, p, h, res, { method: 'GET', path: `/v1/projects/${segment(projectId)}/my-work`, query: queryOf(q) });
  }
}
