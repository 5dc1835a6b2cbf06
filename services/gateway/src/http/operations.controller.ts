import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@verity/auth';
import { validate } from '@verity/service-runtime';
import { ApiAuth, ApiError, ApiErrors, ApiZodBody, ApiZodQuery, ApiZodResponse } from './openapi/api-docs.decorators';
import { ConsumerLagService } from '../adapters/consumer-lag.service';
import { DeadLettersService } from '../adapters/dead-letters.service';
import {
  consumerLagSchema,
  deadLetterPageQuery,
  deadLetterPageSchema,
  deadLetterTopicsSchema,
  redriveRequestSchema,
  redriveResultSchema,
} from './operations.schemas';

const topicParam = ApiParam({ name: 'topic', description: 'A contract topic, e.g. `content.v1` (not its `.dlq` twin)', example: 'content.v1' });

/** The operator's view of the event plumbing: dead letters (and their redrive) and consumer lag. Admin only. */
@ApiTags('operations')
@ApiAuth()
@Roles('admin')
@Controller('v1/ops')
export class OperationsController {
  constructor(
    private readonly deadLetters: DeadLettersService,
    private readonly lags: ConsumerLagService,
  ) {}

  @Get('dead-letters')
  @ApiOperation({ summary: 'Dead letters of every contract topic: count, newest, top five reasons (admin)' })
  @ApiZodResponse(200, deadLetterTopicsSchema)
  @ApiError(503, 'Kafka did not answer in time')
  summary() {
    return this.deadLetters.summary();
  }

  @Get('dead-letters/:topic')
  @ApiOperation({
    summary: 'A topic’s dead letters, newest first, a page at a time; payloads of sensitive (encrypted) topics are never shown (admin)',
  })
  @topicParam
  @ApiZodQuery(deadLetterPageQuery)
  @ApiZodResponse(200, deadLetterPageSchema)
  @ApiErrors(404)
  @ApiError(503, 'Kafka did not answer in time')
  page(@Param('topic') topic: string, @Query() query: unknown) {
    const q = validate(deadLetterPageQuery, query, 'query');
    return this.deadLetters.page(topic, q.limit, q.after);
  }

  @Post('dead-letters/:topic/redrive')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Publish dead letters again to their original topic (decrypted, original key and headers, marked verity-redriven-*), each at most once (admin)',
  })
  @topicParam
  @ApiZodBody(redriveRequestSchema, 'RedriveRequest')
  @ApiZodResponse(200, redriveResultSchema)
  @ApiErrors(404)
  @ApiError(503, 'Kafka did not answer in time')
  redrive(@CurrentPrincipal() p: Principal, @Param('topic') topic: string, @Body() body: unknown) {
    return this.deadLetters.redrive(topic, validate(redriveRequestSchema, body), p);
  }

  @Get('consumer-lag')
  @ApiOperation({ summary: 'Lag of the platform’s consumer groups, per topic and partition (admin)' })
  @ApiZodResponse(200, consumerLagSchema)
  consumerLag() {
    return this.lags.lag();
  }
}
