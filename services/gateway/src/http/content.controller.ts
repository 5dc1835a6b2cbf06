import { BadRequestException, Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { badRequest } from '@verity/service-runtime';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@verity/auth';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway.settings';
import { ApiAuth, ApiError, ApiErrors, ApiZodBody, ApiZodResponse } from './openapi/api-docs.decorators';
import { contentAcceptedSchema, contentBatchResultSchema } from './openapi/schemas/projects.schemas';
import { contentSchema } from './content.schemas';
import { PublishContentUseCase } from '../use-cases/publish-content.use-case';

@ApiTags('content')
@ApiAuth()
@Roles('producer')
@Controller('v1')
export class ContentController {
  constructor(
    private readonly content: PublishContentUseCase,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post('content')
  @HttpCode(202)
  @ApiOperation({ summary: 'Offer one piece of content: published on content.v1 (producer API key or admin); 413 above the text limit' })
  @ApiZodBody(contentSchema, 'ContentRequest')
  @ApiZodResponse(202, contentAcceptedSchema)
  @ApiErrors(413)
  async post(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    const [eventId] = await this.content.publish(p, [this.content.check(body)]);
    return { eventId };
  }

  @Post('content\\:batch')
  @HttpCode(202)
  @ApiOperation({ summary: 'Offer content as JSON lines (application/x-ndjson): valid lines published, faulty ones reported by line number' })
  @ApiConsumes('application/x-ndjson')
  @ApiBody({ required: true, schema: { type: 'string', description: 'one content object (as POST /v1/content) per line' } })
  @ApiZodResponse(202, contentBatchResultSchema, 'Valid lines published; faulty ones reported by line number')
  @ApiError(400, 'No line was accepted (the body also has `accepted` and `rejected`), too many lines, or not application/x-ndjson')
  @ApiErrors(413)
  async batch(@CurrentPrincipal() p: Principal, @Req() req: { body?: unknown; headers: Record<string, string | undefined> }) {
    if (typeof req.body !== 'string') {
      throw new BadRequestException('send the lines with Content-Type: application/x-ndjson');
    }
    const lines = req.body.split('\n').filter((l) => l.trim()).length;
    if (lines > this.config.CONTENT_BATCH_MAX_LINES) {
      throw badRequest([{ field: '(body)', reason: `${lines} lines; at most ${this.config.CONTENT_BATCH_MAX_LINES} per batch` }]);
    }
    const result = await this.content.publishBatch(p, req.body);
    if (result.accepted.length === 0 && result.rejected.length > 0) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'no line was accepted', ...result });
    }
    return result;
  }
}
