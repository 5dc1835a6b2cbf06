import { Controller, Get, Header, NotFoundException, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Public } from '@verity/auth';
import { OpenApiDocument } from './openapi.document';

const UI_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
};

const UI_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Verity API</title><link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script><script src="/docs/swagger-ui-standalone-preset.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });</script>
</body></html>`;

// @types/express is not installed: the part of the response used here.
interface HttpResponse {
  setHeader(name: string, value: string): unknown;
}

/** The OpenAPI document and Swagger UI: public, like any API description. */
@ApiExcludeController()
@Controller()
export class OpenApiController {
  constructor(private readonly doc: OpenApiDocument) {}

  @Public()
  @Get('openapi.json')
  openapi() {
    return this.doc.get();
  }

  @Public()
  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  ui() {
    return UI_PAGE;
  }

  @Public()
  @Get('docs/:file')
  asset(@Param('file') file: string, @Res({ passthrough: true }) res: HttpResponse) {
    const type = UI_FILES[file];
    if (!type) throw new NotFoundException('not found');
    res.setHeader('content-type', type);
    return new StreamableFile(createReadStream(path.join(path.dirname(require.resolve('swagger-ui-dist/package.json')), file)));
  }
}
