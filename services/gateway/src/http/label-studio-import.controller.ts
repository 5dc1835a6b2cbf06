import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@verity/auth';
import { ApiAuth, ApiError, ApiErrors, ApiZodBody, ApiZodResponse } from './openapi/api-docs.decorators';
import { labelStudioImportResultSchema } from './openapi/schemas/label-studio-import.schemas';
import { labelStudioImportSchema, MAX_IMPORT_TASKS } from './label-studio-import.schemas';
import { ImportLabelStudioUseCase } from '../use-cases/import-label-studio.use-case';

@ApiTags('imports')
@ApiAuth()
@Controller('v1/projects/:projectId/imports')
export class LabelStudioImportController {
  constructor(private readonly importLabelStudio: ImportLabelStudioUseCase) {}

  @Post('label-studio')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import a Label Studio export (PM of the project, admin): texts become content, predictions drafts, annotations human answers',
    description:
      `The config's <Choices> must match the project's published ontology (question ids, single/multiple choice, option ids), else 422 naming the question. ` +
      `At most ${MAX_IMPORT_TASKS} tasks per call (413 naming \`tasks\`). Predictions and annotations wait (parked) until the content's tasks exist; ` +
      'posting the same export again changes nothing (counted as duplicates). Faulty tasks, annotations or results are left out and listed in `errors`.',
  })
  @ApiZodBody(labelStudioImportSchema, 'LabelStudioImport')
  @ApiZodResponse(200, labelStudioImportResultSchema)
  @ApiErrors(404, 413)
  @ApiError(422, 'The config is not a Label Studio config Verity can import (the message names the tag), does not match the published ontology (names the question or option), or the project would not take the content')
  @ApiError(502, 'prelabel or assignment is unreachable or refused the imported work (the message says which; nothing after it was published: send the import again)')
  @ApiError(503, 'prelabel or assignment is not configured (PRELABEL_URL or ASSIGNMENT_URL unset)')
  @ApiError(504, 'prelabel or assignment did not answer within UPSTREAM_TIMEOUT_MS')
  import(@CurrentPrincipal() p: Principal, @Param('projectId') projectId: string, @Headers('traceparent') traceparent: string | undefined, @Body() body: unknown) {
    return this.importLabelStudio.execute(p, projectId, body, traceparent);
  }
}
