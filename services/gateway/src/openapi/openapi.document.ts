import { Injectable } from '@nestjs/common';
import { ModuleRef, NestContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_KEY, BEARER } from './api-docs.decorators';

/**
 * Builds the OpenAPI document from the controllers' decorators, once, on first request.
 * SwaggerModule.createDocument wants the application object, which Nest does not inject; what it
 * reads of it (the container, its config and HTTP adapter) is reachable from the ModuleRef.
 * (A `configure(app)` hook in runService would make this unnecessary; see the README.)
 */
@Injectable()
export class OpenApiDocument {
  private doc?: OpenAPIObject;

  constructor(private readonly moduleRef: ModuleRef) {}

  get(): OpenAPIObject {
    if (this.doc) return this.doc;
    const container = (this.moduleRef as unknown as { container: NestContainer }).container;
    const app = { container, config: container.applicationConfig, getHttpAdapter: () => container.getHttpAdapterRef() };
    const config = new DocumentBuilder()
      .setTitle('Verity gateway')
      .setDescription("Verity's public HTTP API: people, API keys, projects, versioned ontologies, content intake and the annotator API.")
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "A person's access token from POST /v1/auth/token" }, BEARER)
      .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key', description: "A machine's API key (vk_<id>_<secret>)" }, API_KEY)
      .build();
    this.doc = SwaggerModule.createDocument(app as unknown as Parameters<typeof SwaggerModule.createDocument>[0], config);
    return this.doc;
  }
}
